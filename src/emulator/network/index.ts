export { CLUSTER_DOMAIN, DEFAULT_DNS_IP, dashedIp, reverseName } from './addresses.ts';
export { type ClockLike, type ClusterNetworkDeps, createClusterNetwork } from './cluster-network.ts';
export { createDnsServer, type DnsReply, type DnsServer, type RecordType } from './dns.ts';
export { type EchoPath, echoPath } from './icmp.ts';
export { formatResolvConf, type Resolution, type ResolvConf, resolvConfFor } from './resolv.ts';
export type { ClusterNetwork, ConnectOutcome, HttpOutcome, NetSource } from './types.ts';
