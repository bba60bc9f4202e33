/**
 * The waits the lab needs, built on waitForList. Each `describe` says what is still missing, so a
 * timeout reads e.g. `timed out after 360s waiting for deployment default/lab4 rolled out (2
 * replicas); last seen: generation 1/1, replicas 2, updated 2, ready 1, available 1; pods: …`.
 */
import type { V1Deployment, V1Node, V1Pod } from '@kubernetes/client-node';
import { WaitTimeoutError } from './errors.ts';
import type { Kube } from './kube.ts';
import { type WaitSource, waitForList } from './wait.ts';

function isNodeReady(n: V1Node): boolean {
  return (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function describeNode(n: V1Node): string {
  const ready = (n.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (isNodeReady(n)) return `${n.metadata?.name} Ready`;
  const why = ready?.reason ? ` (${ready.reason}${ready.message ? `: ${ready.message}` : ''})` : '';
  return `${n.metadata?.name} NotReady${why}`;
}

export function isPodReady(p: V1Pod): boolean {
  return (
    !p.metadata?.deletionTimestamp &&
    (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

/** `web-1: Pending (ContainerCreating), ready=false` — phase, the first container's waiting/terminated reason, readiness. */
export function describePod(p: V1Pod): string {
  const statuses = p.status?.containerStatuses ?? [];
  const reason =
    statuses.map((s) => s.state?.waiting?.reason ?? s.state?.terminated?.reason).find(Boolean) ??
    p.status?.reason;
  const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
  const parts = [
    `${p.metadata?.name}: ${p.metadata?.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? 'Unknown')}`,
    reason ? ` (${reason})` : '',
    `, ready=${isPodReady(p)}`,
    restarts > 0 ? `, restarts=${restarts}` : '',
    p.spec?.nodeName ? `, node=${p.spec.nodeName}` : '',
  ];
  return parts.join('');
}

function describePods(pods: V1Pod[]): string {
  return pods.length === 0 ? 'no pods' : pods.map(describePod).join('; ');
}

export function waitNodesReady(kube: WaitSource, count: number, timeoutMs: number): Promise<V1Node[]> {
  return waitForList<V1Node>(kube, {
    what: `${count} Ready node${count === 1 ? '' : 's'}`,
    path: '/api/v1/nodes',
    timeoutMs,
    done: (nodes) => nodes.filter(isNodeReady).length >= count,
    describe: (nodes) =>
      nodes.length === 0
        ? 'no nodes'
        : `${nodes.filter(isNodeReady).length}/${nodes.length} Ready: ${nodes.map(describeNode).join('; ')}`,
  });
}

export function waitPodsReady(
  kube: WaitSource,
  namespace: string,
  labelSelector: string,
  count: number,
  timeoutMs: number,
): Promise<V1Pod[]> {
  return waitForList<V1Pod>(kube, {
    what: `${count} Ready pod${count === 1 ? '' : 's'} matching ${labelSelector} in ${namespace}`,
    path: `/api/v1/namespaces/${namespace}/pods`,
    labelSelector,
    timeoutMs,
    done: (pods) => pods.filter(isPodReady).length >= count,
    describe: (pods) => `${pods.filter(isPodReady).length}/${count} ready: ${describePods(pods)}`,
  });
}

/** `kubectl rollout status`'s test: the controller saw the latest spec and every replica is new, ready and available. */
export function isRolledOut(d: V1Deployment, replicas: number): boolean {
  const s = d.status ?? {};
  return (
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
    (d.spec?.replicas ?? 1) === replicas &&
    (s.updatedReplicas ?? 0) === replicas &&
    (s.replicas ?? 0) === replicas &&
    (s.readyReplicas ?? 0) === replicas &&
    (s.availableReplicas ?? 0) === replicas
  );
}

function describeDeployment(d: V1Deployment | undefined, name: string): string {
  if (!d) return `deployment ${name} not found`;
  const s = d.status ?? {};
  const stuck = (s.conditions ?? []).find(
    (c) => (c.type === 'Progressing' || c.type === 'ReplicaFailure') && c.status !== 'True',
  );
  const parts = [
    `generation ${s.observedGeneration ?? 0}/${d.metadata?.generation ?? 0} observed`,
    `spec.replicas ${d.spec?.replicas ?? 1}`,
    `replicas ${s.replicas ?? 0}`,
    `updated ${s.updatedReplicas ?? 0}`,
    `ready ${s.readyReplicas ?? 0}`,
    `available ${s.availableReplicas ?? 0}`,
  ];
  if (stuck) parts.push(`${stuck.type}: ${stuck.reason ?? ''} ${stuck.message ?? ''}`.trim());
  return parts.join(', ');
}

function selectorOf(d: V1Deployment): string | undefined {
  const labels = d.spec?.selector?.matchLabels;
  if (!labels || Object.keys(labels).length === 0) return undefined;
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export async function waitDeploymentRolledOut(
  kube: WaitSource & Pick<Kube, 'listPods'>,
  namespace: string,
  name: string,
  replicas: number,
  timeoutMs: number,
): Promise<V1Deployment> {
  let last: V1Deployment | undefined;
  try {
    const [d] = await waitForList<V1Deployment>(kube, {
      what: `deployment ${namespace}/${name} rolled out (${replicas} replicas)`,
      path: `/apis/apps/v1/namespaces/${namespace}/deployments`,
      fieldSelector: `metadata.name=${name}`,
      timeoutMs,
      done: (items) => {
        last = items[0];
        return last !== undefined && isRolledOut(last, replicas);
      },
      describe: (items) => describeDeployment(items[0], name),
    });
    return d as V1Deployment;
  } catch (e) {
    if (!(e instanceof WaitTimeoutError) || !last) throw e;
    // The deployment's numbers say how many are missing; its pods say why.
    const selector = selectorOf(last);
    let pods: string;
    try {
      pods = selector ? describePods(await kube.listPods(namespace, selector)) : 'no selector';
    } catch (listError) {
      pods = `unavailable (${(listError as Error).message})`;
    }
    throw new WaitTimeoutError(e.what, `${e.lastSeen}; pods: ${pods}`, e.timeoutMs, e);
  }
}

export async function waitPodRunning(
  kube: WaitSource,
  namespace: string,
  name: string,
  timeoutMs: number,
): Promise<V1Pod> {
  const [pod] = await waitForList<V1Pod>(kube, {
    what: `pod ${namespace}/${name} Running`,
    path: `/api/v1/namespaces/${namespace}/pods`,
    fieldSelector: `metadata.name=${name}`,
    timeoutMs,
    done: (pods) => pods[0]?.status?.phase === 'Running',
    describe: (pods) => (pods[0] ? describePod(pods[0]) : `pod ${name} not found`),
  });
  return pod as V1Pod;
}
