/**
 * busybox ip (networking/libiproute @1_35_0) inside a Calico pod (reference §5): eth0 holds the pod
 * IP as a /32, tunl0@NONE exists without an address, the default route goes via 169.254.1.1.
 */
import { hashString } from '../../network/prng.ts';
import type { Command, ExecContext } from '../types.ts';
import { usage } from './getopt.ts';

const USAGE =
  'ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n\nOPTIONS := -f[amily] inet|inet6|link | -o[neline]';

interface Iface {
  index: number;
  name: string;
  line: string;
  link: string;
  inet?: string;
}

function mac(seed: string): string {
  const h = hashString(seed);
  const h2 = hashString(`${seed}/mac`);
  const bytes = [
    ((h >>> 24) & 0xfe) | 0x02,
    (h >>> 16) & 0xff,
    (h >>> 8) & 0xff,
    h & 0xff,
    (h2 >>> 8) & 0xff,
    h2 & 0xff,
  ];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

function interfaces(ctx: ExecContext): Iface[] {
  const podIp: string | undefined = ctx.pod.status?.podIP;
  const seed = ctx.pod.metadata.uid ?? ctx.pod.metadata.name;
  const peer = 7 + (hashString(seed) % 40);
  const list: Iface[] = [
    {
      index: 1,
      name: 'lo',
      line: 'lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000',
      link: 'link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      inet: '127.0.0.1/8 scope host lo',
    },
    {
      index: 2,
      name: 'tunl0',
      line: 'tunl0@NONE: <NOARP> mtu 1480 qdisc noop state DOWN qlen 1000',
      link: 'link/ipip 0.0.0.0 brd 0.0.0.0',
    },
  ];
  if (podIp) {
    list.push({
      index: 4,
      name: 'eth0',
      line: `eth0@if${peer}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1480 qdisc noqueue state UP `,
      link: `link/ether ${mac(seed)} brd ff:ff:ff:ff:ff:ff`,
      inet: `${podIp}/32 scope global eth0`,
    });
  }
  return list;
}

function addr(ctx: ExecContext, args: string[], family: string | undefined): { out: string; err?: string } {
  let dev: string | undefined;
  const rest = args[0] === 'show' || args[0] === 'list' || args[0] === 'ls' ? args.slice(1) : args;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === 'dev') dev = rest[++i];
    else if (!['up', 'scope', 'global'].includes(rest[i])) dev = rest[i];
  }
  let ifaces = interfaces(ctx);
  if (dev !== undefined) {
    ifaces = ifaces.filter((i) => i.name === dev);
    if (ifaces.length === 0) return { out: '', err: `ip: can't find device '${dev}'\n` };
  }
  if (family === 'inet') ifaces = ifaces.filter((i) => i.inet);
  let out = '';
  for (const i of ifaces) {
    out += `${i.index}: ${i.line}\n`;
    if (family !== 'inet') out += `    ${i.link}\n`;
    if (i.inet && family !== 'inet6')
      out += `    inet ${i.inet}\n       valid_lft forever preferred_lft forever\n`;
  }
  return { out };
}

export const ip: Command = (argv, ctx) => {
  const args = argv.slice(1);
  let family: string | undefined;
  while (args.length > 0 && args[0].startsWith('-')) {
    const o = args.shift()!;
    if (o === '-4') family = 'inet';
    else if (o === '-6') family = 'inet6';
    else if (o === '-f' || o === '-family') family = args.shift();
    else if (o !== '-o' && o !== '-oneline') return usage('ip', USAGE);
  }
  const obj = args.shift() ?? '';
  if (obj === '') return usage('ip', USAGE);
  if ('address'.startsWith(obj)) {
    const r = addr(ctx, args, family);
    return { stdout: r.out, stderr: r.err ?? '', exitCode: r.err ? 1 : 0 };
  }
  if ('route'.startsWith(obj)) {
    if (!ctx.pod.status?.podIP) return { stdout: '', stderr: '', exitCode: 0 };
    return {
      stdout: 'default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n',
      stderr: '',
      exitCode: 0,
    };
  }
  if ('link'.startsWith(obj)) {
    const out = interfaces(ctx)
      .map((i) => `${i.index}: ${i.line}\n    ${i.link}\n`)
      .join('');
    return { stdout: out, stderr: '', exitCode: 0 };
  }
  return { stdout: '', stderr: `ip: unknown command '${obj}'\n`, exitCode: 1 };
};
