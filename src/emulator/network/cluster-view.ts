/**
 * Read-only questions about the cluster that DNS, ICMP and HTTP emulation share: which pod owns an
 * IP, which node a pod runs on, which endpoints back a Service. Everything comes from the store.
 */
import type { ClusterStore, KubeObject } from '../store/types.ts';
import { DEFAULT_DNS_IP } from './addresses.ts';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  /** The backing pod, when the address points at one. */
  podName?: string;
  podNamespace?: string;
}

export function podIp(pod: KubeObject): string | undefined {
  const ip = pod.status?.podIP;
  return typeof ip === 'string' && ip !== '' ? ip : undefined;
}

export function isRunning(pod: KubeObject): boolean {
  return pod.status?.phase === 'Running';
}

export function isHostNetwork(pod: KubeObject): boolean {
  return pod.spec?.hostNetwork === true;
}

export function podNodeName(pod: KubeObject): string | undefined {
  return pod.spec?.nodeName;
}

export function nodeInternalIp(node: KubeObject): string | undefined {
  const addrs: { type: string; address: string }[] = node.status?.addresses ?? [];
  return addrs.find((a) => a.type === 'InternalIP')?.address;
}

export function nodeByIp(store: ClusterStore, ip: string): KubeObject | undefined {
  return store.list('nodes').find((n) => nodeInternalIp(n) === ip);
}

export function nodeIpOf(store: ClusterStore, nodeName: string | undefined): string | undefined {
  if (!nodeName) return undefined;
  const node = store.get('nodes', undefined, nodeName);
  return node ? nodeInternalIp(node) : undefined;
}

/** The running, non-host-network pod that owns `ip` (host-network pods share the node's IP). */
export function podByIp(store: ClusterStore, ip: string): KubeObject | undefined {
  const pods = store.list('pods').filter((p) => podIp(p) === ip && isRunning(p));
  return pods.find((p) => !isHostNetwork(p)) ?? pods[0];
}

export function namespaceExists(store: ClusterStore, ns: string): boolean {
  if (store.get('namespaces', undefined, ns)) return true;
  return store.list('pods', ns).length > 0 || store.list('services', ns).length > 0;
}

export function isHeadless(svc: KubeObject): boolean {
  return svc.spec?.clusterIP === 'None';
}

export function clusterIpOf(svc: KubeObject): string | undefined {
  const ip = svc.spec?.clusterIP;
  return typeof ip === 'string' && ip !== '' && ip !== 'None' ? ip : undefined;
}

export function serviceByClusterIp(store: ClusterStore, ip: string): KubeObject | undefined {
  return store.list('services').find((s) => clusterIpOf(s) === ip || (s.spec?.clusterIPs ?? []).includes(ip));
}

function selectorMatches(
  selector: Record<string, string>,
  labels: Record<string, string> | undefined,
): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels?.[k] === selector[k]);
}

function isPodReady(pod: KubeObject): boolean {
  const conditions: { type: string; status: string }[] = pod.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  return ready ? ready.status === 'True' : isRunning(pod);
}

/**
 * Ready endpoint addresses of a Service: from its Endpoints object (what kube-proxy and CoreDNS
 * read), or, when the endpoints controller has not written one, from the pods its selector picks.
 */
export function readyEndpoints(store: ClusterStore, svc: KubeObject): EndpointAddress[] {
  const ns = svc.metadata.namespace ?? 'default';
  const ep = store.get('endpoints', ns, svc.metadata.name);
  if (ep) {
    const out: EndpointAddress[] = [];
    for (const subset of ep.subsets ?? []) {
      for (const a of subset.addresses ?? []) {
        if (out.some((o) => o.ip === a.ip)) continue;
        out.push({
          ip: a.ip,
          hostname: a.hostname,
          nodeName: a.nodeName,
          podName: a.targetRef?.kind === 'Pod' ? a.targetRef.name : undefined,
          podNamespace: a.targetRef?.kind === 'Pod' ? (a.targetRef.namespace ?? ns) : undefined,
        });
      }
    }
    return out;
  }
  const selector: Record<string, string> | undefined = svc.spec?.selector;
  if (!selector) return [];
  return store
    .list('pods', ns)
    .filter((p) => selectorMatches(selector, p.metadata.labels) && podIp(p) && isRunning(p) && isPodReady(p))
    .map((p) => ({
      ip: podIp(p) as string,
      hostname: p.spec?.subdomain === svc.metadata.name ? p.spec?.hostname : undefined,
      nodeName: podNodeName(p),
      podName: p.metadata.name,
      podNamespace: ns,
    }));
}

/** The pod behind an endpoint address (by targetRef, else by IP). */
export function podOfEndpoint(store: ClusterStore, ep: EndpointAddress): KubeObject | undefined {
  if (ep.podName && ep.podNamespace) {
    const pod = store.get('pods', ep.podNamespace, ep.podName);
    if (pod) return pod;
  }
  return podByIp(store, ep.ip);
}

/** kube-dns ClusterIP, read from the kube-system/kube-dns Service when it exists. */
export function dnsServiceIp(store: ClusterStore): string {
  const svc = store.get('services', 'kube-system', 'kube-dns');
  return (svc && clusterIpOf(svc)) || DEFAULT_DNS_IP;
}

/** Resolves a Service port's targetPort (number or container port name) for one backend pod. */
export function targetPortFor(
  servicePort: { port: number; targetPort?: number | string },
  pod?: KubeObject,
): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod?.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  }
  return undefined;
}
