/**
 * busybox wget (docs/reference-facts.md, container-tools-output §4, networking/wget.c @1_35_0): `-qO- URL` prints only the
 * body; errors on stderr (`bad address`, `can't connect to remote host (IP): Connection refused`,
 * `server returned error: HTTP/1.1 404 Not Found`, `download timed out` with -T), exit 1.
 */
import { normalizePath } from '../fs.ts';
import type { Command, CommandResult } from '../types.ts';
import { getopt, usage } from './getopt.ts';

const USAGE =
  "wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n\n\t--spider\tOnly check URL existence: $? is 0 if exists\n\t--header STR\tAdd STR (of form 'header: value') to headers\n\t--post-data STR\tSend STR using POST method\n\t--post-file FILE\tSend FILE using POST method\n\t--no-check-certificate\tDon't validate the server's certificate\n\t-c\t\tContinue retrieval of aborted transfer\n\t-q\t\tQuiet\n\t-P DIR\t\tSave to DIR (default .)\n\t-S    \t\tShow server response\n\t-T SEC\t\tNetwork read timeout is SEC seconds\n\t-O FILE\t\tSave to FILE ('-' for stdout)\n\t-o LOGFILE\tLog messages to FILE\n\t-U STR\t\tUse STR for User-Agent header\n\t-Y on/off\tUse proxy";

/** libbb smart_ulltoa5: a 5-character size (`  644`, `97.6k`). */
export function smartSize5(n: number): string {
  let v = n;
  let idx = 0;
  if (v > 99999) {
    v *= 10;
    do {
      v = Math.floor(v / 1024);
      idx++;
    } while (v >= 100000);
  }
  const scale = ' kMGTPEZY';
  if (idx === 0) return String(v).padStart(5, ' ');
  const u = Math.floor(v / 10);
  const tenth = v % 10;
  if (u >= 100) return `${String(u).padStart(4, ' ')}${scale[idx]}`;
  return `${String(u).padStart(2, ' ')}.${tenth}${scale[idx]}`;
}

/** The non-tty progress line printed once at the end (libbb/progress.c, 80-column default). */
export function progressLine(file: string, size: number): string {
  return `${file.padEnd(20, ' ').slice(0, 20)} 100% |${'*'.repeat(32)}| ${smartSize5(size)}  0:00:00 ETA\n`;
}

export const wget: Command = async (argv, ctx) => {
  const opts = getopt(argv.slice(1), 'cqSsO:o:P:Y:U:T:t:', {
    continue: 'c',
    quiet: 'q',
    'server-response': 'S',
    'output-document': 'O',
    'output-file': 'o',
    'directory-prefix': 'P',
    proxy: 'Y',
    'user-agent': 'U',
    timeout: 'T',
    tries: 't',
    spider: 's',
  });
  if (opts.error || opts.operands.length === 0) return usage('wget', USAGE, opts.error);
  const quiet = opts.flags.has('q');
  const timeoutSec = opts.values.has('T') ? Number(opts.values.get('T')) : undefined;
  let stdout = '';
  let stderr = '';
  const die = (msg: string): CommandResult => ({ stdout, stderr: `${stderr}wget: ${msg}\n`, exitCode: 1 });

  for (const url of opts.operands) {
    const hostPart = url.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '').split(/[/?#]/)[0];
    const outcome = ctx.network.httpGet({ kind: 'pod', pod: ctx.pod }, url, {
      headers: { 'user-agent': opts.values.get('U') ?? 'Wget' },
    });
    if (outcome.kind === 'bad-url') return die(`not an http or ftp url: ${url}`);
    if (outcome.kind === 'bad-address') return die(`bad address '${outcome.host}'`);
    if (!quiet) stderr += `Connecting to ${hostPart} (${outcome.ip}:${outcome.port})\n`;
    if (outcome.kind === 'refused')
      return die(`can't connect to remote host (${outcome.ip}): Connection refused`);
    if (outcome.kind === 'timeout') {
      if (timeoutSec !== undefined && timeoutSec > 0) {
        await ctx.sleep(timeoutSec);
        return die('download timed out');
      }
      await ctx.sleep(127); // Linux gives up on an unanswered SYN after ~2 minutes
      return die(`can't connect to remote host (${outcome.ip}): Operation timed out`);
    }
    const res = outcome.response;
    if (opts.flags.has('S')) {
      stderr += `  HTTP/1.1 ${res.status} ${res.statusText}\n`;
      for (const [k, v] of res.headers) stderr += `  ${k}: ${v}\n`;
    }
    if (res.status >= 400) return die(`server returned error: HTTP/1.1 ${res.status} ${res.statusText}`);
    if (opts.flags.has('s')) {
      if (!quiet) stderr += 'remote file exists\n';
      continue;
    }
    const target = opts.values.get('O');
    const body = res.body.toString('utf8');
    if (target === '-') {
      if (!quiet) stderr += `writing to stdout\n${progressLine('-', res.body.length)}`;
      stdout += body;
      if (!quiet) stderr += 'written to stdout\n';
      continue;
    }
    let file = target;
    if (file === undefined) {
      const path = url
        .replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//, '')
        .slice(hostPart.length)
        .split(/[?#]/)[0];
      const base = path.slice(path.lastIndexOf('/') + 1);
      file = base === '' ? 'index.html' : base;
      const dir = opts.values.get('P');
      if (dir) file = `${dir}/${file}`;
      if (ctx.scratch.has(normalizePath(file, ctx.cwd))) return die(`can't open '${file}': File exists`);
    }
    if (!quiet)
      stderr += `saving to '${file}'\n${progressLine(file.slice(file.lastIndexOf('/') + 1), res.body.length)}`;
    ctx.scratch.set(normalizePath(file, ctx.cwd), body);
    if (!quiet) stderr += `'${file}' saved\n`;
  }
  return { stdout, stderr, exitCode: 0 };
};
