/**
 * Which IP pool CIDRs a grade accepts, beyond what calicoctl itself validates (ippool.ts): one rule,
 * used by the live apply policy (before anything is created) and by the static checks
 * pools.cidr-valid and pools.no-overlap, so both say the same thing.
 *
 * - size: an IPv4 pool wider than /8 (the largest private block, 10.0.0.0/8) necessarily routes
 *   public address space into the cluster, and 0.0.0.0/0 captures every destination; IPv6: /48.
 * - special ranges: addresses that can never be pod addresses — "this network" 0.0.0.0/8,
 *   loopback, link-local (calicoctl refuses it too), multicast and the reserved 240.0.0.0/4.
 * - reserved networks: the node network (pods there shadow the nodes' own addresses: kubelet,
 *   the API server and NodePorts become unreachable) and the service CIDR (kube-proxy captures
 *   those addresses, so pods there are unreachable).
 * - overlaps between pools (calicoctl refuses the second one).
 */
import { cidrsOverlap, parseCidr } from './cidr.ts';

export type PoolRule = 'pool-size' | 'special-range' | 'reserved-network' | 'pool-overlap';

export interface PoolProblem {
  pool: string;
  rule: PoolRule;
  message: string;
}

export interface ReservedNetwork {
  cidr: string;
  /** e.g. `the service CIDR`, `node minikube's address`. */
  what: string;
}

export interface PoolPolicy {
  /** Shortest IPv4 prefix a pool may have (8: no wider than 10.0.0.0/8). */
  minPrefixV4: number;
  reserved: readonly ReservedNetwork[];
}

const MIN_PREFIX_V6 = 48;

const SPECIAL: readonly { cidr: string; what: string }[] = [
  { cidr: '0.0.0.0/8', what: '"this network" range 0.0.0.0/8' },
  { cidr: '127.0.0.0/8', what: 'loopback range 127.0.0.0/8' },
  { cidr: '169.254.0.0/16', what: 'IPv4 link-local range 169.254.0.0/16' },
  { cidr: '224.0.0.0/4', what: 'multicast range 224.0.0.0/4' },
  { cidr: '240.0.0.0/4', what: 'reserved range 240.0.0.0/4' },
  { cidr: '::1/128', what: 'IPv6 loopback ::1' },
  { cidr: 'fe80::/10', what: 'IPv6 link-local range fe80::/10' },
  { cidr: 'ff00::/8', what: 'IPv6 multicast range ff00::/8' },
];

/** The problems of one pool's CIDR on its own (an unparsable CIDR is calicoctl's to report). */
export function poolCidrProblems(pool: { name: string; cidr: string }, policy: PoolPolicy): PoolProblem[] {
  const parsed = parseCidr(pool.cidr);
  if (!parsed) return [];
  const cidr = parsed.canonical;
  const problems: PoolProblem[] = [];
  const add = (rule: PoolRule, message: string) => problems.push({ pool: pool.name, rule, message });
  const min = parsed.kind === 'ipv4' ? policy.minPrefixV4 : MIN_PREFIX_V6;
  if (parsed.prefix < min)
    add(
      'pool-size',
      parsed.kind === 'ipv4'
        ? `cidr ${cidr} is wider than /${min}: no private block is (the largest is 10.0.0.0/8), so it would route public addresses${parsed.prefix === 0 ? ' — every address' : ''} into the cluster`
        : `cidr ${cidr} is wider than /${min}`,
    );
  for (const s of SPECIAL)
    if (cidrsOverlap(cidr, s.cidr)) add('special-range', `cidr ${cidr} overlaps the ${s.what}`);
  for (const r of policy.reserved)
    if (cidrsOverlap(cidr, r.cidr))
      add('reserved-network', `cidr ${cidr} overlaps ${r.what} ${r.cidr.replace(/\/(32|128)$/, '')}`);
  return problems;
}

/** Every pair of pools that share addresses, reported on the later one (as calicoctl would). */
export function poolOverlaps(pools: readonly { name: string; cidr: string }[]): PoolProblem[] {
  const problems: PoolProblem[] = [];
  pools.forEach((b, j) => {
    for (const a of pools.slice(0, j))
      if (parseCidr(a.cidr) && parseCidr(b.cidr) && cidrsOverlap(a.cidr, b.cidr))
        problems.push({
          pool: b.name,
          rule: 'pool-overlap',
          message: `cidr ${b.cidr} overlaps ${a.name}'s ${a.cidr}`,
        });
  });
  return problems;
}

/** The reserved networks known without a cluster: the rubric's node network and service CIDR. */
export function staticReservedNetworks(nodeNetwork: string, serviceCidr: string): ReservedNetwork[] {
  return [
    { cidr: nodeNetwork, what: "the node network (minikube's docker network)" },
    { cidr: serviceCidr, what: 'the service CIDR' },
  ];
}
