/**
 * ReplicaSet controller: keeps `spec.replicas` active pods per ReplicaSet (created from the
 * template, named `<rs>-<5 chars>`) and writes the status the real controller writes.
 */
import { podSecurityDenial } from '../api/admission.ts';
import { formatTimestamp } from '../store/memory-store.ts';
import type { ClusterStore, KubeObject, StoreEvent } from '../store/types.ts';
import type { Controller, ControllerContext } from './context.ts';
import { randomSuffix, stableStringify } from './names.ts';
import { controllerRef, defaultPodSpec, isActive, isOwnedBy, isPodReady, ownerRefTo } from './pods.ts';
import { objectKey, splitKey, WorkQueue } from './queue.ts';

export const REPLICASETS = 'apps/replicasets';

/** A new pod for `owner` from `template`; the name is `<owner>-<5 chars>` as with generateName. */
export function podFromTemplate(
  store: ClusterStore,
  owner: KubeObject,
  template: KubeObject['spec'],
  random: () => number,
  extraLabels: Record<string, string> = {},
): KubeObject {
  const namespace = owner.metadata.namespace ?? 'default';
  let name: string;
  do name = `${owner.metadata.name}-${randomSuffix(random)}`;
  while (store.get('pods', namespace, name));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${owner.metadata.name}-`,
      namespace,
      labels: { ...(template?.metadata?.labels ?? {}), ...extraLabels },
      ...(template?.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [ownerRefTo(owner)],
    },
    spec: defaultPodSpec(template?.spec),
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

/** Which pods to delete first when scaling down (controller.ActivePods ordering, simplified). */
function deletionRank(pod: KubeObject): number[] {
  const scheduled = pod.spec?.nodeName ? 1 : 0;
  const phase = pod.status?.phase === 'Running' ? 2 : pod.status?.phase === 'Pending' ? 1 : 0;
  const ready = isPodReady(pod) ? 1 : 0;
  const created = -Date.parse(pod.metadata.creationTimestamp ?? '') || 0;
  return [scheduled, phase, ready, created];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function ownedPods(store: ClusterStore, owner: KubeObject): KubeObject[] {
  return store.list('pods', owner.metadata.namespace).filter((p) => isOwnedBy(p, owner));
}

function syncReplicaSet(store: ClusterStore, ctx: ControllerContext, key: string): void {
  const [namespace, name] = splitKey(key);
  const rs = store.get(REPLICASETS, namespace, name);
  if (!rs || rs.metadata.deletionTimestamp) return;
  const desired = typeof rs.spec?.replicas === 'number' ? rs.spec.replicas : 1;
  const random = ctx.random('pod-names');
  let active = ownedPods(store, rs).filter(isActive);
  if (active.length < desired) {
    for (let i = active.length; i < desired; i++) {
      const draft = podFromTemplate(store, rs, rs.spec?.template, random);
      // The controller's create goes through admission like any other (PodSecurity refuses it).
      const denial = podSecurityDenial(store, draft);
      if (denial) {
        failedCreate(store, ctx, rs, `Error creating: ${denial.message}`);
        break;
      }
      const pod = store.create('pods', draft);
      ctx.events.record(rs, {
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: `Created pod: ${pod.metadata.name}`,
        component: 'replicaset-controller',
      });
    }
  } else if (active.length > desired) {
    const doomed = [...active]
      .sort((a, b) => compareRanks(deletionRank(a), deletionRank(b)))
      .slice(0, active.length - desired);
    for (const pod of doomed) {
      store.delete('pods', pod.metadata.namespace, pod.metadata.name);
      ctx.events.record(rs, {
        type: 'Normal',
        reason: 'SuccessfulDelete',
        message: `Deleted pod: ${pod.metadata.name}`,
        component: 'replicaset-controller',
      });
    }
  }
  active = ownedPods(store, rs).filter(isActive);
  const ready = active.filter(isPodReady).length;
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const fullyLabeled = active.filter((p) =>
    Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v),
  ).length;
  const status = {
    replicas: active.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  writeStatus(store, store.get(REPLICASETS, namespace, name) ?? rs, status);
}

/** The FailedCreate event and the ReplicaFailure condition the real controller writes (replica_set.go). */
function failedCreate(store: ClusterStore, ctx: ControllerContext, rs: KubeObject, message: string): void {
  ctx.events.record(rs, {
    type: 'Warning',
    reason: 'FailedCreate',
    message,
    component: 'replicaset-controller',
  });
  const now = formatTimestamp(ctx.clock.now());
  // As calculateStatus: the condition is set once, while none is there (no status churn per retry).
  const current = (rs.status?.conditions ?? []) as { type: string }[];
  if (current.some((c) => c.type === 'ReplicaFailure')) return;
  store.update(
    REPLICASETS,
    rs.metadata.namespace,
    rs.metadata.name,
    (draft) => {
      const others = ((draft.status?.conditions ?? []) as { type: string }[]).filter(
        (c) => c.type !== 'ReplicaFailure',
      );
      draft.status = {
        ...(draft.status ?? { replicas: 0 }),
        conditions: [
          ...others,
          {
            type: 'ReplicaFailure',
            status: 'True',
            lastTransitionTime: now,
            reason: 'FailedCreate',
            message,
          },
        ],
      };
    },
    { status: true },
  );
}

/** Zero counts are omitted, as the real (omitempty) status does; `replicas` is always present. */
function writeStatus(store: ClusterStore, rs: KubeObject, status: Record<string, number>): void {
  const next: Record<string, number> = { replicas: status.replicas };
  for (const [k, v] of Object.entries(status)) if (k !== 'replicas' && v !== 0) next[k] = v;
  const { conditions, ...current } = rs.status ?? {};
  if (stableStringify(current) === stableStringify(next)) return;
  store.update(
    REPLICASETS,
    rs.metadata.namespace,
    rs.metadata.name,
    (draft) => {
      draft.status = { ...next, ...(conditions ? { conditions } : {}) };
    },
    { status: true },
  );
}

export const startReplicaSetController: Controller = (store, ctx) => {
  const queue = new WorkQueue(ctx.clock, (key) => syncReplicaSet(store, ctx, key), 'replicaset');
  const onEvent = (event: StoreEvent): void => {
    const { object, resource } = event;
    if (resource.group === 'apps' && resource.plural === 'replicasets') {
      queue.add(objectKey(object.metadata.namespace, object.metadata.name));
    } else if (resource.group === '' && resource.plural === 'pods') {
      const owner = controllerRef(object);
      if (owner?.kind === 'ReplicaSet') queue.add(objectKey(object.metadata.namespace, owner.name));
      // Orphans adopted by label are not modelled: only controller-owned pods count.
    }
  };
  const unsubscribe = store.subscribe(onEvent);
  for (const rs of store.list(REPLICASETS)) queue.add(objectKey(rs.metadata.namespace, rs.metadata.name));
  return () => {
    unsubscribe();
    queue.stop();
  };
};
