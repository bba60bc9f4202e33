/** Small pod/owner helpers shared by the controllers. */
import type { KubeObject, OwnerReference } from '../store/types.ts';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

export function isOwnedBy(obj: KubeObject, owner: KubeObject): boolean {
  return controllerRef(obj)?.uid === owner.metadata.uid;
}

export function ownerRefTo(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isTerminating(obj: KubeObject): boolean {
  return Boolean(obj.metadata.deletionTimestamp);
}

export function isFinished(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Counted by ReplicaSets and DaemonSets: not terminating and not finished. */
export function isActive(pod: KubeObject): boolean {
  return !isTerminating(pod) && !isFinished(pod);
}

export function conditionOf(obj: KubeObject, type: string): Condition | undefined {
  return (obj.status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return conditionOf(pod, 'Ready')?.status === 'True';
}

export function isNodeReady(node: KubeObject): boolean {
  return conditionOf(node, 'Ready')?.status === 'True';
}

/**
 * Sets a condition keeping lastTransitionTime when the status does not change (as every
 * Kubernetes controller does). Returns the new list.
 */
export function withCondition(
  conditions: Condition[] | undefined,
  next: Condition,
  now: string,
): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const previous = i >= 0 ? list[i] : undefined;
  const merged: Condition = {
    ...next,
    lastTransitionTime: previous && previous.status === next.status ? previous.lastTransitionTime : now,
  };
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}

export function nodeInternalIp(node: KubeObject | undefined): string | undefined {
  return (node?.status?.addresses as { type: string; address: string }[] | undefined)?.find(
    (a) => a.type === 'InternalIP',
  )?.address;
}

/** Pod spec fields the apiserver defaults on create, for pods the controllers create. */
// biome-ignore lint/suspicious/noExplicitAny: pod specs are open JSON.
export function defaultPodSpec(spec: any): any {
  const out = structuredClone(spec ?? {});
  out.restartPolicy ??= 'Always';
  out.terminationGracePeriodSeconds ??= 30;
  out.dnsPolicy ??= 'ClusterFirst';
  out.securityContext ??= {};
  out.schedulerName ??= 'default-scheduler';
  if (out.serviceAccountName || out.serviceAccount) {
    out.serviceAccountName ??= out.serviceAccount;
    out.serviceAccount ??= out.serviceAccountName;
  } else {
    out.serviceAccountName = 'default';
    out.serviceAccount = 'default';
  }
  out.enableServiceLinks ??= true;
  out.priority ??= 0;
  out.preemptionPolicy ??= 'PreemptLowerPriority';
  out.tolerations ??= [];
  const tolerations = out.tolerations;
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t: { key?: string }) => t.key === key)) {
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
  }
  for (const c of [...(out.initContainers ?? []), ...(out.containers ?? [])]) {
    c.imagePullPolicy ??= defaultPullPolicy(c.image ?? '');
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.resources ??= {};
    for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  }
  return out;
}

/** `Always` for `:latest` or an untagged image, else `IfNotPresent`. */
export function defaultPullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** "1" / "25%" of `total`, rounded as intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.endsWith('%')) {
    const v = (Number(value.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(v) : Math.floor(v);
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return 0;
}
