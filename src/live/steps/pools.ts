import { createHash } from 'node:crypto';
import type { KubernetesObject } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { findDefaultPoolRemoval } from '../../checks/static/pool-checks.ts';
import { waitPodRunning } from '../../cluster/waits.ts';
import { BUNDLED_CALICO_VERSION } from '../../minikube/versions.ts';
import {
  CALICOCTL_NAMESPACE,
  CALICOCTL_POD,
  calicoctlObjects,
  mountsPools,
  POOLS_CONFIGMAP,
  POOLS_DIR,
  poolsConfigMap,
} from '../calicoctl-pod.ts';
import { createObject, refOf } from '../create.ts';
import { type ClusterFacts, planPools } from '../policy.ts';
import { refuse, stopAfterRefusal } from '../refusal.ts';
import { type LiveState, requireKube } from '../state.ts';

const CRD_GROUP = 'crd.projectcalico.org';

/**
 * The `pools` step. First the apply policy (README "Apply policy"): every pool, of either API, is
 * validated as calicoctl would and refused when it is too wide, special, overlaps the node network,
 * the service CIDR or another pool, or already exists — then nothing at all is done. Otherwise: a
 * calicoctl pod matching the running Calico; the default pool removed as the report did it (or,
 * when the report shows nothing, as the lab requires — said in the detail); then the submission's
 * pools created the way students create them: `calicoctl create -f FILE` for projectcalico.org/v3, a
 * create through the API for raw crd.projectcalico.org/v1 objects. calicoctl's errors are quoted
 * verbatim. Nothing that existed is patched, except the default pool's disabling.
 *
 * The file reaches calicoctl through a ConfigMap mounted at /pools, never through exec stdin: stdin
 * can be closed only over v5.channel.k8s.io, which API servers below Kubernetes 1.30 do not offer,
 * and there client-node's exec ends without an exit status (docs/reference-facts.md,
 * kube-api-emulation, "kubectl exec"). Every exec here needs no stdin.
 */
export async function poolsStep(s: LiveState): Promise<string> {
  const kube = requireKube(s);
  const defaultName = s.rubric.expect.defaultPool;
  if (s.facts.pools.length === 0) throw new Error('the submission has no IPPool manifest to create');
  stopAfterRefusal(s, 'pools');
  const plan = planPools(s.facts, s.rubric, await clusterFacts(s));
  if (plan.refusals.length) refuse(s, 'pools', plan.refusals);
  const notes: string[] = [];
  const v3 = plan.create.filter((p) => p.pool.apiVersion !== `${CRD_GROUP}/v1`);
  const crd = plan.create.filter((p) => p.pool.apiVersion === `${CRD_GROUP}/v1`);
  const file = v3.length ? poolsFile(v3.map((p) => p.object.body)) : undefined;
  notes.push(await ensureCalicoctl(s, file));

  const removal = findDefaultPoolRemoval(s.facts, defaultName);
  if (removal?.how === 'kubectl delete') {
    await kube.deleteCustom(CRD_GROUP, 'v1', 'ippools', defaultName);
    s.ev.defaultPoolRemoval = { by: 'report', how: removal.message };
    notes.push(`deleted ${defaultName} with kubectl (as the report does)`);
  } else if (removal?.how === 'patch disabled') {
    const patch = removal.patch ?? '{"spec":{"disabled":true}}';
    await calicoctl(s, ['patch', 'ippool', defaultName, '-p', patch]);
    s.ev.defaultPoolRemoval = { by: 'report', how: removal.message };
    notes.push(`patched ${defaultName} with ${patch} (as the report does)`);
  } else if (removal?.how === 'manifest' && plan.disableDefault) {
    const patch = JSON.stringify(plan.disableDefault.patch);
    await calicoctl(s, ['patch', 'ippool', defaultName, '-p', patch]);
    s.ev.defaultPoolRemoval = { by: 'manifest', how: removal.message };
    notes.push(
      `${defaultName} disabled as the submission's manifest redefines it (calicoctl patch ${patch})`,
    );
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

  if (file) {
    const out = await createFromFile(s, `${POOLS_DIR}/${file.name}`);
    notes.push(`calicoctl create -f ${POOLS_DIR}/${file.name}: ${out.trim().split('\n').at(-1)}`);
  }
  for (const p of crd) {
    const r = await createObject(kube, p.object.body as Record<string, unknown>);
    if (!r.ok)
      throw new Error(`creating IPPool ${p.pool.name} (crd.projectcalico.org/v1) failed: ${r.message}`);
    notes.push(
      `created ${p.pool.name} through the API (crd.projectcalico.org/v1, validated by the grader as calicoctl would)`,
    );
  }
  return notes.join('; ');
}

/** Node addresses and the pools that exist before the grade: what the pool policy checks against. */
async function clusterFacts(s: LiveState): Promise<ClusterFacts> {
  const kube = requireKube(s);
  const nodes = (await kube.listNodes()).map((n) => ({
    name: n.metadata?.name ?? '',
    ip: n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address,
  }));
  const existingPools = (await kube.listCustom(CRD_GROUP, 'v1', 'ippools')).map(
    (p) => p.metadata?.name ?? '',
  );
  return { nodes, existingPools };
}

interface PoolsFile {
  /** Named after its content, so that a ConfigMap kept from an earlier grade never serves stale pools. */
  name: string;
  text: string;
}

export function poolsFile(bodies: unknown[]): PoolsFile {
  const text = toYaml(bodies);
  return { name: `pools-${createHash('sha256').update(text).digest('hex').slice(0, 12)}.yaml`, text };
}

/**
 * The grader's calicoctl pod (kube-system) and the pools ConfigMap it mounts, created unless they
 * already exist — never patched, except that the grader's ConfigMap gains the new pools file.
 */
async function ensureCalicoctl(s: LiveState, file: PoolsFile | undefined): Promise<string> {
  const kube = requireKube(s);
  const version = s.calicoVersion ?? BUNDLED_CALICO_VERSION;
  const files = file ? { [file.name]: file.text } : undefined;
  const reused: string[] = [];
  for (const obj of calicoctlObjects(version, files)) {
    const r = await createObject(kube, obj);
    if (r.ok) continue;
    if (r.code !== 409 || r.reason !== 'AlreadyExists')
      throw new Error(`creating the grader's calicoctl ${refOf(obj)} failed: ${r.message}`);
    reused.push(refOf(obj));
    // A merge patch adds this grade's file to the grader's ConfigMap and keeps the others.
    if (obj.kind === 'ConfigMap' && files) await kube.apply(poolsConfigMap(files) as KubernetesObject);
  }
  const pod = await waitPodRunning(kube, CALICOCTL_NAMESPACE, CALICOCTL_POD, s.timeouts.calicoctl);
  if (file && !mountsPools(pod))
    throw new Error(
      `the existing pod ${CALICOCTL_NAMESPACE}/${CALICOCTL_POD} does not mount ConfigMap ${POOLS_CONFIGMAP} at ${POOLS_DIR} ` +
        `(made from Calico's calicoctl.yaml?): the grader hands calicoctl the pools as a file, since exec stdin ` +
        `cannot be closed below Kubernetes 1.30. Delete that pod (kubectl -n ${CALICOCTL_NAMESPACE} delete pod ${CALICOCTL_POD}) and grade again`,
    );
  return reused.length
    ? `calicoctl ${version} pod ready (reusing the existing ${reused.join(', ')})`
    : `calicoctl ${version} pod ready`;
}

/**
 * `calicoctl create -f PATH`. A file added to a ConfigMap the pod already mounted shows up only
 * after the kubelet's next sync: while calicoctl cannot open it (and so created nothing), try again.
 */
async function createFromFile(s: LiveState, path: string): Promise<string> {
  const deadline = Date.now() + s.timeouts.calicoctl;
  for (;;) {
    try {
      return await calicoctl(s, ['create', '-f', path]);
    } catch (e) {
      const missing = (e as Error).message.includes(`open ${path}: no such file or directory`);
      if (!missing || Date.now() > deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** Runs calicoctl in its pod; a non-zero exit throws with calicoctl's own output. */
export async function calicoctl(
  s: LiveState,
  args: string[],
  opts: { allowNotFound?: boolean } = {},
): Promise<string> {
  const kube = requireKube(s);
  const r = await kube.exec(CALICOCTL_NAMESPACE, CALICOCTL_POD, CALICOCTL_POD, ['calicoctl', ...args], {
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
