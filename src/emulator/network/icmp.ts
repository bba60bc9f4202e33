/**
 * Which echo requests get a reply, and with which TTL (docs/reference-facts.md, container-tools-output §1: 64 from the pod
 * itself, 63 from a pod on the same node, 62 across nodes over IPIP). The TTL is 64 minus the routers
 * that forward the reply: the target's node (unless it delivers to itself) and the source's node
 * (unless the source lives in the host network namespace).
 */

import { HOST_GATEWAY_IP } from '../../minikube/network.ts';
import type { SimOptions } from '../config.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';
import { isLoopback } from './addresses.ts';
import { isHostNetwork, nodeByIp, podByIp, podIp, podNodeName } from './cluster-view.ts';

export type EchoTarget = 'self' | 'pod' | 'node' | 'gateway';

export interface EchoPath {
  /** Replies come back. False for ClusterIPs, unknown IPs and ICMP dropped by the icmpBlocked fault. */
  reachable: boolean;
  ttl: number;
  /** What answered; drives the emulated round-trip time. */
  target?: EchoTarget;
  sameNode: boolean;
}

const UNREACHABLE: EchoPath = { reachable: false, ttl: 0, sameNode: false };

export function echoPath(
  store: ClusterStore,
  options: SimOptions,
  from: KubeObject,
  targetIp: string,
): EchoPath {
  const sourceIp = podIp(from);
  const sourceNode = podNodeName(from);
  const sourceHostNet = isHostNetwork(from);
  if (isLoopback(targetIp) || targetIp === sourceIp)
    return { reachable: true, ttl: 64, target: 'self', sameNode: true };

  const targetPod = podByIp(store, targetIp);
  if (targetPod && !isHostNetwork(targetPod)) {
    const sameNode = podNodeName(targetPod) === sourceNode;
    if (options.faults.icmpBlocked && !sameNode && !sourceHostNet) return UNREACHABLE;
    let forwards = 0;
    if (!(sourceHostNet && sameNode)) forwards++;
    if (!sameNode && !sourceHostNet) forwards++;
    return { reachable: true, ttl: 64 - forwards, target: 'pod', sameNode };
  }
  const node = nodeByIp(store, targetIp);
  if (node) {
    const sameNode = node.metadata.name === sourceNode;
    return { reachable: true, ttl: sameNode || sourceHostNet ? 64 : 63, target: 'node', sameNode };
  }
  if (targetIp === HOST_GATEWAY_IP)
    return { reachable: true, ttl: sourceHostNet ? 64 : 63, target: 'gateway', sameNode: false };
  return UNREACHABLE;
}

/** Plausible round-trip in microseconds; the first packet of a run pays for ARP/conntrack setup. */
export function roundTripMicros(path: EchoPath, seq: number, random: () => number): number {
  const base = path.target === 'self' ? 40 : path.sameNode ? 60 : 110;
  const spread = path.target === 'self' ? 40 : path.sameNode ? 90 : 220;
  const warmup = seq === 0 ? (path.sameNode ? 80 : 180) + Math.floor(random() * 300) : 0;
  return base + Math.floor(random() * spread) + warmup;
}
