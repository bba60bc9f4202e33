/**
 * The userland of busybox-based images (node:14-alpine for the lab app, busybox, alpine): a table of
 * applets, PATH lookup (also by absolute path), and `sh` running the small shell.
 */
import type { ImageKind } from '../../app/image.ts';
import { readFile } from '../fs.ts';
import { runShell } from '../shell/run.ts';
import type { Command, CommandResult, ExecContext } from '../types.ts';
import { cat } from './cat.ts';
import { echo } from './echo.ts';
import { env, printenv } from './env.ts';
import { grep } from './grep.ts';
import { hostname } from './hostname.ts';
import { ip } from './ip.ts';
import { ls } from './ls.ts';
import { nslookup } from './nslookup.ts';
import { ping } from './ping.ts';
import { sleep } from './sleep.ts';
import { test } from './test.ts';
import { head, seq, tail, wc } from './text.ts';
import { date, falseCmd, id, node, npm, pwd, trueCmd, uname, whoami } from './trivial.ts';
import { wget } from './wget.ts';

const APPLETS: Record<string, Command> = {
  cat,
  date,
  echo,
  env,
  false: falseCmd,
  grep,
  head,
  hostname,
  id,
  ip,
  ls,
  nslookup,
  ping,
  printenv,
  pwd,
  seq,
  sleep,
  tail,
  test,
  '[': test,
  true: trueCmd,
  uname,
  wc,
  wget,
  whoami,
};

const NODE_BINARIES: Record<string, Command> = { node, npm };

/** Where `which` finds things (busybox applets are links in /bin, /usr/bin, /sbin). */
const SBIN = new Set(['ip', 'ifconfig', 'route']);
const USR_BIN = new Set([
  'env',
  'head',
  'id',
  'nslookup',
  'printenv',
  'seq',
  'tail',
  'wc',
  'wget',
  'whoami',
  '[',
  'test',
]);

function pathOf(name: string, kind: ImageKind): string | undefined {
  if ((kind === 'frontend' || kind === 'node') && name in NODE_BINARIES) return `/usr/local/bin/${name}`;
  if (!(name in APPLETS) && name !== 'sh' && name !== 'ash' && name !== 'which') return undefined;
  if (SBIN.has(name)) return `/sbin/${name}`;
  if (USR_BIN.has(name) || name === 'which') return `/usr/bin/${name}`;
  return `/bin/${name}`;
}

const which: Command = (argv, ctx) => {
  let stdout = '';
  let exitCode = 0;
  for (const name of argv.slice(1).filter((a) => !a.startsWith('-'))) {
    const p = pathOf(name, ctx.kind);
    if (p) stdout += `${p}\n`;
    else exitCode = 1;
  }
  return { stdout, stderr: '', exitCode };
};

/** Finds a program by name or absolute path, as execvp would in this image. */
export function lookupProgram(name: string, kind: ImageKind): Command | undefined {
  let base = name;
  if (name.includes('/')) {
    base = name.slice(name.lastIndexOf('/') + 1);
    if (pathOf(base, kind) !== name) return undefined;
  }
  if (base === 'sh' || base === 'ash') return sh;
  if (base === 'which') return which;
  if ((kind === 'frontend' || kind === 'node') && base in NODE_BINARIES) return NODE_BINARIES[base];
  return APPLETS[base];
}

function prompt(ctx: ExecContext): string {
  return `${ctx.cwd} # `;
}

/** busybox ash: `sh -c SCRIPT [ARG0 ARGS…]`, `sh FILE`, or commands from stdin. */
export const sh: Command = async (argv, ctx): Promise<CommandResult> => {
  const lookup = (n: string) => lookupProgram(n, ctx.kind);
  const args = argv.slice(1);
  const shellName = argv[0].includes('/') ? argv[0].slice(argv[0].lastIndexOf('/') + 1) : argv[0];
  if (args[0] === '-c') {
    if (args.length < 2)
      return { stdout: '', stderr: `${shellName}: -c requires an argument\n`, exitCode: 2 };
    const positional = args.length > 2 ? args.slice(2) : [shellName];
    return runShell(args[1], ctx, { args: positional, lookup, shellName });
  }
  const opts = args.filter((a) => a.startsWith('-'));
  const files = args.filter((a) => !a.startsWith('-'));
  if (files.length > 0) {
    const script = readFile(ctx, files[0]);
    if (script === undefined)
      return {
        stdout: '',
        stderr: `${shellName}: can't open '${files[0]}': No such file or directory\n`,
        exitCode: 2,
      };
    return runShell(script, { ...ctx, stdin: '' }, { args: files, lookup, shellName });
  }
  if (!ctx.tty && !opts.includes('-i'))
    return runShell(ctx.stdin, { ...ctx, stdin: '' }, { args: [shellName], lookup, shellName });
  // Interactive (kubectl exec -it … -- sh): prompt, echo of each typed line, its output.
  let stdout = '';
  let exitCode = 0;
  const session: ExecContext = { ...ctx, stdin: '' };
  for (const line of ctx.stdin.split(/\r?\n|\r/)) {
    stdout += `${prompt(session)}${line}\n`;
    if (line.trim() === '') continue;
    if (/^\s*exit(\s|$)/.test(line)) {
      const code = line.trim().split(/\s+/)[1];
      return { stdout, stderr: '', exitCode: code !== undefined ? Number(code) & 255 : exitCode };
    }
    const res = await runShell(line, session, { args: [shellName], lookup, shellName });
    stdout += res.stdout + res.stderr;
    exitCode = res.exitCode;
  }
  return { stdout, stderr: '', exitCode };
};
