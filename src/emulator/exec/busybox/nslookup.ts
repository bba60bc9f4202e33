/**
 * busybox nslookup, FEATURE_NSLOOKUP_BIG (docs/reference-facts.md, container-tools-output §3, networking/nslookup.c @1_35_0):
 * everything on stdout; search domains only for names without a dot; A and AAAA queries; one
 * `** server can't find NAME: NXDOMAIN` per failed query and exit 1. busybox ≤ 1.28: nslookup-legacy.ts.
 */
import { isIPv4, reverseName } from '../../network/addresses.ts';
import type { DnsServer, RecordType } from '../../network/dns.ts';
import type { Command } from '../types.ts';
import { usage } from './getopt.ts';
import { isLegacyBusybox, legacyNslookup } from './nslookup-legacy.ts';

const USAGE =
  'nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any';
const TYPES = ['a', 'aaaa', 'cname', 'mx', 'ns', 'ptr', 'soa', 'srv', 'txt', 'any'];

function replyFor(dns: DnsServer, name: string, type: string) {
  const t = type.toUpperCase();
  if (t === 'A' || t === 'AAAA' || t === 'PTR') return dns.query(name, t as RecordType);
  // Other record types are not emulated: the name's existence decides NXDOMAIN vs an empty answer.
  const a = dns.query(name, 'A');
  return { ...a, answers: [] };
}

export const nslookup: Command = (argv, ctx) => {
  if (isLegacyBusybox(ctx)) return legacyNslookup(argv, ctx);
  const args = argv.slice(1);
  const types: string[] = [];
  while (args.length > 0 && args[0].startsWith('-')) {
    const [opt, val = ''] = args.shift()!.slice(1).split('=', 2);
    if (opt === 'type' || opt === 'querytype' || opt === 'q' || opt === 'query') {
      if (!TYPES.includes(val.toLowerCase()))
        return { stdout: '', stderr: `nslookup: invalid query type "${val}"\n`, exitCode: 1 };
      types.push(val.toLowerCase());
    } else if (!['debug', 'port', 'retry', 't', 'timeout'].includes(opt)) return usage('nslookup', USAGE);
  }
  if (args.length < 1 || args.length > 2) return usage('nslookup', USAGE);
  const [target, serverArg] = args;

  const conf = ctx.network.resolvConf(ctx.pod);
  const servers =
    serverArg !== undefined ? [serverArg] : conf.nameservers.length > 0 ? conf.nameservers : ['127.0.0.1'];
  for (const s of servers) {
    if (!isIPv4(s)) return { stdout: '', stderr: `nslookup: bad address '${s}'\n`, exitCode: 1 };
  }

  const queries: { name: string; type: string }[] = [];
  const withSearch = (type: string) => {
    if (type === 'ptr' || conf.search.length === 0 || target.includes('.'))
      queries.push({ name: target, type });
    else for (const domain of conf.search) queries.push({ name: `${target}.${domain}`, type });
  };
  if (types.length === 0) {
    if (isIPv4(target)) queries.push({ name: reverseName(target), type: 'ptr' });
    else {
      withSearch('a');
      withSearch('aaaa');
    }
  } else for (const t of TYPES) if (types.includes(t)) withSearch(t);

  const server = servers.find((s) => ctx.network.dnsAt(s) !== undefined);
  const dns = server !== undefined ? ctx.network.dnsAt(server) : undefined;
  if (!dns || server === undefined) {
    return { stdout: ';; connection timed out; no servers could be reached\n\n', stderr: '', exitCode: 1 };
  }
  let out = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  let exitCode = 0;
  for (const q of queries) {
    const reply = replyFor(dns, q.name, q.type);
    if (reply.rcode !== 'NOERROR') {
      out += `** server can't find ${q.name}: ${reply.rcode}\n`;
      exitCode = 1;
    } else {
      if (!reply.authoritative) out += 'Non-authoritative answer:\n';
      for (const a of reply.answers) {
        out +=
          a.type === 'PTR' ? `${a.name}\tname = ${a.value}\n` : `Name:\t${a.name}\nAddress: ${a.value}\n`;
      }
    }
    out += '\n';
  }
  return { stdout: out, stderr: '', exitCode };
};
