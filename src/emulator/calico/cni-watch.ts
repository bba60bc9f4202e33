/**
 * A cluster started without a CNI (`minikube start --network-plugin=cni` without `--cni`): its
 * nodes are NotReady ("cni plugin not initialized") until Calico's manifest is applied. When the
 * calico-node DaemonSet appears, calico-node's first start is played: the datastore objects, then
 * every node Ready (the kubelet's network is ready once Calico's CNI config is written), then each
 * node's tunnel address. The emulator shortcuts the order (nodes turn Ready as the DaemonSet is
 * created, and the kubelet then starts its pods).
 */
import { reconcileNodeTunnel } from '../controllers/calico-node.ts';
import { formatTimestamp } from '../store/memory-store.ts';
import type { ClusterStore, StoreEvent } from '../store/types.ts';
import { initCalicoDatastore } from './datastore.ts';

const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';

function calicoVersionOf(ds: StoreEvent['object']): string {
  const containers: { image?: string }[] = ds.spec?.template?.spec?.containers ?? [];
  for (const c of containers) {
    const m = /calico\/node:(v\d+\.\d+\.\d+)$/.exec(c.image ?? '');
    if (m) return m[1];
  }
  return 'unknown';
}

/** Marks every node Ready (condition and taints) as the kubelet does once the CNI is up. */
export function markNodesNetworkReady(store: ClusterStore, now = new Date()): void {
  const stamp = formatTimestamp(now);
  for (const node of store.list('nodes')) {
    store.update('nodes', undefined, node.metadata.name, (draft) => {
      const conditions: Record<string, string>[] = draft.status?.conditions ?? [];
      const ready = conditions.find((c) => c.type === 'Ready');
      if (ready && ready.status !== 'True')
        Object.assign(ready, {
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: stamp,
          lastTransitionTime: stamp,
        });
      const taints: { key: string }[] = draft.spec?.taints ?? [];
      const kept = taints.filter((t) => t.key !== NOT_READY_TAINT);
      if (kept.length > 0) draft.spec.taints = kept;
      else if (draft.spec) delete draft.spec.taints;
    });
  }
}

/** Waits for the calico-node DaemonSet; returns the unsubscribe function. */
export function watchForCalico(store: ClusterStore, profile: string): () => void {
  let done = false;
  const unsubscribe = store.subscribe((event) => {
    const { resource, object, type } = event;
    if (done || type !== 'ADDED' || resource.group !== 'apps' || resource.plural !== 'daemonsets') return;
    if (object.metadata.name !== 'calico-node' || object.metadata.namespace !== 'kube-system') return;
    done = true;
    const version = calicoVersionOf(object);
    // Not inside the store's own create: after the event has been delivered.
    setImmediate(() => {
      unsubscribe();
      initCalicoDatastore(store, profile, version);
      markNodesNetworkReady(store);
      for (const node of store.list('nodes')) reconcileNodeTunnel(store, node.metadata.name);
    });
  });
  return unsubscribe;
}
