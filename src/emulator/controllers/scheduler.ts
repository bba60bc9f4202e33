/**
 * default-scheduler: binds pods without `spec.nodeName` to a feasible node. Among feasible nodes
 * it prefers node-affinity preferences, then the node with the fewest pods of the same owner, then
 * the fewest pods, then node order — the spreading the default scoring plugins produce for
 * replicas on an idle cluster.
 */
import { formatTimestamp } from '../store/memory-store.ts';
import type { ClusterStore, KubeObject, StoreEvent } from '../store/types.ts';
import type { Controller, ControllerContext } from './context.ts';
import { controllerRef, isTerminating, withCondition } from './pods.ts';
import { WorkQueue } from './queue.ts';
import {
  activeScheduledPods,
  type ClusterView,
  filterNode,
  preferredAffinityScore,
  unschedulableMessage,
} from './scheduling.ts';

function needsScheduling(pod: KubeObject): boolean {
  return (
    !pod.spec?.nodeName &&
    !isTerminating(pod) &&
    (pod.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler' &&
    pod.status?.phase !== 'Succeeded' &&
    pod.status?.phase !== 'Failed'
  );
}

/** Picks a node for `pod`, or explains why none fits. */
export function chooseNode(pod: KubeObject, view: ClusterView): { node: string } | { reasons: string[] } {
  const feasible: KubeObject[] = [];
  const reasons: string[] = [];
  for (const node of view.nodes) {
    const failures = filterNode(pod, node, view);
    if (failures.length) reasons.push(...failures);
    else feasible.push(node);
  }
  if (feasible.length === 0) return { reasons };
  const owner = controllerRef(pod)?.uid;
  const score = (node: KubeObject): number[] => {
    const onNode = view.pods.filter((p) => p.spec?.nodeName === node.metadata.name);
    const sameOwner = owner ? onNode.filter((p) => controllerRef(p)?.uid === owner).length : 0;
    return [-preferredAffinityScore(pod, node), sameOwner, onNode.length, view.nodes.indexOf(node)];
  };
  const best = [...feasible].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sa[i] - sb[i];
    return 0;
  })[0];
  return { node: best.metadata.name };
}

function scheduleAll(store: ClusterStore, ctx: ControllerContext): void {
  const pending = store
    .list('pods')
    .filter(needsScheduling)
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
  if (pending.length === 0) return;
  const nodes = store.list('nodes');
  for (const pod of pending) {
    const view: ClusterView = { nodes, pods: activeScheduledPods(store.list('pods')) };
    const choice = chooseNode(pod, view);
    const now = formatTimestamp(ctx.clock.now());
    const ns = pod.metadata.namespace ?? 'default';
    if ('node' in choice) {
      const bound = store.update('pods', ns, pod.metadata.name, (draft) => {
        draft.spec.nodeName = choice.node;
        draft.status = {
          ...(draft.status ?? {}),
          phase: draft.status?.phase ?? 'Pending',
          conditions: withCondition(
            draft.status?.conditions,
            { type: 'PodScheduled', status: 'True', lastProbeTime: null },
            now,
          ),
        };
      });
      ctx.events.record(bound, {
        type: 'Normal',
        reason: 'Scheduled',
        message: `Successfully assigned ${ns}/${pod.metadata.name} to ${choice.node}`,
        component: 'default-scheduler',
      });
      continue;
    }
    const message = unschedulableMessage(nodes.length, choice.reasons);
    const previous = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
    if (previous?.message === message) continue;
    const updated = store.update(
      'pods',
      ns,
      pod.metadata.name,
      (draft) => {
        draft.status = {
          ...(draft.status ?? {}),
          phase: 'Pending',
          conditions: withCondition(
            draft.status?.conditions,
            { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null },
            now,
          ),
        };
      },
      { status: true },
    );
    ctx.events.record(updated, {
      type: 'Warning',
      reason: 'FailedScheduling',
      message,
      component: 'default-scheduler',
    });
  }
}

export const startScheduler: Controller = (store, ctx) => {
  const queue = new WorkQueue(ctx.clock, () => scheduleAll(store, ctx), 'scheduler');
  const onEvent = (event: StoreEvent): void => {
    const { resource, object, type } = event;
    if (resource.group !== '') return;
    if (resource.plural === 'nodes') queue.add('all');
    else if (resource.plural === 'pods' && (type === 'DELETED' || needsScheduling(object))) queue.add('all');
  };
  const unsubscribe = store.subscribe(onEvent);
  queue.add('all');
  return () => {
    unsubscribe();
    queue.stop();
  };
};
