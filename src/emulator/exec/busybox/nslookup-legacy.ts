/**
 * busybox ≤ 1.28 nslookup (the busybox:1.28 image the Kubernetes DNS-debugging docs use), before the
 * FEATURE_NSLOOKUP_BIG rewrite: networking/nslookup.c @1_28_4 `server_print` then `print_host`,
 * both through libc getaddrinfo + reverse lookups. Each host prints `printf("%-10s %s\n", header,
 * host)` and `Address N: IP NAME` per address (just `Address N: IP` when the reverse lookup fails);
 * a name that does not resolve prints `nslookup: can't resolve 'NAME'` on stderr, exit 1
 * (/work/shared/reference/container-tools-output.md §3; docs/reference-facts.md, busybox ≤ 1.28).
 */
import { isIPv4, reverseName } from '../../network/addresses.ts';
import type { DnsServer } from '../../network/dns.ts';
import type { Command, ExecContext } from '../types.ts';
import { usage } from './getopt.ts';

const USAGE =
  'nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server';

/** busybox images before 1.29 (`busybox:1.28`, `busybox:1.28.4-uclibc`). */
export function isLegacyBusybox(ctx: Pick<ExecContext, 'kind' | 'image'>): boolean {
  if (ctx.kind !== 'busybox') return false;
  const tag = /:([^:/@]+)(?:@.*)?$/.exec(ctx.image)?.[1] ?? '';
  const m = /^1\.(\d+)(?:[.-]|$)/.exec(tag);
  return m !== null && Number(m[1]) <= 28;
}

function pad(header: string): string {
  return header.padEnd(10, ' ');
}

function reverse(dns: DnsServer | undefined, ip: string): string | undefined {
  const reply = dns?.query(reverseName(ip), 'PTR');
  return reply?.rcode === 'NOERROR' ? reply.answers[0]?.value : undefined;
}

function addressLines(dns: DnsServer | undefined, ips: string[]): string {
  return ips
    .map((ip, i) => {
      const name = reverse(dns, ip);
      return `Address ${i + 1}: ${ip}${name ? ` ${name}` : ''}\n`;
    })
    .join('');
}

export const legacyNslookup: Command = (argv, ctx) => {
  const args = argv.slice(1);
  if (args.length < 1 || args.length > 2 || args[0].startsWith('-')) return usage('nslookup', USAGE);
  const [target, serverArg] = args;
  const conf = ctx.network.resolvConf(ctx.pod);
  const server = serverArg ?? conf.nameservers[0] ?? '127.0.0.1';
  if (!isIPv4(server)) return { stdout: '', stderr: `nslookup: bad address '${server}'\n`, exitCode: 1 };
  const dns = ctx.network.dnsAt(server);

  let stdout = `${pad('Server:')} ${server}\n${addressLines(dns, [server])}\n`;
  const resolution = isIPv4(target)
    ? { kind: 'ok' as const, ips: [target] }
    : dns
      ? ctx.network.resolve(target, ctx.pod)
      : { kind: 'timeout' as const };
  if (resolution.kind !== 'ok')
    return { stdout, stderr: `nslookup: can't resolve '${target}'\n`, exitCode: 1 };
  stdout += `${pad('Name:')} ${target}\n${addressLines(dns, resolution.ips)}`;
  return { stdout, stderr: '', exitCode: 0 };
};
