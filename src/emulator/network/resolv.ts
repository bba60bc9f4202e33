/**
 * A pod's resolver configuration (kubelet ClusterFirst, docs/reference-facts.md, kubectl-and-pods §5) and musl's
 * getaddrinfo walk over it (what ping, wget and node use in the alpine-based app image).
 */

import { HOST_GATEWAY_IP } from '../../minikube/network.ts';
import type { KubeObject } from '../store/types.ts';
import { CLUSTER_DOMAIN, isIPv4 } from './addresses.ts';
import { isHostNetwork, podIp } from './cluster-view.ts';
import type { DnsServer } from './dns.ts';

export interface ResolvConf {
  search: string[];
  nameservers: string[];
  ndots: number;
  /** Extra `options` tokens, e.g. `edns0` on the node. */
  options: string[];
}

/** minikube (docker driver) node resolv.conf: Docker's embedded DNS behind the network gateway. */
const NODE_RESOLV: ResolvConf = {
  search: [],
  nameservers: [HOST_GATEWAY_IP],
  ndots: 0,
  options: ['edns0', 'trust-ad'],
};

export function resolvConfFor(pod: KubeObject, dnsIp: string): ResolvConf {
  const ns = pod.metadata.namespace ?? 'default';
  const policy: string = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  const clusterFirst =
    policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !isHostNetwork(pod));
  if (policy === 'None') {
    const cfg = pod.spec?.dnsConfig ?? {};
    return { search: cfg.searches ?? [], nameservers: cfg.nameservers ?? [], ndots: 5, options: [] };
  }
  if (!clusterFirst) return NODE_RESOLV;
  return {
    search: [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN],
    nameservers: [dnsIp],
    ndots: 5,
    options: [],
  };
}

export function formatResolvConf(conf: ResolvConf): string {
  const lines: string[] = [];
  if (conf.search.length > 0) lines.push(`search ${conf.search.join(' ')}`);
  for (const ns of conf.nameservers) lines.push(`nameserver ${ns}`);
  lines.push(`options ${[...conf.options, `ndots:${conf.ndots}`].join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** kubelet-managed /etc/hosts entries as (ip, names) pairs, used by musl before DNS. */
export function hostsEntries(pod: KubeObject): [string, string[]][] {
  const entries: [string, string[]][] = [
    ['127.0.0.1', ['localhost']],
    ['::1', ['localhost', 'ip6-localhost', 'ip6-loopback']],
    ['fe00::0', ['ip6-localnet']],
    ['fe00::0', ['ip6-mcastprefix']],
    ['fe00::1', ['ip6-allnodes']],
    ['fe00::2', ['ip6-allrouters']],
  ];
  const ip = podIp(pod);
  if (ip && !isHostNetwork(pod)) {
    const hostname: string = pod.spec?.hostname ?? pod.metadata.name;
    const subdomain: string | undefined = pod.spec?.subdomain;
    const ns = pod.metadata.namespace ?? 'default';
    entries.push([
      ip,
      subdomain ? [`${hostname}.${subdomain}.${ns}.svc.${CLUSTER_DOMAIN}`, hostname] : [hostname],
    ]);
  }
  for (const alias of pod.spec?.hostAliases ?? []) entries.push([alias.ip, alias.hostnames ?? []]);
  return entries;
}

export type Resolution =
  | { kind: 'ok'; ips: string[] }
  | { kind: 'not-found' }
  /** No DNS server answered (the dnsBroken fault, or a nameserver that is not kube-dns). */
  | { kind: 'timeout' };

/**
 * musl lookup_name: numeric address, /etc/hosts, then DNS. With fewer dots than ndots the search
 * domains come first and the bare name last; NXDOMAIN moves on, an empty NOERROR answer stops.
 */
export function resolveLikeMusl(
  name: string,
  pod: KubeObject,
  conf: ResolvConf,
  dnsFor: (server: string) => DnsServer | undefined,
): Resolution {
  if (isIPv4(name)) return { kind: 'ok', ips: [name] };
  const lower = name.toLowerCase().replace(/\.$/, '');
  for (const [ip, names] of hostsEntries(pod)) {
    if (isIPv4(ip) && names.some((n) => n.toLowerCase() === lower)) return { kind: 'ok', ips: [ip] };
  }
  const dns = conf.nameservers.map(dnsFor).find((d) => d !== undefined);
  if (!dns) return { kind: 'timeout' };
  const dots = lower.split('.').length - 1;
  const candidates = dots >= conf.ndots || name.endsWith('.') ? [] : conf.search.map((d) => `${lower}.${d}`);
  candidates.push(lower);
  for (const candidate of candidates) {
    const reply = dns.query(candidate, 'A');
    if (reply.rcode === 'SERVFAIL') return { kind: 'not-found' };
    if (reply.rcode === 'NXDOMAIN') continue;
    const ips = reply.answers.filter((a) => a.type === 'A').map((a) => a.value);
    return ips.length > 0 ? { kind: 'ok', ips } : { kind: 'not-found' };
  }
  return { kind: 'not-found' };
}
