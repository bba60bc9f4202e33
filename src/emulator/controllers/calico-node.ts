/**
 * calico-node's per-node duties that touch the datastore: the IPIP tunnel address (allocateip,
 * re-run when pools or node labels change) and the node annotations it writes
 * (`projectcalico.org/IPv4Address`, `projectcalico.org/IPv4IPIPTunnelAddr`).
 */
import { assignTunnelIp } from '../calico/ipam.ts';
import type { ClusterStore, StoreEvent } from '../store/types.ts';
import type { Controller } from './context.ts';
import { isNodeReady, nodeInternalIp } from './pods.ts';
import { WorkQueue } from './queue.ts';

export const TUNNEL_ANNOTATION = 'projectcalico.org/IPv4IPIPTunnelAddr';
export const ADDRESS_ANNOTATION = 'projectcalico.org/IPv4Address';

/** Runs allocateip for one node and mirrors the result into its annotations. */
export function reconcileNodeTunnel(store: ClusterStore, nodeName: string): void {
  const node = store.get('nodes', undefined, nodeName);
  // calico-node does not run on a NotReady node (node-not-ready fault).
  if (!node || !isNodeReady(node)) return;
  const tunnel = assignTunnelIp(store, nodeName);
  const ip = nodeInternalIp(node);
  const annotations = { ...(node.metadata.annotations ?? {}) };
  if (ip) annotations[ADDRESS_ANNOTATION] = `${ip}/24`;
  if (tunnel) annotations[TUNNEL_ANNOTATION] = tunnel;
  else delete annotations[TUNNEL_ANNOTATION];
  if (JSON.stringify(annotations) === JSON.stringify(node.metadata.annotations ?? {})) return;
  store.update('nodes', undefined, nodeName, (draft) => {
    draft.metadata.annotations = annotations;
  });
}

export const startCalicoNodeController: Controller = (store, ctx) => {
  const queue = new WorkQueue(ctx.clock, (node) => reconcileNodeTunnel(store, node), 'calico-node');
  const all = (): void => {
    for (const n of store.list('nodes')) queue.add(n.metadata.name);
  };
  const onEvent = (event: StoreEvent): void => {
    const { resource, object, type } = event;
    if (resource.group === 'crd.projectcalico.org' && resource.plural === 'ippools') all();
    else if (resource.group === '' && resource.plural === 'nodes' && type !== 'DELETED')
      queue.add(object.metadata.name);
  };
  const unsubscribe = store.subscribe(onEvent);
  all();
  return () => {
    unsubscribe();
    queue.stop();
  };
};
