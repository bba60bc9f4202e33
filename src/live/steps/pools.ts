import { stringify } from 'yaml';
import { findDefaultPoolRemoval } from '../../checks/static/pool-checks.ts';
import { waitPodRunning } from '../../cluster/waits.ts';
import { CALICOCTL_NAMESPACE, CALICOCTL_POD, calicoctlObjects } from '../calicoctl-pod.ts';
import { type LiveState, requireKube } from '../state.ts';

const CRD_GROUP = 'crd.projectcalico.org';

/**
 * The `pools` step: a calicoctl pod matching the running Calico, the default pool removed as the
 * report did it (or, when the report shows nothing, as the lab requires — said in the detail), then
 * the submission's pools created the way students create them: `calicoctl create -f -` for
 * projectcalico.org/v3, `kubectl apply` for raw crd.projectcalico.org/v1 objects (which bypasses
 * calicoctl's validation, as it does for real). calicoctl's errors are quoted verbatim.
 */
export async function poolsStep(s: LiveState): Promise<string> {
  const kube = requireKube(s);
  const defaultName = s.rubric.expect.defaultPool;
  const pools = s.facts.pools;
  if (pools.length === 0) throw new Error('the submission has no IPPool manifest to create');
  await ensureCalicoctl(s);
  const notes: string[] = [];

  const removal = findDefaultPoolRemoval(s.facts, defaultName);
  if (removal?.how === 'kubectl delete') {
    await kube.deleteCustom(CRD_GROUP, 'v1', 'ippools', defaultName);
    s.ev.defaultPoolRemoval = { by: 'report', how: removal.message };
    notes.push(`deleted ${defaultName} with kubectl (as the report does)`);
  } else if (removal?.how === 'patch disabled') {
    await calicoctl(s, ['patch', 'ippool', defaultName, '-p', '{"spec":{"disabled":true}}']);
    s.ev.defaultPoolRemoval = { by: 'report', how: removal.message };
    notes.push(`disabled ${defaultName} (as the report does)`);
  } else if (removal?.how === 'manifest') {
    s.ev.defaultPoolRemoval = { by: 'manifest', how: removal.message };
    notes.push(`${defaultName} redefined by the submission's manifest`);
  } else {
    await calicoctl(s, ['delete', 'ippool', defaultName], { allowNotFound: true });
    s.ev.defaultPoolRemoval = removal
      ? { by: 'report', how: removal.message }
      : { by: 'grader', how: `calicoctl delete ippool ${defaultName}, as the lab requires` };
    notes.push(
      removal
        ? `deleted ${defaultName} with calicoctl (as the report does)`
        : `deleted ${defaultName} with calicoctl: the report shows no removal, the lab requires it`,
    );
  }

  const v3 = pools.filter((p) => p.pool.apiVersion !== `${CRD_GROUP}/v1`);
  const crd = pools.filter((p) => p.pool.apiVersion === `${CRD_GROUP}/v1`);
  const redefinesDefault = v3.filter((p) => p.pool.name === defaultName);
  const fresh = v3.filter((p) => p.pool.name !== defaultName);
  if (redefinesDefault.length)
    await calicoctl(s, ['apply', '-f', '-'], { stdin: toYaml(redefinesDefault.map((p) => p.object.body)) });
  if (fresh.length) {
    const out = await calicoctl(s, ['create', '-f', '-'], { stdin: toYaml(fresh.map((p) => p.object.body)) });
    notes.push(`calicoctl create: ${out.trim().split('\n').at(-1)}`);
  }
  for (const p of crd) {
    await kube.apply(p.object.body as Record<string, unknown>);
    notes.push(`kubectl apply ${p.pool.name} (crd.projectcalico.org/v1: no calicoctl validation)`);
  }
  return notes.join('; ');
}

async function ensureCalicoctl(s: LiveState): Promise<void> {
  const kube = requireKube(s);
  const version = s.calicoVersion ?? 'v3.28.1';
  for (const obj of calicoctlObjects(version)) await kube.apply(obj);
  await waitPodRunning(kube, CALICOCTL_NAMESPACE, CALICOCTL_POD, s.timeouts.calicoctl);
}

/** Runs calicoctl in its pod; a non-zero exit throws with calicoctl's own output. */
export async function calicoctl(
  s: LiveState,
  args: string[],
  opts: { stdin?: string; allowNotFound?: boolean } = {},
): Promise<string> {
  const kube = requireKube(s);
  const r = await kube.exec(CALICOCTL_NAMESPACE, CALICOCTL_POD, CALICOCTL_POD, ['calicoctl', ...args], {
    stdin: opts.stdin,
    timeoutMs: s.timeouts.probe,
  });
  const out = `${r.stdout}${r.stderr}`;
  if (r.exitCode !== 0 && !(opts.allowNotFound && /not found|does not exist/i.test(out)))
    throw new Error(
      `calicoctl ${args.join(' ')} ${r.exitCode === null ? `failed (${r.failure ?? 'timed out'})` : `exited ${r.exitCode}`}: ${out.trim()}`,
    );
  return out;
}

function toYaml(bodies: unknown[]): string {
  return bodies.map((b) => stringify(b)).join('---\n');
}
