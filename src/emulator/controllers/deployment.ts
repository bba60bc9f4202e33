/**
 * Deployment controller: one ReplicaSet per pod template (`<deploy>-<pod-template-hash>`),
 * RollingUpdate/Recreate between them, and the Deployment status with the real condition reasons
 * (MinimumReplicasAvailable, NewReplicaSetCreated, ReplicaSetUpdated, NewReplicaSetAvailable,
 * ProgressDeadlineExceeded).
 */
import { formatTimestamp } from '../store/memory-store.ts';
import type { ClusterStore, KubeObject, StoreEvent } from '../store/types.ts';
import type { Controller, ControllerContext } from './context.ts';
import { stableStringify, templateHash } from './names.ts';
import {
  type Condition,
  conditionOf,
  controllerRef,
  isActive,
  isOwnedBy,
  ownerRefTo,
  scaledValue,
  withCondition,
} from './pods.ts';
import { objectKey, splitKey, WorkQueue } from './queue.ts';
import { ownedPods, REPLICASETS } from './replicaset.ts';

export const DEPLOYMENTS = 'apps/deployments';
const REVISION = 'deployment.kubernetes.io/revision';

function replicasOf(obj: KubeObject): number {
  return typeof obj.spec?.replicas === 'number' ? obj.spec.replicas : 1;
}

function statusCount(obj: KubeObject, field: string): number {
  return typeof obj.status?.[field] === 'number' ? obj.status[field] : 0;
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

/** The pod template the deployment's hash is computed from (without the hash label itself). */
export function hashOf(d: KubeObject): string {
  return templateHash(d.spec?.template ?? {}, d.status?.collisionCount ?? 0);
}

export function newReplicaSetFor(
  d: KubeObject,
  hash: string,
  replicas: number,
  revision: number,
  maxSurge: number,
): KubeObject {
  const template = structuredClone(d.spec?.template ?? {});
  template.metadata = {
    ...(template.metadata ?? {}),
    labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash },
  };
  const selector = structuredClone(d.spec?.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash };
  const desired = replicasOf(d);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: { ...(template.metadata.labels ?? {}) },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(desired),
        'deployment.kubernetes.io/max-replicas': String(desired + maxSurge),
        [REVISION]: String(revision),
      },
      ownerReferences: [ownerRefTo(d)],
    },
    spec: { replicas, selector, template },
  };
}

function scaleReplicaSet(
  store: ClusterStore,
  ctx: ControllerContext,
  d: KubeObject,
  rs: KubeObject,
  to: number,
): void {
  const from = replicasOf(rs);
  if (from === to) return;
  store.update(REPLICASETS, rs.metadata.namespace, rs.metadata.name, (draft) => {
    draft.spec.replicas = to;
    draft.metadata.annotations = {
      ...(draft.metadata.annotations ?? {}),
      'deployment.kubernetes.io/desired-replicas': String(replicasOf(d)),
    };
  });
  ctx.events.record(d, {
    type: 'Normal',
    reason: 'ScalingReplicaSet',
    message: `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} to ${to} from ${from}`,
    component: 'deployment-controller',
  });
}

function syncDeployment(store: ClusterStore, ctx: ControllerContext, key: string, queue: WorkQueue): void {
  const [namespace, name] = splitKey(key);
  const d = store.get(DEPLOYMENTS, namespace, name);
  if (!d || d.metadata.deletionTimestamp) return;
  const desired = replicasOf(d);
  const strategy = d.spec?.strategy?.type ?? 'RollingUpdate';
  const maxSurge =
    strategy === 'Recreate'
      ? 0
      : scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge ?? '25%', desired, true);
  let maxUnavailable =
    strategy === 'Recreate'
      ? desired
      : scaledValue(d.spec?.strategy?.rollingUpdate?.maxUnavailable ?? '25%', desired, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;

  const hash = hashOf(d);
  const owned = store.list(REPLICASETS, namespace).filter((rs) => isOwnedBy(rs, d));
  let newRS = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
  const oldRSs = owned.filter((rs) => rs !== newRS);
  const oldReplicas = oldRSs.reduce((n, rs) => n + replicasOf(rs), 0);
  let createdNow = false;

  if (!newRS) {
    const revision = Math.max(0, ...owned.map(revisionOf)) + 1;
    let initial = desired;
    if (strategy === 'Recreate') initial = oldReplicas > 0 ? 0 : desired;
    else if (oldReplicas > 0) initial = Math.max(0, Math.min(desired, desired + maxSurge - oldReplicas));
    newRS = store.create(REPLICASETS, newReplicaSetFor(d, hash, initial, revision, maxSurge));
    createdNow = true;
    if (initial > 0) {
      ctx.events.record(d, {
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: `Scaled up replica set ${newRS.metadata.name} to ${initial} from 0`,
        component: 'deployment-controller',
      });
    }
  } else if (strategy === 'Recreate') {
    const oldPodsLeft = oldRSs.some((rs) => ownedPods(store, rs).some(isActive));
    if (oldReplicas === 0 && !oldPodsLeft) scaleReplicaSet(store, ctx, d, newRS, desired);
  } else {
    const target = Math.min(desired, Math.max(replicasOf(newRS), desired + maxSurge - oldReplicas));
    // Scaling down (e.g. `kubectl scale --replicas=1`) applies at once.
    scaleReplicaSet(store, ctx, d, newRS, oldReplicas === 0 ? desired : Math.max(0, target));
  }

  // Old ReplicaSets: Recreate kills everything; RollingUpdate keeps desired-maxUnavailable pods available.
  const current = store.get(REPLICASETS, newRS.metadata.namespace, newRS.metadata.name) ?? newRS;
  if (strategy === 'Recreate') {
    for (const rs of oldRSs) scaleReplicaSet(store, ctx, d, rs, 0);
  } else if (oldRSs.length > 0) {
    const oldAvailable = oldRSs.reduce((n, rs) => n + statusCount(rs, 'availableReplicas'), 0);
    const oldUnavailable = Math.max(0, oldReplicas - oldAvailable);
    const newAvailable = statusCount(current, 'availableReplicas');
    const minAvailable = desired - maxUnavailable;
    let canKill = oldUnavailable + Math.max(0, newAvailable + oldAvailable - minAvailable);
    const oldestFirst = [...oldRSs].sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of oldestFirst) {
      if (canKill <= 0) break;
      const kill = Math.min(canKill, replicasOf(rs));
      if (kill > 0) scaleReplicaSet(store, ctx, d, rs, replicasOf(rs) - kill);
      canKill -= kill;
    }
  }

  // Annotation on the Deployment follows the newest revision.
  const revision = String(revisionOf(current));
  if (d.metadata.annotations?.[REVISION] !== revision) {
    store.update(DEPLOYMENTS, namespace, name, (draft) => {
      draft.metadata.annotations = { ...(draft.metadata.annotations ?? {}), [REVISION]: revision };
    });
  }
  writeStatus(store, ctx, queue, key, d, current, createdNow, maxUnavailable);
}

function writeStatus(
  store: ClusterStore,
  ctx: ControllerContext,
  queue: WorkQueue,
  key: string,
  d: KubeObject,
  newRS: KubeObject,
  createdNow: boolean,
  maxUnavailable: number,
): void {
  const [namespace, name] = splitKey(key);
  const latest = store.get(DEPLOYMENTS, namespace, name);
  if (!latest) return;
  const all = store.list(REPLICASETS, namespace).filter((rs) => isOwnedBy(rs, d));
  const desired = replicasOf(latest);
  const replicas = all.reduce((n, rs) => n + statusCount(rs, 'replicas'), 0);
  const specTotal = all.reduce((n, rs) => n + replicasOf(rs), 0);
  const updated = statusCount(newRS, 'replicas');
  const ready = all.reduce((n, rs) => n + statusCount(rs, 'readyReplicas'), 0);
  const available = all.reduce((n, rs) => n + statusCount(rs, 'availableReplicas'), 0);
  const unavailable = Math.max(0, specTotal - available);
  const now = formatTimestamp(ctx.clock.now());
  const rsName = newRS.metadata.name;

  let conditions: Condition[] = latest.status?.conditions ?? [];
  const availableNow = available >= desired - maxUnavailable;
  conditions = withCondition(
    conditions,
    availableNow
      ? {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        }
      : {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
        },
    now,
  );
  const progressing = conditionOf(latest, 'Progressing');
  const complete =
    updated === desired && replicas === desired && available === desired && specTotal === desired;
  const counts = { replicas, updated, ready, available };
  const progressed = stableStringify(counts) !== stableStringify(progressSnapshot(latest));
  let next: Condition | undefined;
  if (complete) {
    next = {
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rsName}" has successfully progressed.`,
    };
  } else if (createdNow) {
    next = {
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetCreated',
      message: `Created new replica set "${rsName}"`,
    };
  } else if (progressed || !progressing || progressing.reason === 'NewReplicaSetAvailable') {
    next = {
      type: 'Progressing',
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: `ReplicaSet "${rsName}" is progressing.`,
    };
  } else if (progressing.reason !== 'ProgressDeadlineExceeded' && deadlinePassed(ctx, latest, progressing)) {
    next = {
      type: 'Progressing',
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rsName}" has timed out progressing.`,
    };
  }
  if (next) {
    const sameAsBefore =
      progressing && progressing.reason === next.reason && progressing.message === next.message;
    const stamped: Condition = {
      ...next,
      lastUpdateTime: sameAsBefore && !progressed ? progressing.lastUpdateTime : now,
    };
    conditions = withCondition(conditions, stamped, now);
  }
  // Available before Progressing, as the real controller leaves them.
  conditions = [...conditions].sort((a, b) => order(a.type) - order(b.type));
  for (const c of conditions) c.lastUpdateTime ??= c.lastTransitionTime;

  const status: Record<string, unknown> = {
    observedGeneration: latest.metadata.generation ?? 1,
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
    unavailableReplicas: unavailable,
    conditions,
    ...(latest.status?.collisionCount ? { collisionCount: latest.status.collisionCount } : {}),
  };
  for (const k of [
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
  ]) {
    if (status[k] === 0) delete status[k];
  }
  if (stableStringify(latest.status ?? {}) !== stableStringify(status)) {
    store.update(
      DEPLOYMENTS,
      namespace,
      name,
      (draft) => {
        draft.status = status;
      },
      { status: true },
    );
  }
  // Re-check for ProgressDeadlineExceeded; only meaningful with a real sense of time.
  if (!complete && ctx.clock.timeFactor > 0) {
    queue.addAfter(key, latest.spec?.progressDeadlineSeconds ?? 600, 1000);
  }
}

function order(type: string): number {
  return type === 'Available' ? 0 : type === 'Progressing' ? 1 : 2;
}

function progressSnapshot(d: KubeObject): Record<string, number> {
  return {
    replicas: statusCount(d, 'replicas'),
    updated: statusCount(d, 'updatedReplicas'),
    ready: statusCount(d, 'readyReplicas'),
    available: statusCount(d, 'availableReplicas'),
  };
}

function deadlinePassed(ctx: ControllerContext, d: KubeObject, progressing: Condition): boolean {
  if (ctx.clock.timeFactor <= 0 || !progressing.lastUpdateTime) return false;
  const elapsedMs = ctx.clock.now().getTime() - Date.parse(progressing.lastUpdateTime);
  return elapsedMs >= Math.max(1000, ctx.clock.delay(d.spec?.progressDeadlineSeconds ?? 600));
}

export const startDeploymentController: Controller = (store, ctx) => {
  const queue: WorkQueue = new WorkQueue(
    ctx.clock,
    (key) => syncDeployment(store, ctx, key, queue),
    'deployment',
  );
  const onEvent = (event: StoreEvent): void => {
    const { object, resource } = event;
    if (resource.group !== 'apps') return;
    if (resource.plural === 'deployments')
      queue.add(objectKey(object.metadata.namespace, object.metadata.name));
    else if (resource.plural === 'replicasets') {
      const owner = controllerRef(object);
      if (owner?.kind === 'Deployment') queue.add(objectKey(object.metadata.namespace, owner.name));
    }
  };
  const unsubscribe = store.subscribe(onEvent);
  for (const d of store.list(DEPLOYMENTS)) queue.add(objectKey(d.metadata.namespace, d.metadata.name));
  return () => {
    unsubscribe();
    queue.stop();
  };
};
