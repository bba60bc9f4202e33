/** Small IPv4 helpers for DNS names and ICMP/HTTP routing. */
import ipaddr from 'ipaddr.js';

export const CLUSTER_DOMAIN = 'cluster.local';
/** kube-dns ClusterIP on kubeadm/minikube (docs/reference-facts.md, kubectl-and-pods §4). */
export const DEFAULT_DNS_IP = '10.96.0.10';

export function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** `10.244.1.4` -> `10-244-1-4` (pod and endpoint DNS labels). */
export function dashedIp(ip: string): string {
  return ip.replaceAll('.', '-');
}

/** `10-244-1-4` -> `10.244.1.4`, or undefined when the label is not a dashed IPv4. */
export function undashIp(label: string): string | undefined {
  const ip = label.replaceAll('-', '.');
  return /^\d+(\.\d+){3}$/.test(ip) && isIPv4(ip) ? ip : undefined;
}

/** `10.244.1.4` -> `4.1.244.10.in-addr.arpa` (busybox make_ptr). */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** `4.1.244.10.in-addr.arpa` -> `10.244.1.4`. */
export function ipFromReverseName(name: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(name);
  if (!m) return undefined;
  const ip = `${m[4]}.${m[3]}.${m[2]}.${m[1]}`;
  return isIPv4(ip) ? ip : undefined;
}

export function isLoopback(ip: string): boolean {
  return isIPv4(ip) && ip.startsWith('127.');
}
