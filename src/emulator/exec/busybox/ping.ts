/**
 * busybox ping (docs/reference-facts.md, container-tools-output §1, networking/ping.c @1_35_0): header, one line per reply,
 * statistics, `round-trip` only when something came back; exit 1 when nothing did. A missing `-c`
 * would ping forever: here it means 4 packets so an exec never hangs.
 */

import { roundTripMicros } from '../../network/icmp.ts';
import type { Command } from '../types.ts';
import { getopt, usage } from './getopt.ts';

const USAGE =
  'ping [OPTIONS] HOST\n\nSend ICMP ECHO_REQUESTs to HOST\n\n\t-4,-6\t\tForce IP or IPv6 name resolution\n\t-c CNT\t\tSend only CNT pings\n\t-s SIZE\t\tSend SIZE data bytes in packets (default 56)\n\t-i SECS\t\tInterval\n\t-A\t\tPing as soon as reply is received\n\t-t TTL\t\tSet TTL\n\t-I IFACE/IP\tSource interface or IP address\n\t-W SEC\t\tSeconds to wait for the first response (default 10)\n\t\t\t(after all -c CNT packets are sent)\n\t-w SEC\t\tSeconds until ping exits (default:infinite)\n\t\t\t(can exit earlier with -c CNT)\n\t-q\t\tQuiet, only display output at start/finish\n\t-p HEXBYTE\tPayload pattern';

const DEFAULT_COUNT = 4;

function ms(us: number): string {
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

export const ping: Command = async (argv, ctx) => {
  const opts = getopt(argv.slice(1), 'qvAc:s:t:w:W:I:np:i:46');
  if (opts.error || opts.operands.length !== 1) return usage('ping', USAGE, opts.error);
  const host = opts.operands[0];
  const num = (key: string, fallback: number) => {
    const v = opts.values.get(key);
    return v === undefined ? fallback : Number(v);
  };
  const deadline = opts.values.has('w') ? num('w', 0) : undefined;
  const interval = Math.max(0, num('i', 1));
  const timeout = num('W', 10);
  const size = num('s', 56);
  for (const [k, v] of opts.values) {
    if (['c', 'w', 'W', 's'].includes(k) && !/^\d+$/.test(v))
      return { stdout: '', stderr: `ping: invalid number '${v}'\n`, exitCode: 1 };
  }
  const requested = opts.values.has('c') ? num('c', 0) : 0;
  const byDeadline =
    deadline !== undefined ? Math.max(1, Math.ceil(deadline / Math.max(interval, 0.001))) : undefined;
  let count = requested > 0 ? requested : (byDeadline ?? DEFAULT_COUNT);
  if (byDeadline !== undefined) count = Math.min(count, byDeadline);

  const resolved = ctx.network.resolve(host, ctx.pod);
  if (resolved.kind !== 'ok') return { stdout: '', stderr: `ping: bad address '${host}'\n`, exitCode: 1 };
  const ip = resolved.ips[0];
  const path = ctx.network.echo(ctx.pod, ip);
  const random = ctx.network.random('ping');

  let stdout = `PING ${host} (${ip}): ${size} data bytes\n`;
  const rtts: number[] = [];
  for (let seq = 0; seq < count; seq++) {
    if (!path.reachable) continue;
    const rtt = roundTripMicros(path, seq, random);
    rtts.push(rtt);
    if (!opts.flags.has('q'))
      stdout += `${size + 8} bytes from ${ip}: seq=${seq} ttl=${path.ttl} time=${ms(rtt)} ms\n`;
  }
  const received = rtts.length;
  // Real duration: one interval per packet, then 2xRTT (>=1 s) or -W seconds with no reply at all.
  const tail = received > 0 ? 1 : timeout;
  await ctx.sleep(Math.min((count - 1) * interval + tail, deadline ?? Number.POSITIVE_INFINITY));
  stdout += `\n--- ${host} ping statistics ---\n${count} packets transmitted, ${received} packets received, `;
  stdout += `${Math.floor(((count - received) * 100) / count)}% packet loss\n`;
  if (received > 0) {
    const min = Math.min(...rtts);
    const max = Math.max(...rtts);
    const avg = Math.floor(rtts.reduce((a, b) => a + b, 0) / received);
    stdout += `round-trip min/avg/max = ${ms(min)}/${ms(avg)}/${ms(max)} ms\n`;
  }
  const failed = received === 0 || (deadline !== undefined && received < requested);
  return { stdout, stderr: '', exitCode: failed ? 1 : 0 };
};
