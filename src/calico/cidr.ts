/**
 * CIDR arithmetic for IP pools, pod and service ranges (ipaddr.js underneath).
 * Parsing follows Go's net.ParseCIDR, which Calico uses: dotted-quad IPv4 without leading zeros,
 * IPv6 without a zone, a decimal prefix within the address size. Host bits may be set (Calico then
 * reports "not strictly masked"), so ParsedCidr keeps both the text and the masked network.
 */
import ipaddr from 'ipaddr.js';

export interface ParsedCidr {
  readonly text: string;
  kind: 'ipv4' | 'ipv6';
  /** Network address (host bits cleared), e.g. `192.168.0.0` for `192.168.0.5/24`. */
  network: string;
  prefix: number;
  /** The address part had bits set below the prefix (`192.168.0.5/24`). */
  hostBitsSet: boolean;
  /** `network/prefix`, like Go's `IPNet.String()`. */
  canonical: string;
}

/** kubeadm/minikube default service CIDR (`--service-cluster-ip-range`). */
export const SERVICE_CIDR = '10.96.0.0/12';

const PREFIX_RE = /^\d{1,3}$/;

export function parseCidr(text: string): ParsedCidr | null {
  // Every pool rule parses the same few CIDRs again (the checks, the apply policy, the reserved
  // ranges): parsing was the largest cost of a static grade. Results are frozen, so sharing is safe.
  const hit = parsed.get(text);
  if (hit !== undefined) return hit;
  if (parsed.size >= PARSED_MAX) parsed.clear();
  const result = parseCidrUncached(text);
  parsed.set(text, result && Object.freeze(result));
  return result;
}

const PARSED_MAX = 4096;
const parsed = new Map<string, ParsedCidr | null>();

function parseCidrUncached(text: string): ParsedCidr | null {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return null;
  const addrText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!PREFIX_RE.test(prefixText)) return null;
  const prefix = Number(prefixText);
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(addrText)) {
    addr = ipaddr.IPv4.parse(addrText);
  } else if (addrText.includes(':') && !addrText.includes('%') && ipaddr.IPv6.isValid(addrText)) {
    addr = ipaddr.IPv6.parse(addrText);
  } else {
    return null;
  }
  const kind = addr.kind();
  if (prefix > (kind === 'ipv4' ? 32 : 128)) return null;
  const networkAddr =
    kind === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${prefix}`);
  const network = networkAddr.toString();
  return {
    text,
    kind,
    network,
    prefix,
    hostBitsSet: network !== addr.toString(),
    canonical: `${network}/${prefix}`,
  };
}

function parseIp(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(ip)) return ipaddr.IPv4.parse(ip);
  if (ip.includes(':') && !ip.includes('%') && ipaddr.IPv6.isValid(ip)) return ipaddr.IPv6.parse(ip);
  return null;
}

/** The network as ipaddr.js needs it for `match`; cached like parseCidr (ipaddr objects are not mutated). */
function parseNet(cidr: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  const hit = nets.get(cidr);
  if (hit !== undefined) return hit;
  const parsed = parseCidr(cidr);
  const net: [ipaddr.IPv4 | ipaddr.IPv6, number] | null =
    parsed === null ? null : [ipaddr.parse(parsed.network), parsed.prefix];
  if (nets.size >= PARSED_MAX) nets.clear();
  nets.set(cidr, net);
  return net;
}

const nets = new Map<string, [ipaddr.IPv4 | ipaddr.IPv6, number] | null>();

/** Is `ip` inside `cidr`? False for garbage or an IPv4/IPv6 mismatch. */
export function cidrContains(cidr: string, ip: string): boolean {
  const net = parseNet(cidr);
  const addr = parseIp(ip);
  if (net === null || addr === null || net[0].kind() !== addr.kind()) return false;
  return addr.match(net);
}

/** Do two CIDRs share any address? False for garbage or mixed families. */
export function cidrsOverlap(a: string, b: string): boolean {
  const na = parseNet(a);
  const nb = parseNet(b);
  if (na === null || nb === null || na[0].kind() !== nb[0].kind()) return false;
  return na[0].match(nb[0], Math.min(na[1], nb[1]));
}

/** Number of addresses: 2**(bits - prefix). IPv6 sizes are returned as (possibly huge) floats. NaN on garbage. */
export function cidrSize(cidr: string): number {
  const parsed = parseCidr(cidr);
  if (parsed === null) return Number.NaN;
  return 2 ** ((parsed.kind === 'ipv4' ? 32 : 128) - parsed.prefix);
}

function v4ToInt(addr: ipaddr.IPv4): number {
  const [a, b, c, d] = addr.octets;
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

function intToV4(n: number): string {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

/** The n-th address of an IPv4 CIDR (0 = network address). Throws RangeError outside the range or on garbage. */
export function nthAddress(cidr: string, n: number): string {
  const parsed = parseCidr(cidr);
  if (parsed === null || parsed.kind !== 'ipv4') throw new RangeError(`not an IPv4 CIDR: ${cidr}`);
  const size = 2 ** (32 - parsed.prefix);
  if (!Number.isInteger(n) || n < 0 || n >= size) {
    throw new RangeError(`address index ${n} outside ${parsed.canonical} (size ${size})`);
  }
  return intToV4(v4ToInt(ipaddr.IPv4.parse(parsed.network)) + n);
}

/** Inverse of nthAddress: the offset of `ip` from the network address; -1 if outside, garbage or not IPv4. */
export function addressIndex(cidr: string, ip: string): number {
  const parsed = parseCidr(cidr);
  if (parsed === null || parsed.kind !== 'ipv4') return -1;
  if (!ipaddr.IPv4.isValidFourPartDecimal(ip) || !cidrContains(parsed.canonical, ip)) return -1;
  return v4ToInt(ipaddr.IPv4.parse(ip)) - v4ToInt(ipaddr.IPv4.parse(parsed.network));
}

export type V4Class = 'private' | 'public' | 'loopback' | 'link-local' | 'other';

/**
 * Classifies an IPv4 CIDR by its whole range: RFC 1918 private, loopback 127/8, link-local 169.254/16,
 * public (global unicast), or 'other' (shared 100.64/10, multicast, reserved, a range straddling classes,
 * garbage, IPv6).
 */
export function classifyV4(cidr: string): V4Class {
  const parsed = parseCidr(cidr);
  if (parsed === null || parsed.kind !== 'ipv4') return 'other';
  const first = ipaddr.IPv4.parse(parsed.network);
  const last = ipaddr.IPv4.broadcastAddressFromCIDR(parsed.canonical);
  const a = classifyAddress(first);
  return a === classifyAddress(last) && (a !== 'public' || !spansSpecialRange(parsed)) ? a : 'other';
}

const RANGE_CLASS: Record<string, V4Class> = {
  private: 'private',
  loopback: 'loopback',
  linkLocal: 'link-local',
  unicast: 'public',
};

function classifyAddress(addr: ipaddr.IPv4): V4Class {
  return RANGE_CLASS[addr.range()] ?? 'other';
}

/** Special-purpose blocks (ipaddr.js ranges other than unicast) that a large "public" CIDR could contain. */
const SPECIAL_V4: readonly [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.31.196.0', 24],
  ['192.52.193.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['192.175.48.0', 24],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

function spansSpecialRange(parsed: ParsedCidr): boolean {
  return SPECIAL_V4.some(([net, len]) => cidrsOverlap(parsed.canonical, `${net}/${len}`));
}
