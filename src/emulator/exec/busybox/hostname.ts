/** busybox hostname: the pod name; `-i` resolves it through /etc/hosts to the pod IP (reference §5). */
import { hostsEntries } from '../../network/resolv.ts';
import type { Command } from '../types.ts';
import { getopt, usage } from './getopt.ts';

export const hostname: Command = (argv, ctx) => {
  const opts = getopt(argv.slice(1), 'isdfF:');
  if (opts.error)
    return usage(
      'hostname',
      "hostname [OPTIONS] [HOSTNAME | -F FILE]\n\nGet or set hostname or DNS domain name\n\n\t-s\tShort\n\t-i\tAddresses for the hostname\n\t-d\tDNS domain name\n\t-f\tFully qualified domain name\n\t-F FILE\tUse FILE's content as hostname",
      opts.error,
    );
  const name: string = ctx.pod.spec?.hostname ?? ctx.pod.metadata.name;
  if (opts.operands.length > 0 || opts.values.has('F'))
    return { stdout: '', stderr: 'hostname: sethostname: Operation not permitted\n', exitCode: 1 };
  if (opts.flags.has('i')) {
    const ips = hostsEntries(ctx.pod)
      .filter(([, names]) => names.includes(name))
      .map(([ip]) => ip);
    if (ips.length === 0) {
      // Host-network pods have no /etc/hosts entry; gethostbyname falls back to DNS and fails.
      return { stdout: '', stderr: `hostname: ${name}: Name does not resolve\n`, exitCode: 1 };
    }
    return { stdout: `${ips.join(' ')}\n`, stderr: '', exitCode: 0 };
  }
  if (opts.flags.has('d')) {
    const fqdn = hostsEntries(ctx.pod).find(([, names]) => names.includes(name))?.[1][0] ?? name;
    const dot = fqdn.indexOf('.');
    return { stdout: dot >= 0 ? `${fqdn.slice(dot + 1)}\n` : '\n', stderr: '', exitCode: 0 };
  }
  if (opts.flags.has('f')) {
    const fqdn = hostsEntries(ctx.pod).find(([, names]) => names.includes(name))?.[1][0] ?? name;
    return { stdout: `${fqdn}\n`, stderr: '', exitCode: 0 };
  }
  return { stdout: `${name}\n`, stderr: '', exitCode: 0 };
};
