import { cidrContains } from '../../calico/cidr.ts';
import type { EvidencePod } from '../../evidence/schema.ts';
import { STEP } from '../../evidence/schema.ts';
import { fail, listWords, pass } from '../static/outcome.ts';
import type { CheckOutcome } from '../types.ts';
import {
  ipamTypeOf,
  type LiveContext,
  podState,
  podWhere,
  poolsHolding,
  poolsReadyAt,
  poolsSelecting,
  rackLabel,
  rackOf,
  seconds,
  stepOf,
} from './context.ts';
import { assembleDiagnostics } from './diagnostics.ts';
import { APP, BASE, blockedBy, notRun } from './gate.ts';
import { defaultPoolSource, poolInUse } from './pool-checks.ts';

export function rolledOutCheck(ctx: LiveContext): CheckOutcome {
  // A failed deploy is this check's failure, before the rollout it left skipped.
  const blocked = blockedBy(ctx, BASE) ?? notRun(ctx, STEP.deploy);
  if (blocked) return blocked;
  const { e } = ctx;
  const deploy = stepOf(e, STEP.deploy);
  if (deploy?.status === 'failed') return deployFailed(ctx, deploy.error ?? '');
  const rollout = notRun(ctx, STEP.rollout);
  if (rollout) return rollout;
  const d = e.deployment;
  if (!d) {
    return fail(
      'no Deployment on the cluster after applying the manifests',
      `Commit a Deployment (kind: Deployment, apps/v1) running ${ctx.rubric.expect.image}.`,
    );
  }
  const evidence = {
    name: d.name,
    replicas: d.replicas,
    readyReplicas: d.readyReplicas,
    availableReplicas: d.availableReplicas,
    updatedReplicas: d.updatedReplicas,
    waitedMs: d.waitedMs,
    pods: e.pods.map((p) => ({ name: p.name, node: p.node, state: podState(p) })),
  };
  if (d.rolledOut && d.readyReplicas >= d.replicas)
    return pass(
      `${d.name} rolled out: ${d.readyReplicas}/${d.replicas} ready and available after ${seconds(d.waitedMs)}`,
      evidence,
    );
  if (d.readyReplicas >= d.replicas && d.lastSeen) {
    // The pods are Ready, but the app (no readinessProbe) never answered: it is still building or broken.
    return {
      ...fail(
        `${d.name} has ${d.readyReplicas}/${d.replicas} pods ready, but the app did not answer on port ${ctx.rubric.expect.appPort} within ${seconds(d.waitedMs)}: ${d.lastSeen}`,
        'The app builds its bundle when it starts (about a minute) and only then listens on port 3000: check `kubectl logs` for `Server started on port 3000` and for build errors.',
        evidence,
      ),
      diagnostics: assembleDiagnostics(e, ['pods', 'events']),
    };
  }
  const falseConds = d.conditions
    .filter((c) => c.status !== 'True')
    .map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`);
  const pods = e.pods.length
    ? e.pods.map((p) => `${p.name} ${podState(p)}${podWhere(p)}`).join(', ')
    : 'no pods were created';
  const message =
    `${d.name} did not roll out within ${seconds(d.waitedMs)}: ${d.readyReplicas}/${d.replicas} ready, ` +
    `${d.updatedReplicas} updated, ${d.availableReplicas} available` +
    `${falseConds.length ? `; ${falseConds.join(', ')}` : ''}; pods: ${pods}`;
  return {
    ...fail(message, rolloutHint(ctx, e.pods), evidence),
    diagnostics: assembleDiagnostics(e, ['pods', 'events', 'calico-nodes', 'calico-node-log', 'cni-configs']),
  };
}

/** The deploy step failed: refused by the apply policy, stopped by an earlier refusal, or rejected. */
function deployFailed(ctx: LiveContext, error: string): CheckOutcome {
  const refused = (ctx.e.refusals ?? []).filter((r) => r.step === 'deploy');
  if (refused.length)
    return fail(
      `the grader refused to apply the submission, so nothing of it was created: ${refused.map((r) => `${r.object} [${r.rule}]: ${r.message}`).join('; ')}`,
      'Remove or fix each refused object: only the lab\'s kinds and image, in the grading namespace (no metadata.namespace), as the default service account, within the rubric\'s replicas and resources, and nothing Pod Security "baseline" forbids (README "Apply policy").',
      { refusals: refused },
    );
  if ((ctx.e.refusals ?? []).length)
    return fail(
      `nothing was deployed: ${error}`,
      'Fix what labels.applied or pools.applied lists as refused: after a refusal the grader applies nothing more of the submission.',
      { refusals: ctx.e.refusals },
    );
  return fail(
    `applying the manifests failed${error ? `: ${error}` : ''}`,
    'Run `kubectl create -f` on your Deployment and Service and fix what the API server rejects.',
    { error },
  );
}

/** The most likely fix, from what the pods wait on and what the events say. */
function rolloutHint(ctx: LiveContext, pods: EvidencePod[]): string {
  const reasons = new Set(
    pods.flatMap((p) => [p.waitingReason, ...p.containerStatuses.map((c) => c.reason)]).filter(Boolean),
  );
  const events = ctx.e.diagnostics.events ?? '';
  if (['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName'].some((r) => reasons.has(r)))
    return `The image cannot be pulled: use exactly \`${ctx.rubric.expect.image}\` and check that the nodes reach Docker Hub.`;
  if (reasons.has('CrashLoopBackOff'))
    return 'The container keeps crashing: read `kubectl logs POD --previous`; the app needs about 512Mi of memory for its build at start.';
  const noPool = /no configured Calico pools for node (\S+)/.exec(events);
  if (noPool)
    return `Calico found no pool for node ${noPool[1]}: label the node so that one pool's nodeSelector matches it (see pools.applied), then delete the stuck pods.`;
  if (/check that the calico\/node container is running/.test(events))
    return 'The CNI plugin cannot reach calico-node on the node: fix Calico first (see cluster.calico-healthy), then delete the stuck pods.';
  if (reasons.has('ContainerCreating'))
    return 'The pods wait for their network: the CNI could not give them an address. Check that calico-node is Ready on every node and that a pool selects each node; the events below say why.';
  if (pods.some((p) => !p.node))
    return 'The pods are not scheduled: check that the nodes are Ready and untainted and that the resource requests fit.';
  return 'See the pod states and events below; `kubectl describe pod` shows the same.';
}

/** "rack=0, pool rack-0-ippool" */
function rackText(ctx: LiveContext, node: string): string {
  const label = rackLabel(ctx, node);
  const pool = poolsSelecting(ctx, node)[0]?.name;
  return [label || 'no rack label', pool ? `pool ${pool}` : 'no pool'].join(', ');
}

export function spreadAcrossRacksCheck(ctx: LiveContext): CheckOutcome {
  const blocked = blockedBy(ctx, APP);
  if (blocked) return blocked;
  const { e } = ctx;
  const pods = e.pods.filter((p) => p.node);
  if (pods.length === 0) return fail('no app pod is scheduled on a node', 'See deployment.rolled-out.');
  if (ctx.rackKeys.length === 0 && ctx.rackPools.length === 0)
    return {
      status: 'skip',
      message: `cannot check: the nodes carry no rack label and no rack pool exists, so racks cannot be told apart (pods on ${listWords(pods.map((p) => p.node as string))}; see labels.applied)`,
    };
  const allRacks = new Map<string, string[]>();
  for (const n of e.nodes.filter((x) => x.ready))
    allRacks.set(rackOf(ctx, n.name), [...(allRacks.get(rackOf(ctx, n.name)) ?? []), n.name]);
  const podRacks = new Map<string, EvidencePod[]>();
  for (const p of pods) {
    const rack = rackOf(ctx, p.node as string);
    podRacks.set(rack, [...(podRacks.get(rack) ?? []), p]);
  }
  const placed = pods.map((p) => `${p.name} on ${p.node} (${rackText(ctx, p.node as string)})`);
  const evidence = {
    pods: pods.map((p) => ({ pod: p.name, node: p.node, rack: rackOf(ctx, p.node as string) })),
    racks: Object.fromEntries(allRacks),
  };
  const empty = [...allRacks.keys()].filter((r) => !podRacks.has(r));
  const want = Math.min(allRacks.size, pods.length);
  if (podRacks.size < want || (allRacks.size <= 1 && e.nodes.length > 1)) {
    const where = empty.length
      ? `; ${listWords(empty.map((r) => `${r} (${listWords(allRacks.get(r) ?? [])})`))} has no pod`
      : '';
    const oneRack =
      allRacks.size <= 1 ? '; every node is in the same rack, so the racks cannot be told apart' : '';
    return fail(
      `${listWords(placed)}${where}${oneRack}`,
      allRacks.size <= 1
        ? 'Give each node its own rack label and pool (see labels.applied and pools.applied).'
        : 'The scheduler spreads replicas but does not promise it: add a `topologySpreadConstraints` on the rack label (or a podAntiAffinity on kubernetes.io/hostname), and check that every node is Ready and untainted.',
      evidence,
    );
  }
  return pass(listWords(placed), evidence);
}

interface Misplaced {
  pod: string;
  node: string;
  ip: string;
  rack: string;
  expected: { name: string; cidr: string }[];
  /** What the IP belongs to instead. */
  actual?: string;
}

export function ipInRackPoolCheck(ctx: LiveContext): CheckOutcome {
  const blocked = blockedBy(ctx, APP);
  if (blocked) return blocked;
  const { e } = ctx;
  if (ctx.rackPools.length === 0)
    return {
      status: 'skip',
      message: 'cannot check: no enabled rack pool on the cluster (see pools.applied)',
      evidence: { pools: e.pools.map((p) => p.name) },
    };
  const withIp = e.pods.filter((p) => p.ip && p.node);
  if (withIp.length === 0) {
    return {
      status: 'skip',
      message: `cannot check: no app pod has an IP (${e.pods.map((p) => `${p.name} ${podState(p)}${podWhere(p)}`).join(', ') || 'no pods'}); see deployment.rolled-out`,
    };
  }
  const good: string[] = [];
  const bad: Misplaced[] = [];
  for (const p of withIp) {
    const node = p.node as string;
    const ip = p.ip as string;
    const expected = poolsSelecting(ctx, node);
    const home = expected.find((pool) => cidrContains(pool.cidr, ip));
    if (home) good.push(`${p.name} ${ip} in ${home.name} ${home.cidr} (${node})`);
    else
      bad.push({
        pod: p.name,
        node,
        ip,
        rack: rackLabel(ctx, node),
        expected: expected.map((x) => ({ name: x.name, cidr: x.cidr })),
        actual: whereIpIs(ctx, ip, node),
      });
  }
  const evidence = { inPool: good, outside: bad };
  if (bad.length === 0) return pass(`every pod's IP is in its rack's pool: ${listWords(good)}`, evidence);
  const lines = bad.map((b) => {
    const want = b.expected.length
      ? listWords(b.expected.map((x) => `${x.name} ${x.cidr}`))
      : 'no pool (none selects this node)';
    return `${b.pod} on ${b.node} (${b.rack || 'no rack label'}): IP ${b.ip}, expected ${want}${b.actual ? `; ${b.actual}` : ''}`;
  });
  const causes = likelyCauses(ctx, bad, withIp);
  const message =
    `${bad.length} of ${withIp.length} pods have an IP outside their rack's pool: ${lines.join(' | ')}. ` +
    `Likely cause: ${causes.map((c) => c.what).join('; also ')}`;
  return {
    ...fail(message, causes.map((c) => c.fix).join(' '), { ...evidence, causes: causes.map((c) => c.id) }),
    diagnostics: assembleDiagnostics(
      e,
      ['pods', 'cni-configs', 'ipam', 'pools', 'calico-node-log'],
      bad.map((b) => b.pod),
    ),
  };
}

/** What an out-of-pool IP belongs to: another pool, an IPAM block, or the node's podCIDR. */
function whereIpIs(ctx: LiveContext, ip: string, node: string): string | undefined {
  const pools = poolsHolding(ctx.e, ip);
  if (pools.length) {
    const p = pools[0]!;
    const sel = ctx.poolNodes.get(p.name);
    const selects =
      p.name === ctx.defaultPool
        ? ''
        : sel
          ? `, which selects ${sel.length ? listWords(sel) : 'no node'}`
          : '';
    return `the IP is in ${p.name} ${p.cidr}${p.disabled ? ' (disabled)' : ''}${selects}`;
  }
  const block = ctx.e.ipamBlocks.find((b) => cidrContains(b.cidr, ip));
  if (block) return `the IP is in IPAM block ${block.cidr}, which belongs to no pool on the cluster`;
  const podCIDR = ctx.nodes.get(node)?.podCIDR;
  if (podCIDR && cidrContains(podCIDR, ip)) return `the IP is in ${node}'s podCIDR ${podCIDR}`;
  return undefined;
}

interface Cause {
  id:
    | 'host-local-ipam'
    | 'default-pool'
    | 'pods-before-pools'
    | 'no-pool-for-node'
    | 'wrong-rack-pool'
    | 'unknown';
  what: string;
  fix: string;
}

/** The causes the evidence points to, strongest first. */
function likelyCauses(ctx: LiveContext, bad: Misplaced[], pods: EvidencePod[]): Cause[] {
  const { e } = ctx;
  const causes: Cause[] = [];
  const hostLocal = [...new Set(bad.map((b) => b.node))].filter((n) => ipamTypeOf(ctx, n) === 'host-local');
  if (hostLocal.length) {
    const cidrs = hostLocal.map((n) => `${n} ${ctx.nodes.get(n)?.podCIDR ?? '(podCIDR unknown)'}`);
    causes.push({
      id: 'host-local-ipam',
      what: `the CNI config (10-calico.conflist) on ${listWords(hostLocal)} uses IPAM type host-local, so pods get addresses from the node's podCIDR (${listWords(cidrs)}) and Calico's pools are ignored`,
      fix: 'Use a Calico install whose CNI config has `"ipam": {"type": "calico-ipam"}`: recreate the cluster with `minikube start --cni calico` (the bundled manifest) instead of applying a host-local calico.yaml; then recreate the pods.',
    });
  }
  const def = e.pools.find((p) => p.name === ctx.defaultPool);
  const fromDefault = bad.filter((b) => defaultPoolSource(ctx, b.ip, b.node));
  if (def && poolInUse(def) && fromDefault.length) {
    causes.push({
      id: 'default-pool',
      what: `${ctx.defaultPool} (${def.cidr}) is still enabled and ${listWords(fromDefault.map((b) => b.pod))} got ${fromDefault.length > 1 ? 'their addresses' : 'its address'} from it (Calico keeps using a node's existing block in a pool that still selects it)`,
      fix: `Delete the default pool (\`calicoctl delete ippool ${ctx.defaultPool}\`) or set \`disabled: true\` on it, then recreate the pods (\`kubectl rollout restart deployment/${e.deployment?.name ?? 'NAME'}\`).`,
    });
  }
  const readyAt = poolsReadyAt(ctx);
  const early =
    readyAt === undefined
      ? []
      : bad.filter((b) => Date.parse(pods.find((p) => p.name === b.pod)?.createdAt ?? '') < readyAt);
  if (early.length && readyAt !== undefined) {
    const created = early.map((b) => `${b.pod} at ${pods.find((p) => p.name === b.pod)?.createdAt}`);
    causes.push({
      id: 'pods-before-pools',
      what: `the pods were created before the pools were set up (${listWords(created)}; pools ready at ${new Date(readyAt).toISOString()}), and Calico never re-addresses running pods`,
      fix: `Recreate the pods after creating the pools: \`kubectl rollout restart deployment/${e.deployment?.name ?? 'NAME'}\` (or delete them).`,
    });
  }
  if (!causes.length && fromDefault.length) {
    causes.push({
      id: 'default-pool',
      what: `${listWords(fromDefault.map((b) => `${b.pod} ${b.ip}`))} still hold${fromDefault.length > 1 ? '' : 's'} an address from the deleted ${ctx.defaultPool}'s blocks`,
      fix: `Recreate the pods after the default pool is gone (\`kubectl rollout restart deployment/${e.deployment?.name ?? 'NAME'}\`).`,
    });
  }
  const orphanNodes = bad.filter((b) => b.expected.length === 0);
  if (orphanNodes.length) {
    causes.push({
      id: 'no-pool-for-node',
      what: `no rack pool selects ${listWords([...new Set(orphanNodes.map((b) => `${b.node} (${b.rack || 'no rack label'})`))])}`,
      fix: "Make each node's rack label match exactly one pool's nodeSelector (see labels.applied and pools.applied).",
    });
  }
  const otherRack = bad.filter(
    (b) =>
      b.expected.length &&
      poolsHolding(e, b.ip).some((p) => p.name !== ctx.defaultPool && ctx.rackPools.includes(p)),
  );
  if (otherRack.length) {
    causes.push({
      id: 'wrong-rack-pool',
      what: `${listWords(otherRack.map((b) => b.pod))} got an address from another rack's pool (a \`cni.projectcalico.org/ipv4pools\` annotation names pools regardless of their nodeSelector, or the pod predates a label change)`,
      fix: 'Remove any ipv4pools annotation from the pod template and recreate the pods.',
    });
  }
  if (!causes.length) {
    causes.push({
      id: 'unknown',
      what: 'the evidence does not show why; compare the CNI config, the IPAM blocks and the pools below',
      fix: 'Check `calicoctl ipam show --show-blocks` and `/etc/cni/net.d/10-calico.conflist` on each node, then recreate the pods.',
    });
  }
  return causes;
}
