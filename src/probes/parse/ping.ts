/**
 * Reads the output of `ping -c N TARGET` run inside a pod. The app image is node:14-alpine, so the
 * format is busybox's (docs/reference-facts.md, container-tools-output §1); iputils output (§2, e.g. a debug pod) is read
 * too and flagged, so a driver that pings from another image still gets numbers.
 */

export interface PingStats {
  /** busybox (the app image) or iputils (glibc images); the latter only for robustness. */
  format: 'busybox' | 'iputils';
  /** The target as typed (a name or an IP). */
  target: string;
  /** The address ping resolved the target to. */
  ip: string;
  transmitted: number;
  received: number;
  duplicates?: number;
  /** As printed (integer percent in both formats). */
  lossPct: number;
  rtt?: { min: number; avg: number; max: number };
  /**
   * False when the statistics block is missing (ping was killed, e.g. by a timeout): the numbers are
   * then counted from the reply lines and `transmitted` is a lower bound.
   */
  complete: boolean;
}

const BUSYBOX_HEADER = /^PING (\S+) \(([^)]+)\): \d+ data bytes$/m;
const IPUTILS_HEADER = /^PING (\S+) \(([^)]+)\) \d+\(\d+\) bytes of data\.$/m;
const BUSYBOX_STATS =
  /^(\d+) packets transmitted, (\d+) packets received, (?:(\d+) duplicates, )?(\d+)% packet loss$/m;
const IPUTILS_STATS =
  /^(\d+) packets transmitted, (\d+) received, (?:\+(\d+) duplicates, )?(?:\+\d+ errors, )?(\d+(?:\.\d+)?)% packet loss/m;
const BUSYBOX_RTT = /^round-trip min\/avg\/max = ([\d.]+)\/([\d.]+)\/([\d.]+) ms$/m;
const IPUTILS_RTT = /^rtt min\/avg\/max\/mdev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/[\d.]+ ms$/m;
const REPLY = /^\d+ bytes from [^:]+: (?:icmp_)?seq=\d+ ttl=\d+ time=[\d.]+ ms(?: \(DUP!\))?$/gm;

/** Statistics of a ping run, or null when the output holds no ping header (bad address, no ping binary). */
export function parseBusyboxPing(output: string): PingStats | null {
  const text = output.replace(/\r\n?/g, '\n');
  const busybox = BUSYBOX_HEADER.exec(text);
  const header = busybox ?? IPUTILS_HEADER.exec(text);
  if (!header) return null;
  const format = busybox ? 'busybox' : 'iputils';
  const stats = (format === 'busybox' ? BUSYBOX_STATS : IPUTILS_STATS).exec(text);
  const rtt = (format === 'busybox' ? BUSYBOX_RTT : IPUTILS_RTT).exec(text);
  const base = { format, target: header[1] as string, ip: header[2] as string } as const;
  const rttPart = rtt ? { rtt: { min: Number(rtt[1]), avg: Number(rtt[2]), max: Number(rtt[3]) } } : {};
  if (stats) {
    return {
      ...base,
      transmitted: Number(stats[1]),
      received: Number(stats[2]),
      ...(stats[3] !== undefined ? { duplicates: Number(stats[3]) } : {}),
      lossPct: Number(stats[4]),
      ...rttPart,
      complete: true,
    };
  }
  const replies = (text.match(REPLY) ?? []).filter((l) => !l.endsWith('(DUP!)')).length;
  return { ...base, transmitted: replies, received: replies, lossPct: 0, ...rttPart, complete: false };
}

/** Why ping printed no statistics: the name did not resolve (busybox `bad address`, iputils glibc message). */
export function pingResolveFailure(output: string): { name: string } | null {
  const busybox = /ping: bad address '([^']*)'/.exec(output);
  if (busybox) return { name: busybox[1] as string };
  const iputils = /ping: ([^:\s]+): (?:Name or service not known|Temporary failure in name resolution)/.exec(
    output,
  );
  return iputils ? { name: iputils[1] as string } : null;
}
