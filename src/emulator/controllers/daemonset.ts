/**
 * DaemonSet controller: one pod per eligible node (`<ds>-<5 chars>`), pinned with the node-affinity
 * `matchFields metadata.name` term the real controller uses, plus the tolerations it adds.
 */
import type { ClusterStore, KubeObject, StoreEvent } from '../store/types.ts';
import type { Controller, ControllerContext } from './context.ts';
import { stableStringify, templateHash } from './names.ts';
import { controllerRef, isActive, isPodReady } from './pods.ts';
import { objectKey, splitKey, WorkQueue } from './queue.ts';
import { ownedPods, podFromTemplate } from './replicaset.ts';
import { nodeMatchesSelectorAndAffinity } from './scheduling.ts';

export const DAEMONSETS = 'apps/daemonsets';

/** Tolerations the DaemonSet controller adds to every daemon pod (util.AddOrUpdateDaemonPodTolerations). */
function daemonTolerations(hostNetwork: boolean): Record<string, unknown>[] {
  const list: Record<string, unknown>[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork)
    list.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return list;
}

/** The node a daemon pod is for: spec.nodeName once bound, else its matchFields term. */
export function daemonPodTarget(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? [])
      if (f.key === 'metadata.name' && f.operator === 'In') return f.values?.[0];
  }
  return undefined;
}

export function daemonPodFor(
  store: ClusterStore,
  ds: KubeObject,
  node: string,
  random: () => number,
): KubeObject {
  const hash = templateHash(ds.spec?.template ?? {});
  const pod = podFromTemplate(store, ds, ds.spec?.template, random, {
    'controller-revision-hash': hash,
    'pod-template-generation': String(ds.metadata.generation ?? 1),
  });
  // The DaemonSet's own tolerations come first, so admission adds no 300 s defaults to daemon pods.
  const tolerations: { key?: string; effect?: string }[] = structuredClone(
    ds.spec?.template?.spec?.tolerations ?? [],
  );
  for (const t of daemonTolerations(pod.spec.hostNetwork === true)) {
    if (!tolerations.some((e) => e.key === t.key && e.effect === t.effect)) tolerations.push(t);
  }
  pod.spec.tolerations = tolerations;
  pod.spec.affinity = {
    ...(pod.spec.affinity ?? {}),
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
      },
    },
  };
  return pod;
}

function syncDaemonSet(store: ClusterStore, ctx: ControllerContext, key: string): void {
  const [namespace, name] = splitKey(key);
  const ds = store.get(DAEMONSETS, namespace, name);
  if (!ds || ds.metadata.deletionTimestamp) return;
  const hash = templateHash(ds.spec?.template ?? {});
  const random = ctx.random('pod-names');
  const templateSpec = ds.spec?.template?.spec ?? {};
  const eligible = store
    .list('nodes')
    .filter((n) =>
      nodeMatchesSelectorAndAffinity(
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: '' }, spec: templateSpec },
        n,
      ),
    )
    .map((n) => n.metadata.name);
  const pods = ownedPods(store, ds).filter(isActive);
  const byNode = new Map<string, KubeObject[]>();
  for (const p of pods) {
    const target = daemonPodTarget(p) ?? '';
    byNode.set(target, [...(byNode.get(target) ?? []), p]);
  }
  for (const node of eligible) {
    const onNode = byNode.get(node) ?? [];
    if (onNode.length === 0) {
      const pod = store.create('pods', daemonPodFor(store, ds, node, random));
      ctx.events.record(ds, {
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: `Created pod: ${pod.metadata.name}`,
        component: 'daemonset-controller',
      });
    }
    for (const extra of onNode.slice(1)) store.delete('pods', extra.metadata.namespace, extra.metadata.name);
  }
  for (const [node, onNode] of byNode) {
    if (eligible.includes(node)) continue;
    for (const p of onNode) store.delete('pods', p.metadata.namespace, p.metadata.name);
  }
  // RollingUpdate, maxUnavailable 1: replace one outdated pod at a time once the others are ready.
  const current = ownedPods(store, ds).filter(isActive);
  const outdated = current.filter((p) => p.metadata.labels?.['controller-revision-hash'] !== hash);
  const unready = current.filter((p) => !isPodReady(p));
  if (ds.spec?.updateStrategy?.type !== 'OnDelete' && outdated.length > 0 && unready.length === 0) {
    store.delete('pods', outdated[0].metadata.namespace, outdated[0].metadata.name);
  }

  const after = ownedPods(store, ds).filter(isActive);
  const scheduled = after.filter((p) => p.spec?.nodeName && eligible.includes(p.spec.nodeName));
  const ready = scheduled.filter(isPodReady).length;
  const status: Record<string, number> = {
    currentNumberScheduled: scheduled.length,
    desiredNumberScheduled: eligible.length,
    numberMisscheduled: 0,
    numberReady: ready,
    observedGeneration: ds.metadata.generation ?? 1,
    updatedNumberScheduled: scheduled.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash)
      .length,
    numberAvailable: ready,
    numberUnavailable: eligible.length - ready,
  };
  if (status.numberAvailable === 0) delete status.numberAvailable;
  if (status.numberUnavailable <= 0) delete status.numberUnavailable;
  if (stableStringify(ds.status ?? {}) !== stableStringify(status)) {
    store.update(
      DAEMONSETS,
      namespace,
      name,
      (draft) => {
        draft.status = status;
      },
      { status: true },
    );
  }
}

export const startDaemonSetController: Controller = (store, ctx) => {
  const queue = new WorkQueue(ctx.clock, (key) => syncDaemonSet(store, ctx, key), 'daemonset');
  const all = (): void => {
    for (const ds of store.list(DAEMONSETS)) queue.add(objectKey(ds.metadata.namespace, ds.metadata.name));
  };
  const onEvent = (event: StoreEvent): void => {
    const { object, resource } = event;
    if (resource.group === 'apps' && resource.plural === 'daemonsets') {
      queue.add(objectKey(object.metadata.namespace, object.metadata.name));
    } else if (resource.group === '' && resource.plural === 'pods') {
      const owner = controllerRef(object);
      if (owner?.kind === 'DaemonSet') queue.add(objectKey(object.metadata.namespace, owner.name));
    } else if (resource.group === '' && resource.plural === 'nodes') {
      all();
    }
  };
  const unsubscribe = store.subscribe(onEvent);
  all();
  return () => {
    unsubscribe();
    queue.stop();
  };
};
