import { MINIKUBE_BOOL_FLAGS, MINIKUBE_SHORT_FLAGS, MINIKUBE_VALUE_FLAGS } from '../minikube/start.ts';
import { execTarget, flagOn, flagValues, type ParsedFlag, parseKubectl } from './kubectl-args.ts';
import { createShellState, parseShellBlock, programName, type ShellState } from './shell.ts';
import { splitPipelines, tokenize } from './tokenize.ts';
import type {
  CalicoctlCommand,
  ExecPingCommand,
  KubectlApplyCommand,
  KubectlDeleteCommand,
  KubectlPatchCommand,
  LabelCommand,
  MinikubeStartCommand,
  ReportCommand,
  ShellCommand,
} from './types.ts';

/** The commands found in a plain text: every shell command, and those the grader understands. */
export interface TextCommands {
  shell: ShellCommand[];
  commands: ReportCommand[];
}

/**
 * The commands in plain text with no Markdown (OCR of a terminal screenshot, a pasted transcript), each
 * with `file` and its 1-based line (`firstLine` is the text's first line, 1 by default). A line counts
 * when it is a command of the lab's programs (`kubectl …`, `minikube …`, `calicoctl …`, `kubectl calico
 * …`, `kubectl-calico …`, `sudo …`; see `isProseCommand`), or follows a certain prompt (`$ `,
 * `user@host:~$ `, `/ # `, `PS C:\…> `, `C:\…>`; stripped); output lines and sentences are left out.
 * `\` continuations and here-documents are joined, a `kubectl exec -it POD -- sh` session marks the
 * prompted commands after it (`inPod`). `state` carries aliases in and out (a fresh one by default).
 */
export function commandsInPlainText(
  text: string,
  file: string,
  options: { firstLine?: number; state?: ShellState } = {},
): TextCommands {
  const shell = parseShellBlock(
    { style: 'prose', text, firstLine: options.firstLine ?? 1 },
    file,
    options.state ?? createShellState(),
  );
  return { shell, commands: toReportCommands(shell) };
}

/** The commands the grader understands, in report order (one shell command may yield several pings). */
export function toReportCommands(shell: readonly ShellCommand[]): ReportCommand[] {
  const out: ReportCommand[] = [];
  for (const cmd of shell) out.push(...toReportCommand(cmd));
  return out;
}

export function toReportCommand(cmd: ShellCommand): ReportCommand[] {
  const head = cmd.argv[0];
  if (head === 'minikube') {
    const start = parseMinikubeStart(cmd);
    return start ? [start] : [];
  }
  if (head === 'calicoctl') {
    const c = parseCalicoctl(cmd);
    return c ? [c] : [];
  }
  if (head !== undefined && PING_PROGRAM.test(head)) {
    const target = pingTarget(cmd.argv.slice(1));
    if (target === undefined) return [];
    const ping: ExecPingCommand = { kind: 'ping', target, source: cmd };
    if (cmd.inPod !== undefined) ping.pod = cmd.inPod;
    return [ping];
  }
  if (head !== 'kubectl') return [];
  const parsed = parseKubectl(cmd.argv.slice(1));
  switch (parsed.verb) {
    case 'label': {
      const c = parseLabel(cmd);
      return c ? [c] : [];
    }
    case 'apply':
    case 'create': {
      const c = parseKubectlApply(cmd);
      return c ? [c] : [];
    }
    case 'delete': {
      const c = parseKubectlDelete(cmd);
      return c ? [c] : [];
    }
    case 'patch': {
      const c = parseKubectlPatch(cmd);
      return c ? [c] : [];
    }
    case 'exec':
    case 'calico': {
      const c = parseCalicoctl(cmd);
      if (c) return [c];
      return parseExecPings(cmd);
    }
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// minikube start

export function parseMinikubeStart(cmd: ShellCommand): MinikubeStartCommand | undefined {
  const argv = cmd.argv;
  if (argv[0] !== 'minikube') return undefined;
  // global flags may come before the subcommand: `minikube -p lab start`
  let i = 1;
  while (i < argv.length && (argv[i] as string).startsWith('-')) {
    const a = argv[i] as string;
    i += a === '-p' || a === '--profile' ? 2 : 1;
  }
  if (argv[i] !== 'start') return undefined;
  const tokens = [...argv.slice(1, i), ...argv.slice(i + 1)];
  const flags: MinikubeStartCommand['flags'] = [];
  const unknownFlags: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k] as string;
    if (tok === '--') break;
    if (tok.startsWith('--') && tok.length > 2) {
      const body = tok.slice(2);
      const eq = body.indexOf('=');
      const name = eq === -1 ? body : body.slice(0, eq);
      let value = eq === -1 ? null : body.slice(eq + 1);
      let token = tok;
      // pflag: a value flag without `=` takes the next word, whatever it is
      if (value === null && MINIKUBE_VALUE_FLAGS.has(name) && k + 1 < tokens.length) {
        value = tokens[++k] as string;
        token = `${tok} ${value}`;
      }
      flags.push({ name, value, token });
      if (!MINIKUBE_VALUE_FLAGS.has(name) && !MINIKUBE_BOOL_FLAGS.has(name)) unknownFlags.push(tok);
      continue;
    }
    if (tok.startsWith('-') && tok.length > 1) {
      const long = MINIKUBE_SHORT_FLAGS[tok[1] as string];
      if (!long) {
        flags.push({ name: tok.slice(1), value: null, token: tok });
        unknownFlags.push(tok);
        continue;
      }
      const attached = tok.slice(2);
      let value: string | null =
        attached === '' ? null : attached.startsWith('=') ? attached.slice(1) : attached;
      let token = tok;
      if (value === null && MINIKUBE_VALUE_FLAGS.has(long) && k + 1 < tokens.length) {
        value = tokens[++k] as string;
        token = `${tok} ${value}`;
      }
      flags.push({ name: long, value, token });
    }
    // a stray positional word is not a flag; minikube start takes none
  }
  const last = (...names: string[]) => {
    let v: string | undefined;
    for (const f of flags) if (names.includes(f.name) && f.value !== null) v = f.value;
    return v;
  };
  const start: MinikubeStartCommand = { kind: 'minikube-start', flags, unknownFlags, source: cmd };
  const profile = last('profile');
  if (profile !== undefined) start.profile = profile;
  const nodes = last('nodes');
  if (nodes !== undefined && /^\d+$/.test(nodes.trim())) start.nodes = Number(nodes.trim());
  const cni = last('cni');
  if (cni !== undefined) start.cni = cni;
  const networkPlugin = last('network-plugin');
  if (networkPlugin !== undefined) start.networkPlugin = networkPlugin;
  const runtime = last('container-runtime');
  if (runtime !== undefined) start.containerRuntime = runtime;
  const version = last('kubernetes-version');
  if (version !== undefined) start.kubernetesVersion = version;
  const driver = last('driver', 'vm-driver');
  if (driver !== undefined) start.driver = driver;
  return start;
}

// ---------------------------------------------------------------------------------------------
// kubectl label

const NODE_RESOURCE = /^(?:nodes?|no)$/i;

/** `kubectl label node(s)|no NODE… KEY=VALUE… KEY-… [--overwrite]`, `kubectl label node/NAME …`. */
export function parseLabel(cmd: ShellCommand): LabelCommand | undefined {
  if (cmd.argv[0] !== 'kubectl') return undefined;
  const parsed = parseKubectl(cmd.argv.slice(1));
  if (parsed.verb !== 'label') return undefined;
  // selector and --all forms do not name nodes
  if (flagValues(parsed, 'l', 'selector').length > 0 || flagOn(parsed, 'all')) return undefined;
  const words = parsed.positionals;
  const nodes: string[] = [];
  let k = 0;
  if (NODE_RESOURCE.test(words[0] ?? '')) {
    k = 1;
  } else {
    while (k < words.length && (words[k] as string).includes('/') && !(words[k] as string).includes('=')) {
      const [type, name] = splitResource(words[k] as string);
      if (!NODE_RESOURCE.test(type)) return undefined;
      if (name) nodes.push(name);
      k++;
    }
    if (k === 0) return undefined;
  }
  const labels: LabelCommand['labels'] = [];
  for (; k < words.length; k++) {
    const w = words[k] as string;
    const eq = w.indexOf('=');
    if (eq > 0) labels.push({ key: w.slice(0, eq), value: w.slice(eq + 1) });
    else if (
      w.endsWith('-') &&
      w.length > 1 &&
      labels.length + nodes.length > 0 &&
      isLabelKey(w.slice(0, -1))
    ) {
      // `rack-` removes the label; a node name never ends with '-'
      labels.push({ key: w.slice(0, -1), value: null });
    } else if (labels.length === 0) nodes.push(w);
  }
  if (labels.length === 0) return undefined;
  return { kind: 'label', nodes, labels, overwrite: flagOn(parsed, 'overwrite'), source: cmd };
}

function isLabelKey(key: string): boolean {
  return /^(?:[A-Za-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(key);
}

function splitResource(word: string): [string, string] {
  const slash = word.indexOf('/');
  return slash === -1 ? [word, ''] : [word.slice(0, slash), word.slice(slash + 1)];
}

// ---------------------------------------------------------------------------------------------
// kubectl apply / create / delete / patch

function fileArgs(flags: { flags: ParsedFlag[] }): string[] {
  return flagValues(flags, 'f', 'filename').flatMap((v) =>
    /^https?:\/\//i.test(v) ? [v] : v.split(',').filter((x) => x !== ''),
  );
}

export function parseKubectlApply(cmd: ShellCommand): KubectlApplyCommand | undefined {
  if (cmd.argv[0] !== 'kubectl') return undefined;
  const parsed = parseKubectl(cmd.argv.slice(1));
  if (parsed.verb !== 'apply' && parsed.verb !== 'create') return undefined;
  const files = fileArgs(parsed);
  if (files.length === 0) return undefined;
  const out: KubectlApplyCommand = { kind: 'kubectl-apply', verb: parsed.verb, files, source: cmd };
  if (cmd.stdinFile !== undefined && files.includes('-')) out.stdinFile = cmd.stdinFile;
  return out;
}

export function parseKubectlDelete(cmd: ShellCommand): KubectlDeleteCommand | undefined {
  if (cmd.argv[0] !== 'kubectl') return undefined;
  const parsed = parseKubectl(cmd.argv.slice(1));
  if (parsed.verb !== 'delete') return undefined;
  const files = fileArgs(parsed);
  const words = parsed.positionals;
  let resource: string | undefined;
  const names: string[] = [];
  if (words[0]?.includes('/')) {
    for (const w of words) {
      const [type, name] = splitResource(w);
      resource ??= type;
      if (name) names.push(name);
    }
  } else if (words.length > 0) {
    resource = words[0];
    names.push(...words.slice(1));
  }
  if (resource === undefined && files.length === 0) return undefined;
  const out: KubectlDeleteCommand = { kind: 'kubectl-delete', names, files, source: cmd };
  if (resource !== undefined) out.resource = resource;
  return out;
}

export function parseKubectlPatch(cmd: ShellCommand): KubectlPatchCommand | undefined {
  if (cmd.argv[0] !== 'kubectl') return undefined;
  const parsed = parseKubectl(cmd.argv.slice(1));
  if (parsed.verb !== 'patch') return undefined;
  const words = parsed.positionals;
  let resource: string | undefined;
  let name: string | undefined;
  if (words[0]?.includes('/')) [resource, name] = splitResource(words[0]);
  else [resource, name] = [words[0], words[1]];
  if (!resource || !name) return undefined;
  const out: KubectlPatchCommand = { kind: 'kubectl-patch', resource, name, source: cmd };
  const patch = flagValues(parsed, 'p', 'patch').at(-1);
  if (patch !== undefined) out.patch = patch;
  const type = flagValues(parsed, 'type').at(-1);
  if (type !== undefined) out.patchType = type;
  return out;
}

// ---------------------------------------------------------------------------------------------
// calicoctl (host binary, `kubectl exec … -- calicoctl`, `kubectl calico` plugin)

const CALICOCTL_VALUE_FLAGS = new Set([
  'c',
  'config',
  'l',
  'log-level',
  'f',
  'filename',
  'o',
  'output',
  'n',
  'namespace',
  'p',
  'patch',
  't',
  'type',
  'context',
  'ip',
]);
const CALICOCTL_RESOURCE_VERBS = new Set(['get', 'delete', 'patch', 'label', 'replace', 'apply', 'create']);

interface CalicoctlInvocation {
  args: string[];
  via: NonNullable<CalicoctlCommand['via']>;
  execStdin?: boolean;
}

function calicoctlInvocation(argv: readonly string[]): CalicoctlInvocation | undefined {
  if (argv[0] === 'calicoctl') return { args: argv.slice(1), via: 'binary' };
  if (argv[0] !== 'kubectl') return undefined;
  const parsed = parseKubectl(argv.slice(1));
  if (parsed.verb === 'exec') {
    const target = execTarget(argv.slice(1));
    const program = target.command[0];
    if (program === undefined || programName(program) !== 'calicoctl') return undefined;
    return { args: target.command.slice(1), via: 'kubectl-exec', execStdin: target.stdin };
  }
  if (parsed.verb === 'calico') {
    const at = argv.indexOf('calico');
    return { args: argv.slice(at + 1), via: 'kubectl-plugin' };
  }
  return undefined;
}

export function parseCalicoctl(cmd: ShellCommand): CalicoctlCommand | undefined {
  const inv = calicoctlInvocation(cmd.argv);
  if (!inv) return undefined;
  const flags: ParsedFlag[] = [];
  const positionals: string[] = [];
  const args = inv.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      if (eq !== -1) flags.push({ name, value: a.slice(eq + 1) });
      else if (CALICOCTL_VALUE_FLAGS.has(name) && i + 1 < args.length)
        flags.push({ name, value: args[++i] as string });
      else flags.push({ name, value: null });
    } else if (a.startsWith('-') && a.length > 1) {
      const name = a[1] as string;
      const attached = a.slice(2);
      if (attached) flags.push({ name, value: attached.startsWith('=') ? attached.slice(1) : attached });
      else if (CALICOCTL_VALUE_FLAGS.has(name) && i + 1 < args.length)
        flags.push({ name, value: args[++i] as string });
      else flags.push({ name, value: null });
    } else {
      positionals.push(a);
    }
  }
  const verb = positionals[0];
  if (verb === undefined) return undefined;
  const out: CalicoctlCommand = { kind: 'calicoctl', verb, names: [], source: cmd, via: inv.via };
  if (CALICOCTL_RESOURCE_VERBS.has(verb) && positionals.length > 1) {
    const words = positionals.slice(1);
    if (words[0]?.includes('/')) {
      const [type, name] = splitResource(words[0]);
      out.resource = type;
      if (name) out.names.push(name);
      out.names.push(...words.slice(1));
    } else {
      out.resource = words[0];
      out.names.push(...words.slice(1));
    }
  }
  const file = flagValues({ flags }, 'f', 'filename').at(-1);
  if (file !== undefined) out.file = file;
  if (cmd.stdinFile !== undefined) out.stdinFile = cmd.stdinFile;
  const patch = flagValues({ flags }, 'p', 'patch').at(-1);
  if (patch !== undefined) out.patch = patch;
  if (inv.execStdin !== undefined) out.execStdin = inv.execStdin;
  out.allowVersionMismatch = flagOn({ flags }, 'allow-version-mismatch');
  return out;
}

// ---------------------------------------------------------------------------------------------
// ping

const PING_VALUE_FLAGS = new Set([
  '-c',
  '-i',
  '-w',
  '-W',
  '-s',
  '-t',
  '-I',
  '-p',
  '-l',
  '-Q',
  '-M',
  '-S',
  '-T',
  '-m',
  '-F',
  '-N',
]);
const PING_PROGRAM = /^(?:\/(?:usr\/)?s?bin\/)?ping6?$/;

/** The host of `ping [options] HOST` (options may also follow the host). */
export function pingTarget(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('-') && a.length > 1) {
      if (PING_VALUE_FLAGS.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

/** `kubectl exec [-it] POD -- ping …`, `… -- sh -c "ping …"`, `kubectl exec POD ping …` (deprecated). */
export function parseExecPings(cmd: ShellCommand): ExecPingCommand[] {
  if (cmd.argv[0] !== 'kubectl') return [];
  const target = execTarget(cmd.argv.slice(1));
  let command = target.command;
  if (command.length >= 2 && /(?:^|\/)busybox$/.test(command[0] as string)) command = command.slice(1);
  const runs: string[][] = [];
  if (PING_PROGRAM.test(command[0] ?? '')) {
    runs.push(command);
  } else if (
    /(?:^|\/)(?:ba|z|da|a)?sh$/.test(command[0] ?? '') &&
    command[1] === '-c' &&
    command[2] !== undefined
  ) {
    for (const p of splitPipelines(tokenize(command[2]).tokens)) {
      const words = p.commands[0]?.words.map((w) => w.v) ?? [];
      if (PING_PROGRAM.test(words[0] ?? '')) runs.push(words);
    }
  }
  const out: ExecPingCommand[] = [];
  for (const run of runs) {
    const host = pingTarget(run.slice(1));
    if (host === undefined) continue;
    const ping: ExecPingCommand = { kind: 'ping', target: host, source: cmd };
    if (target.pod !== undefined) ping.pod = target.pod;
    out.push(ping);
  }
  return out;
}
