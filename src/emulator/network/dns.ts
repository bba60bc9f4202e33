/**
 * CoreDNS as minikube configures it (`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure
 * fallthrough in-addr.arpa ip6.arpa }`, hosts block with host.minikube.internal, forward to the node).
 * Records follow the Kubernetes DNS spec (docs/reference-facts.md, kubectl-and-pods §5). Without internet, anything forwarded
 * upstream is NXDOMAIN.
 */
import { HOST_GATEWAY_IP } from '../../minikube/network.ts';
import type { ClusterStore } from '../store/types.ts';
import { CLUSTER_DOMAIN, dashedIp, ipFromReverseName, isIPv4, undashIp } from './addresses.ts';
import { clusterIpOf, isHeadless, namespaceExists, readyEndpoints } from './cluster-view.ts';

export type RecordType = 'A' | 'AAAA' | 'PTR';
export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';

export interface DnsAnswer {
  name: string;
  type: RecordType;
  value: string;
}

export interface DnsReply {
  rcode: Rcode;
  /** AA bit: CoreDNS sets it for its own zones; forwarded answers are not authoritative. */
  authoritative: boolean;
  answers: DnsAnswer[];
}

const NXDOMAIN: DnsReply = { rcode: 'NXDOMAIN', authoritative: true, answers: [] };
const NODATA: DnsReply = { rcode: 'NOERROR', authoritative: true, answers: [] };

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function answersA(name: string, ips: string[], type: RecordType): DnsReply {
  if (type !== 'A') return NODATA;
  return { rcode: 'NOERROR', authoritative: true, answers: ips.map((value) => ({ name, type: 'A', value })) };
}

function serviceRecords(store: ClusterStore, name: string, labels: string[], type: RecordType): DnsReply {
  // labels are the parts before `svc.cluster.local`, outermost last: [..., service, namespace]
  if (labels.length === 0) return NODATA;
  const ns = labels[labels.length - 1];
  if (labels.length === 1) return namespaceExists(store, ns) ? NODATA : NXDOMAIN;
  const svc = store.get('services', ns, labels[labels.length - 2]);
  if (!svc) return NXDOMAIN;
  if (labels.length === 2) {
    if (svc.spec?.type === 'ExternalName') return NXDOMAIN;
    if (isHeadless(svc)) {
      const ips = readyEndpoints(store, svc).map((e) => e.ip);
      return ips.length === 0 ? NXDOMAIN : answersA(name, ips, type);
    }
    const ip = clusterIpOf(svc);
    return ip ? answersA(name, [ip], type) : NXDOMAIN;
  }
  if (labels.length === 3) {
    const label = labels[0];
    const eps = readyEndpoints(store, svc).filter((e) => e.hostname === label || dashedIp(e.ip) === label);
    return eps.length === 0
      ? NXDOMAIN
      : answersA(
          name,
          eps.map((e) => e.ip),
          type,
        );
  }
  return NXDOMAIN;
}

function podRecords(store: ClusterStore, name: string, labels: string[], type: RecordType): DnsReply {
  // `pods insecure`: any dashed IPv4 under an existing namespace answers with that IP.
  if (labels.length === 0) return NODATA;
  const ns = labels[labels.length - 1];
  if (!namespaceExists(store, ns)) return NXDOMAIN;
  if (labels.length === 1) return NODATA;
  if (labels.length !== 2) return NXDOMAIN;
  const ip = undashIp(labels[0]);
  return ip ? answersA(name, [ip], type) : NXDOMAIN;
}

function reverseRecords(store: ClusterStore, name: string, type: RecordType): DnsReply {
  const ip = ipFromReverseName(name);
  if (!ip || type !== 'PTR') return ip ? NODATA : NXDOMAIN;
  const names: string[] = [];
  for (const svc of store.list('services')) {
    const ns = svc.metadata.namespace ?? 'default';
    const svcName = `${svc.metadata.name}.${ns}.svc.${CLUSTER_DOMAIN}`;
    if (clusterIpOf(svc) === ip) names.push(svcName);
    for (const ep of readyEndpoints(store, svc)) {
      if (ep.ip === ip) names.push(`${ep.hostname ?? dashedIp(ip)}.${svcName}`);
    }
  }
  if (names.length === 0) return NXDOMAIN;
  return {
    rcode: 'NOERROR',
    authoritative: true,
    answers: names.map((value) => ({ name, type: 'PTR', value })),
  };
}

export interface DnsServer {
  /** One question, as a pod's resolver sends it to kube-dns. */
  query(name: string, type: RecordType): DnsReply;
}

export function createDnsServer(store: ClusterStore): DnsServer {
  return {
    query(rawName, type) {
      const name = normalize(rawName);
      if (name === 'host.minikube.internal') return answersA(name, [HOST_GATEWAY_IP], type);
      if (name.endsWith('.in-addr.arpa')) return reverseRecords(store, name, type);
      if (name === CLUSTER_DOMAIN) return NODATA;
      if (name.endsWith(`.${CLUSTER_DOMAIN}`)) {
        const labels = name.slice(0, -(CLUSTER_DOMAIN.length + 1)).split('.');
        const kind = labels.pop();
        if (kind === 'svc') return serviceRecords(store, name, labels, type);
        if (kind === 'pod') return podRecords(store, name, labels, type);
        return NXDOMAIN;
      }
      if (name === 'localhost') return answersA(name, ['127.0.0.1'], type);
      if (isIPv4(name)) return NXDOMAIN;
      // Forwarded to the node's resolver; the emulated cluster has no internet.
      return NXDOMAIN;
    },
  };
}
