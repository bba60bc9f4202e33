import { cidrContains, cidrsOverlap, parseCidr } from '../../calico/cidr.ts';
import { parseSelector } from '../../calico/selector.ts';
import type { Evidence, EvidencePool } from '../../evidence/schema.ts';
import { STEP } from '../../evidence/schema.ts';
import { POD_CIDR } from '../../minikube/network.ts';
import { fail, listWords, pass } from '../static/outcome.ts';
import type { CheckOutcome } from '../types.ts';
import { ipamTypeOf, type LiveContext, stepOf } from './context.ts';
import { assembleDiagnostics } from './diagnostics.ts';
import { BASE, blockedBy, notRun, refusalSummary } from './gate.ts';

export function labelsAppliedCheck(ctx: LiveContext): CheckOutcome {
  const blocked = blockedBy(ctx, BASE) ?? notRun(ctx, STEP.labels);
  if (blocked) return blocked;
  const { e } = ctx;
  const step = stepOf(e, STEP.labels);
  const evidence = { source: e.labelsSource, applied: e.labelsApplied };
  const refusedLabels = (e.refusals ?? []).filter((r) => r.step === 'labels');
  if (step && step.status === 'failed' && refusedLabels.length) {
    return fail(
      `the grader refused the report's node labels, so none was set: ${refusedLabels.map((r) => `${r.object} [${r.rule}]: ${r.message}`).join('; ')}`,
      'Label the nodes with a key of your own (`kubectl label nodes minikube rack=0`): keys under kubernetes.io, k8s.io and projectcalico.org belong to the cluster.',
      { ...evidence, refusals: refusedLabels },
    );
  }
  if (step && step.status === 'failed') {
    return fail(
      `labelling the nodes failed${step.error ? `: ${step.error}` : ''}`,
      "Use `kubectl label nodes NODE rack=VALUE` with the cluster's node names (`kubectl get nodes`); add `--overwrite` to change an existing label.",
      evidence,
    );
  }
  if (e.labelsApplied.length === 0) {
    return fail(
      "no rack label was applied: the report shows no `kubectl label nodes` command and none could be inferred from the pools' selectors",
      'Label each node with its rack (`kubectl label nodes minikube rack=0`, `kubectl label nodes minikube-m02 rack=1`) and show the commands in the report.',
      evidence,
    );
  }
  const problems: string[] = [];
  for (const l of e.labelsApplied) {
    const node = ctx.nodes.get(l.node);
    if (!node)
      problems.push(
        `${l.key}=${l.value} was meant for ${l.node}, which is not a node of the cluster (${listWords(e.nodes.map((n) => n.name))})`,
      );
    else if (node.labels[l.key] !== l.value)
      problems.push(
        `${l.node} has ${l.key in node.labels ? `${l.key}=${node.labels[l.key]}` : `no ${l.key} label`}, expected ${l.key}=${l.value}`,
      );
  }
  const keys = [...new Set(e.labelsApplied.map((l) => l.key))];
  const reported = new Set(e.labelsApplied.map((l) => l.node));
  for (const n of e.nodes)
    if (!reported.has(n.name) && !keys.some((k) => k in n.labels))
      problems.push(`${n.name} has no rack label (${listWords(keys)})`);
  if (problems.length)
    return fail(
      problems.join('; '),
      'Label every node with its rack, using the node names `kubectl get nodes` prints.',
      evidence,
    );
  const shown = e.nodes.map(
    (n) =>
      `${n.name} ${keys
        .filter((k) => k in n.labels)
        .map((k) => `${k}=${n.labels[k]}`)
        .join(',')}`,
  );
  const source =
    e.labelsSource === 'report'
      ? "from the report's `kubectl label` commands"
      : "inferred from the pools' selectors, because the report shows no `kubectl label` command";
  return pass(`${listWords(shown)} (${source})`, evidence);
}

const canonicalCidr = (c: string) => parseCidr(c)?.canonical ?? c;
const canonicalSelector = (s: string) => {
  const parsed = parseSelector(s);
  return parsed.ok ? parsed.canonical : s.trim();
};

export function poolsAppliedCheck(ctx: LiveContext): CheckOutcome {
  const blocked = blockedBy(ctx, BASE) ?? notRun(ctx, STEP.pools);
  if (blocked) return blocked;
  const { e } = ctx;
  const step = stepOf(e, STEP.pools);
  const evidence = {
    pools: ctx.rackPools.map((p) => ({
      name: p.name,
      cidr: p.cidr,
      nodeSelector: p.nodeSelector,
      selects: ctx.poolNodes.get(p.name),
    })),
    expected: ctx.expectedPools,
  };
  const diag = () => assembleDiagnostics(e, ['pools', 'ipam']);
  if (step?.status === 'failed' && (e.refusals ?? []).length) {
    const own = (e.refusals ?? []).filter((r) => r.step === 'pools');
    return fail(
      own.length
        ? `the grader refused the submission's pools, so none was created: ${own.map((r) => `${r.object} [${r.rule}]: ${r.message}`).join('; ')}`
        : `no pool was created: ${step.error ?? ''}`,
      own.length
        ? 'Give each rack a private range of its own, /8 or narrower, outside the node network (192.168.49.0/24 on minikube) and the service CIDR 10.96.0.0/12, that calicoctl accepts (see pools.cidr-valid and pools.no-overlap); a pool that exists already is never replaced.'
        : 'Fix what labels.applied lists as refused: after a refusal the grader applies nothing more of the submission.',
      { ...evidence, refusals: own.length ? own : e.refusals },
    );
  }
  if (step?.status === 'failed') {
    return {
      ...fail(
        `creating the pools failed${step.error ? `: ${step.error}` : ''}`,
        'Run your pool commands by hand (`calicoctl create -f ippool.yaml`) and fix what calicoctl rejects; see pools.cidr-valid and pools.selectors-valid.',
        evidence,
      ),
      diagnostics: diag(),
    };
  }
  const problems: string[] = [];
  const hints: string[] = [];
  const byName = new Map(e.pools.map((p) => [p.name, p]));
  for (const want of ctx.expectedPools ?? []) {
    const got = byName.get(want.name);
    if (!got) problems.push(`${want.name} (${want.cidr}) is not on the cluster`);
    else if (got.disabled) problems.push(`${want.name} is disabled on the cluster`);
    else {
      if (canonicalCidr(got.cidr) !== canonicalCidr(want.cidr))
        problems.push(`${want.name} has cidr ${got.cidr} on the cluster, ${want.cidr} in the submission`);
      if (canonicalSelector(got.nodeSelector) !== canonicalSelector(want.nodeSelector))
        problems.push(
          `${want.name} selects \`${got.nodeSelector}\` on the cluster, \`${want.nodeSelector}\` in the submission`,
        );
    }
  }
  const minPools = ctx.rubric.expect.minPools;
  if (ctx.rackPools.length < minPools)
    problems.push(
      `${ctx.rackPools.length} enabled rack pool(s) on the cluster${ctx.rackPools.length ? ` (${listWords(ctx.rackPools.map((p) => p.name))})` : ''}, the lab needs ${minPools}`,
    );
  for (const [name, error] of ctx.badSelectors)
    problems.push(`${name}'s nodeSelector does not parse: ${error}`);
  for (const p of ctx.rackPools) {
    if (ctx.badSelectors.has(p.name)) continue;
    const nodes = ctx.poolNodes.get(p.name) ?? [];
    if (nodes.length === 0) {
      problems.push(`${p.name} (\`${p.nodeSelector}\`) selects no node`);
      hints.push(
        `Label a node so that ${p.name}'s selector \`${p.nodeSelector}\` matches it (labels.applied shows the labels).`,
      );
    }
  }
  for (const n of e.nodes) {
    const by = ctx.rackPools.filter((p) => ctx.poolNodes.get(p.name)?.includes(n.name));
    if (by.length === 0 && ctx.rackPools.length > 0) problems.push(`no rack pool selects ${n.name}`);
    if (by.length > 1)
      problems.push(`${n.name} is selected by ${by.length} pools (${listWords(by.map((p) => p.name))})`);
  }
  if (problems.length) {
    return {
      ...fail(
        problems.join('; '),
        hints.join(' ') ||
          'Create one IPPool per rack (`calicoctl create -f ippool.yaml`), each with a nodeSelector that matches exactly one labelled node.',
        evidence,
      ),
      diagnostics: diag(),
    };
  }
  const pairs = ctx.rackPools.map(
    (p) => `${p.name} ${p.cidr} → ${listWords(ctx.poolNodes.get(p.name) ?? [])}`,
  );
  return pass(listWords(pairs), evidence);
}

/** Does Calico IPAM still use this pool? (`disabled`, or `!all()` keeps it out: docs/reference-facts.md, calico-ippool §1, §7.) */
export function poolInUse(p: EvidencePool): boolean {
  return !p.disabled && p.nodeSelector.replace(/\s/g, '') !== '!all()';
}

/** Where an app pod's IP came from, if it is the default pool's range; undefined otherwise. */
export function defaultPoolSource(
  ctx: LiveContext,
  ip: string,
  node: string | undefined,
): string | undefined {
  const { e } = ctx;
  if (e.pools.some((p) => p.name !== ctx.defaultPool && cidrContains(p.cidr, ip))) return undefined;
  const def = e.pools.find((p) => p.name === ctx.defaultPool);
  if (def) return cidrContains(def.cidr, ip) ? `${ctx.defaultPool} ${def.cidr}` : undefined;
  const block = e.ipamBlocks.find((b) => cidrContains(b.cidr, ip));
  if (block)
    return orphanBlock(e, block.cidr)
      ? `block ${block.cidr}, left from the deleted ${ctx.defaultPool}`
      : undefined;
  // No block recorded: with calico-ipam an address in minikube's pod CIDR can only be the default pool's.
  if (node && ipamTypeOf(ctx, node) === 'host-local') return undefined;
  return cidrContains(POD_CIDR, ip) ? `${POD_CIDR}, the default pool's range` : undefined;
}

/** The pools step refused (or was stopped) before it touched the default pool: nothing to judge. */
function refusedBeforePools(ctx: LiveContext): CheckOutcome | undefined {
  const step = stepOf(ctx.e, STEP.pools);
  const refused = refusalSummary(ctx);
  if (step?.status !== 'failed' || !refused || ctx.e.defaultPoolRemoval) return undefined;
  return {
    status: 'skip',
    message: `${refused.text} before the default pool was touched (see ${refused.see.join(', ')})`,
    hint: `Fix what ${refused.see.join(' and ')} ${refused.see.length > 1 ? 'list' : 'lists'} as refused; then the default pool's removal is graded.`,
    evidence: { refused: true },
  };
}

function orphanBlock(e: Evidence, cidr: string): boolean {
  return !e.pools.some((p) => cidrsOverlap(p.cidr, cidr));
}

export function defaultRemovedCheck(ctx: LiveContext): CheckOutcome {
  const blocked = blockedBy(ctx, BASE) ?? notRun(ctx, STEP.pools) ?? refusedBeforePools(ctx);
  if (blocked) return blocked;
  const { e } = ctx;
  const name = ctx.defaultPool;
  const def = e.pools.find((p) => p.name === name);
  const fromDefault = e.pods
    .filter((p) => p.ip)
    .map((p) => ({
      pod: p.name,
      node: p.node,
      ip: p.ip as string,
      source: defaultPoolSource(ctx, p.ip as string, p.node),
    }))
    .filter((x) => x.source);
  const evidence = {
    defaultPool: def ? { cidr: def.cidr, disabled: def.disabled, nodeSelector: def.nodeSelector } : null,
    podsFromDefault: fromDefault,
  };
  const problems: string[] = [];
  if (def && poolInUse(def)) problems.push(`${name} (${def.cidr}) is still enabled on the cluster`);
  if (fromDefault.length)
    problems.push(
      `${fromDefault.length} app pod(s) still have addresses from it: ${fromDefault.map((x) => `${x.pod} ${x.ip} (${x.source})`).join(', ')}`,
    );
  if (problems.length) {
    const hint =
      def && poolInUse(def)
        ? `Run \`calicoctl delete ippool ${name}\` (or set \`disabled: true\`) before creating your pools; then recreate the pods (\`kubectl rollout restart deployment/${e.deployment?.name ?? 'NAME'}\`) — Calico never re-addresses running pods.`
        : `Recreate the pods after the pools are in place (\`kubectl rollout restart deployment/${e.deployment?.name ?? 'NAME'}\`): Calico never re-addresses running pods.`;
    return {
      ...fail(problems.join('; '), hint, evidence),
      diagnostics: assembleDiagnostics(e, ['pools', 'ipam']),
    };
  }
  if (e.defaultPoolRemoval?.by === 'grader') {
    // The cluster is right only because the grader did the step: the submission does not show it.
    return fail(
      `${name} is gone from the cluster only because the grader deleted it (${e.defaultPoolRemoval.how}): the report shows no command that deletes or disables it`,
      `Show the command you ran in the report, e.g. \`calicoctl delete ippool ${name}\` — without it Calico keeps giving pods addresses from ${name}.`,
      { ...evidence, removal: e.defaultPoolRemoval, notShown: true },
    );
  }
  const state = def ? `${name} is on the cluster but disabled` : `${name} is not on the cluster`;
  const withIp = e.pods.filter((p) => p.ip).length;
  const pods = withIp
    ? `, and none of the ${withIp} app pods has an address from it`
    : ' (pod addresses not checked: no app pod has an IP)';
  return { status: 'pass', message: `${state}${pods}`, evidence };
}
