/**
 * Service IP/port allocation (what the apiserver's registry does on create): a ClusterIP from
 * 10.96.0.0/12, NodePorts from 30000-32767 for NodePort/LoadBalancer, defaults for ports and
 * policies. LoadBalancer services keep an empty `status.loadBalancer` (EXTERNAL-IP `<pending>`).
 */
import { nthAddress, parseCidr, SERVICE_CIDR } from '../../calico/cidr.ts';
import type { ClusterStore, KubeObject, StoreEvent } from '../store/types.ts';
import type { Controller } from './context.ts';
import { stableStringify } from './names.ts';

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

function usedClusterIps(store: ClusterStore): Set<string> {
  const used = new Set<string>();
  for (const svc of store.list('services'))
    for (const ip of svc.spec?.clusterIPs ?? [svc.spec?.clusterIP]) if (ip) used.add(ip);
  return used;
}

function usedNodePorts(store: ClusterStore): Set<number> {
  const used = new Set<number>();
  for (const svc of store.list('services'))
    for (const p of svc.spec?.ports ?? []) if (p.nodePort) used.add(p.nodePort);
  return used;
}

/** A free dynamic ClusterIP. The real allocator keeps the lowest 256 addresses for static IPs first. */
export function allocateClusterIp(store: ClusterStore, random: () => number): string {
  const size = 2 ** (32 - (parseCidr(SERVICE_CIDR)?.prefix ?? 12));
  const used = usedClusterIps(store);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const index = 256 + Math.floor(random() * (size - 257));
    const ip = nthAddress(SERVICE_CIDR, index);
    if (!used.has(ip)) return ip;
  }
  throw new Error('Internal error occurred: failed to allocate a serviceIP: range is full');
}

export function allocateNodePort(
  store: ClusterStore,
  random: () => number,
  taken: Set<number> = new Set(),
): number {
  const used = usedNodePorts(store);
  for (let attempt = 0; attempt < 10000; attempt++) {
    const port = NODE_PORT_MIN + Math.floor(random() * (NODE_PORT_MAX - NODE_PORT_MIN + 1));
    if (!used.has(port) && !taken.has(port)) return port;
  }
  throw new Error('Internal error occurred: failed to allocate a nodePort: range is full');
}

/**
 * Fills what the apiserver fills on create (idempotent): type, clusterIP(s), ipFamilies, port
 * protocol/targetPort, nodePorts, sessionAffinity, traffic policies. Returns a new spec/status.
 */
export function withServiceDefaults(store: ClusterStore, svc: KubeObject, random: () => number): KubeObject {
  const out = structuredClone(svc);
  out.spec ??= {};
  const spec = out.spec;
  spec.type ??= 'ClusterIP';
  if (spec.type !== 'ExternalName') {
    if (!spec.clusterIP) spec.clusterIP = allocateClusterIp(store, random);
    spec.clusterIPs ??= [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.internalTrafficPolicy ??= 'Cluster';
  }
  spec.sessionAffinity ??= 'None';
  const needsNodePort = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  const taken = new Set<number>();
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
    if (needsNodePort && !p.nodePort) {
      p.nodePort = allocateNodePort(store, random, taken);
      taken.add(p.nodePort);
    }
  }
  if (needsNodePort) spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  out.status ??= { loadBalancer: {} };
  return out;
}

export const startServiceController: Controller = (store, ctx) => {
  const random = ctx.random('service-ips');
  const fill = (svc: KubeObject): void => {
    const filled = withServiceDefaults(store, svc, random);
    if (stableStringify(filled.spec) === stableStringify(svc.spec) && svc.status) return;
    store.update('services', svc.metadata.namespace, svc.metadata.name, (draft) => {
      draft.spec = filled.spec;
      draft.status = filled.status;
    });
  };
  const onEvent = (event: StoreEvent): void => {
    if (event.type === 'DELETED' || event.resource.group !== '' || event.resource.plural !== 'services')
      return;
    fill(event.object);
  };
  const unsubscribe = store.subscribe(onEvent);
  for (const svc of store.list('services')) fill(svc);
  return unsubscribe;
};
