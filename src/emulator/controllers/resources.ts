/**
 * The scheduler's NodeResourcesFit filter (pkg/scheduler/framework/plugins/noderesources/fit.go):
 * a pod fits a node when its requests plus those of the pods already bound there stay within the
 * node's allocatable, per resource; each short resource is a reason (`Insufficient memory`), and a
 * full node is `Too many pods`. A container's request is its `requests`, else its `limits` (the API
 * defaults requests to limits, core/v1 defaults.go); a pod's is the larger of its containers' sum and
 * its largest init container.
 */
import { parseQuantity } from '../../k8s/quantity.ts';
import type { KubeObject } from '../store/types.ts';

export interface Requests {
  cpu: number;
  memory: number;
}

// biome-ignore lint/suspicious/noExplicitAny: container specs are open JSON.
function containerRequests(c: any): Requests {
  const requests = c?.resources?.requests ?? {};
  const limits = c?.resources?.limits ?? {};
  const of = (r: 'cpu' | 'memory') => parseQuantity(requests[r] ?? limits[r]) ?? 0;
  return { cpu: of('cpu'), memory: of('memory') };
}

export function podRequests(pod: KubeObject): Requests {
  const sum = { cpu: 0, memory: 0 };
  for (const c of pod.spec?.containers ?? []) {
    const r = containerRequests(c);
    sum.cpu += r.cpu;
    sum.memory += r.memory;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c);
    sum.cpu = Math.max(sum.cpu, r.cpu);
    sum.memory = Math.max(sum.memory, r.memory);
  }
  return sum;
}

/** The fit failures of `pod` on `node` given the pods bound there; empty when it fits. */
export function fitFailures(pod: KubeObject, node: KubeObject, boundThere: readonly KubeObject[]): string[] {
  const allocatable = node.status?.allocatable;
  if (!allocatable) return []; // a node that reports nothing constrains nothing
  const failures: string[] = [];
  const maxPods = parseQuantity(allocatable.pods);
  if (maxPods !== undefined && boundThere.length + 1 > maxPods) failures.push('Too many pods');
  const want = podRequests(pod);
  if (want.cpu === 0 && want.memory === 0) return failures;
  const used = boundThere
    .map(podRequests)
    .reduce((a, b) => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory }), {
      cpu: 0,
      memory: 0,
    });
  const cpu = parseQuantity(allocatable.cpu) ?? 0;
  const memory = parseQuantity(allocatable.memory) ?? 0;
  // Millicores and bytes, as the scheduler compares int64s (no float drift on 0.1 + 0.2).
  if (Math.round(cpu * 1000) < Math.round((want.cpu + used.cpu) * 1000)) failures.push('Insufficient cpu');
  if (memory < want.memory + used.memory) failures.push('Insufficient memory');
  return failures;
}

/** Failures the preemption step could resolve by evicting lower-priority pods. */
export function isResolvableByPreemption(reason: string): boolean {
  return reason === 'Too many pods' || reason.startsWith('Insufficient ');
}
