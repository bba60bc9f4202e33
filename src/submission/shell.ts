import { execTarget, isInteractiveShell, KUBECTL_VERBS, parseKubectl } from './kubectl-args.ts';
import { type Pipeline, type SimpleCommand, splitPipelines, tokenize, type WordToken } from './tokenize.ts';
import type { ShellCommand } from './types.ts';

/**
 * Turns the code of a report (fenced blocks, indented blocks, inline spans) into ShellCommands: prompts
 * stripped, output lines left out, continuations joined, quotes removed, `&&`/`;`/`||` chains split,
 * aliases defined earlier in the report expanded, `sudo` and `minikube kubectl --` unwrapped.
 * The tokenizer (tokenize.ts) says why it is hand-written.
 */

/** How the lines of a block are read. */
export type BlockStyle =
  /** ```bash / ```sh …: every non-comment line is a command (`$ ` prompts are stripped). */
  | 'script'
  /** ```console …: only lines with a prompt are commands; the rest is output. */
  | 'console'
  /** ``` with no language: console when it has prompts, else a script (skipped when it is YAML/JSON). */
  | 'plain'
  /** ```powershell …: a script where `\` is a path separator and the backtick escapes. */
  | 'powershell'
  /** Inline `code` spans and indented blocks: only lines that start with a known command. */
  | 'loose'
  /**
   * Plain text (a Markdown paragraph line, OCR of a screenshot): only lines that are a command of the
   * lab's programs (`isProseCommand`), or that follow a certain prompt; everything else is prose.
   */
  | 'prose'
  /** Not shell (yaml, json, …). */
  | 'none';

export interface ShellBlock {
  style: BlockStyle;
  text: string;
  /** 1-based report line of the first line of `text`. */
  firstLine: number;
}

/** Aliases carried from block to block in report order. */
export interface ShellState {
  aliases: Map<string, string>;
}

export function createShellState(): ShellState {
  return { aliases: new Map() };
}

const MAX_LINE = 4096;
/** A quote left open is joined with at most this many following lines before it is taken as a typo. */
const MAX_QUOTE_JOIN = 20;
const MAX_JOIN = 200;

const SCRIPT_LANGS = new Set([
  'bash',
  'sh',
  'shell',
  'zsh',
  'ksh',
  'ash',
  'dash',
  'fish',
  'shellscript',
  'bash-script',
  'posix',
]);
const CONSOLE_LANGS = new Set([
  'console',
  'shell-session',
  'shellsession',
  'sh-session',
  'bash-session',
  'zsh-session',
  'terminal',
  'term',
  'prompt',
]);
const POWERSHELL_LANGS = new Set([
  'powershell',
  'ps',
  'ps1',
  'pwsh',
  'posh',
  'cmd',
  'bat',
  'batch',
  'dos',
  'doscon',
  'ps1con',
  'pwsh-session',
  'powershell-session',
]);
const PLAIN_LANGS = new Set([
  '',
  'text',
  'txt',
  'plaintext',
  'plain',
  'output',
  'none',
  'log',
  'cli',
  'command',
  'commands',
  'cmdline',
  'code',
  'kubectl',
  'minikube',
  'calicoctl',
  'docker',
]);
const NOT_SHELL_LANGS = new Set([
  'yaml',
  'yml',
  'json',
  'jsonc',
  'json5',
  'js',
  'javascript',
  'ts',
  'typescript',
  'python',
  'py',
  'go',
  'golang',
  'dockerfile',
  'xml',
  'html',
  'css',
  'ini',
  'toml',
  'diff',
  'md',
  'markdown',
  'java',
  'c',
  'cpp',
  'sql',
  'properties',
  'conf',
  'nginx',
  'hcl',
  'tf',
  'terraform',
  'mermaid',
  'csv',
  'jsx',
  'tsx',
  'rust',
  'ruby',
  'php',
  'env',
  'plantuml',
  'dot',
  'http',
  'k8s',
  'kubernetes',
  'helm',
]);

/** The style of a fenced block with this language tag (`{.bash}`, `bash title=x` allowed). */
export function styleForLang(lang: string): BlockStyle {
  const l = lang
    .toLowerCase()
    .replace(/^\{?\.?/, '')
    .replace(/\}$/, '');
  if (SCRIPT_LANGS.has(l)) return 'script';
  if (CONSOLE_LANGS.has(l)) return 'console';
  if (POWERSHELL_LANGS.has(l)) return 'powershell';
  if (PLAIN_LANGS.has(l)) return 'plain';
  if (NOT_SHELL_LANGS.has(l)) return 'none';
  // an unknown or misspelt tag (`yamml`, `bash$`): read it like an untagged block
  return 'plain';
}

/** Program names that make an untagged line, an inline span or an indented line a command. */
const KNOWN_HEADS = new Set([
  'kubectl',
  'minikube',
  'calicoctl',
  'alias',
  'unalias',
  'set-alias',
  'ping',
  'curl',
  'wget',
  'helm',
  'docker',
  'sudo',
  'export',
  'cat',
  'chmod',
  'mv',
  'cp',
  'nslookup',
  'dig',
  'kubeadm',
  'watch',
  'exit',
  'ssh',
  'k9s',
  'sh',
  'bash',
]);

interface Prompt {
  /** `$ `, `% `, `user@host:~$ `, `/app # `, `PS> `: certainly a prompt. A bare `# ` is not (a comment). */
  strong: boolean;
  rest: string;
  /** A Windows prompt (`PS C:\…>`, `C:\…>`): the line is PowerShell/cmd, `\` is a path separator. */
  windows?: true;
}

const CONTEXT_PROMPT = /^(?:\[[^\]\n]*\]|[\w.-]+@[\w.-]+(?::\S*?)?|~\S*?|\/\S*?)\s?([$#%])(?:\s+|$)/;
const PS_PROMPT = /^PS(?:\s[^>\n]*)?>\s?/;
const CMD_PROMPT = /^[A-Za-z]:\\[^>\n]*>\s?/;
const VENV_PREFIX = /^\([\w.-]+\)\s+/;

export function matchPrompt(line: string): Prompt | undefined {
  let s = line.trimStart();
  const venv = VENV_PREFIX.exec(s);
  if (venv) s = s.slice(venv[0].length);
  const ps = PS_PROMPT.exec(s) ?? CMD_PROMPT.exec(s);
  if (ps) return { strong: true, rest: s.slice(ps[0].length), windows: true };
  const first = s[0];
  if ((first === '$' || first === '%') && (s.length === 1 || s[1] === ' ' || s[1] === '\t')) {
    return { strong: true, rest: s.slice(1).trimStart() };
  }
  if (first === '#' && (s.length === 1 || s[1] === ' ' || s[1] === '\t')) {
    return { strong: false, rest: s.slice(1).trimStart() };
  }
  const ctx = CONTEXT_PROMPT.exec(s);
  if (ctx) return { strong: true, rest: s.slice(ctx[0].length) };
  return undefined;
}

/**
 * Normalised program name: `./calicoctl`, `C:\bin\kubectl.exe`, `calicoctl-linux-amd64` → `calicoctl` /
 * `kubectl`; the calicoctl plugin binary `kubectl-calico(.exe)` → `kubectl-calico`.
 */
export function programName(word: string): string {
  // `.\calicoctl.exe` written in a bash block reaches here as `.calicoctl.exe`
  const base = (word.split(/[\\/]/).pop() ?? word)
    .toLowerCase()
    .replace(/\.exe$/, '')
    .replace(/^\.(?=[a-z])/, '');
  if (base === 'kubectl' || base === 'minikube' || base === 'kubectl-calico') return base;
  if (/^calicoctl(?:[-_.][\w.-]*)?$/.test(base)) return 'calicoctl';
  return word;
}

function looksLikeCommand(text: string, aliases: Map<string, string>): boolean {
  const words = text.trim().split(/\s+/);
  let k = 0;
  while (k < words.length - 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k] as string)) k++;
  const head = (words[k] ?? '').replace(/^["']|["']$/g, '');
  if (!head) return false;
  if (aliases.has(head)) return true;
  const name = programName(head);
  return KNOWN_HEADS.has(name) || KNOWN_HEADS.has(name.toLowerCase());
}

/** minikube's subcommands (https://minikube.sigs.k8s.io/docs/commands/). */
const MINIKUBE_VERBS = new Set([
  'start',
  'stop',
  'delete',
  'status',
  'pause',
  'unpause',
  'dashboard',
  'docker-env',
  'podman-env',
  'cache',
  'image',
  'addons',
  'config',
  'profile',
  'update-context',
  'service',
  'tunnel',
  'mount',
  'ssh',
  'ssh-key',
  'ssh-host',
  'ip',
  'logs',
  'node',
  'kubectl',
  'cp',
  'version',
  'options',
  'completion',
  'license',
  'update-check',
  'help',
]);
/** calicoctl's subcommands (https://docs.tigera.io/calico/latest/reference/calicoctl/overview). */
const CALICOCTL_VERBS = new Set([
  'create',
  'replace',
  'apply',
  'delete',
  'get',
  'patch',
  'label',
  'convert',
  'node',
  'ipam',
  'datastore',
  'version',
  'cluster',
  'help',
]);
/** What a prose line may run under `sudo` besides the lab's programs. */
const SUDO_PROGRAMS = new Set([
  'apt',
  'apt-get',
  'dnf',
  'yum',
  'snap',
  'install',
  'systemctl',
  'service',
  'usermod',
  'mkdir',
  'rm',
  'ln',
  'tee',
  'sysctl',
  'modprobe',
  'dpkg',
]);
/** English words that never stand unquoted in these command lines but fill sentences about them. */
const PROSE_WORDS = new Set([
  'the',
  'a',
  'an',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'will',
  'would',
  'should',
  'can',
  'could',
  'must',
  'that',
  'which',
  'this',
  'these',
  'those',
  'we',
  'you',
  'i',
  'it',
  'they',
  'to',
  'and',
  'or',
  'then',
  'of',
  'for',
  'with',
  'from',
  'into',
  'shows',
  'showed',
  'command',
  'commands',
  'used',
  'using',
  'tool',
]);
const CYRILLIC = /[\u0400-\u04ff]/;
const SUDO_FLAG_WITH_VALUE = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T']);

/** Skips leading `-x` flags of calicoctl/minikube (`-p lab`, `--profile=lab`); returns the verb's index. */
function verbIndex(words: readonly string[], valueFlags: ReadonlySet<string>): number {
  let k = 0;
  while (k < words.length && (words[k] as string).startsWith('-')) {
    const w = words[k] as string;
    k += !w.includes('=') && valueFlags.has(w) ? 2 : 1;
  }
  return k;
}
const MINIKUBE_GLOBAL_VALUE = new Set(['-p', '--profile']);
const CALICOCTL_GLOBAL_VALUE = new Set(['-c', '--config', '-l', '--log-level', '--context']);

function calicoctlVerbFollows(args: readonly string[]): boolean {
  return CALICOCTL_VERBS.has(args[verbIndex(args, CALICOCTL_GLOBAL_VALUE)] ?? '');
}

/**
 * A line of plain text (no prompt, Markdown already removed) that IS a command, not a sentence about
 * one: it starts with `kubectl`, `minikube`, `calicoctl` (`./calicoctl`, `calicoctl.exe`), `kubectl
 * calico`, `kubectl-calico` or `sudo …`, followed (after global flags) by one of that program's
 * subcommands; it holds no Cyrillic, no unquoted English function word (`the`, `to`, `shows`…), no
 * word ending in `,` `!` `?`, no dash standing for punctuation. "Then I used kubectl to…",
 * "kubectl is a CLI", "minikube start creates the cluster" are prose.
 */
export function isProseCommand(text: string, powershell = false): boolean {
  if (CYRILLIC.test(text)) return false;
  const { tokens } = tokenize(text, { powershell });
  const words: WordToken[] = [];
  for (const t of tokens) {
    if (t.t === 'word') words.push(t);
  }
  let k = 0;
  if (words[0]?.v === 'sudo' && !words[0].quoted) {
    k = 1;
    while (k < words.length && (words[k] as WordToken).v.startsWith('-'))
      k += SUDO_FLAG_WITH_VALUE.has((words[k] as WordToken).v) ? 2 : 1;
  }
  const head = words[k];
  if (head === undefined || head.quoted) return false;
  const name = programName(head.v);
  const args = words.slice(k + 1).map((w) => w.v);
  let known: boolean;
  if (name === 'kubectl') {
    const parsed = parseKubectl(args);
    known =
      parsed.verb !== undefined &&
      KUBECTL_VERBS.has(parsed.verb) &&
      (parsed.verb !== 'calico' || calicoctlVerbFollows(args.slice(args.indexOf('calico') + 1)));
  } else if (name === 'kubectl-calico' || name === 'calicoctl') known = calicoctlVerbFollows(args);
  else if (name === 'minikube')
    known = MINIKUBE_VERBS.has(args[verbIndex(args, MINIKUBE_GLOBAL_VALUE)] ?? '');
  else known = k > 0 && (SUDO_PROGRAMS.has(name) || KNOWN_HEADS.has(name) || /^\.{0,2}\/\S/.test(name));
  if (!known) return false;
  for (let i = k + 1; i < words.length; i++) {
    const w = words[i] as WordToken;
    if (w.quoted) continue;
    if (PROSE_WORDS.has(w.v.toLowerCase()) || /[,!?]$/.test(w.v) || /^[—–]$/.test(w.v)) return false;
    // a lone `-` is stdin after a flag (`-f -`), a dash between words otherwise
    if (w.v === '-' && !(words[i - 1] as WordToken).v.startsWith('-')) return false;
  }
  return true;
}

/** YAML or JSON pasted into an untagged block is not shell. */
function looksLikeData(lines: string[]): boolean {
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    return (
      /^(?:---|\.\.\.)$/.test(line) ||
      /^[A-Za-z_"'][\w.\-"' /]*:(?:\s|$)/.test(line) ||
      /^[[{]/.test(line) ||
      /^- [\w"']+:/.test(line)
    );
  }
  return false;
}

/**
 * The commands of one block, in order. `state` carries aliases from earlier blocks and receives the
 * aliases this block defines.
 */
export function parseShellBlock(block: ShellBlock, file: string, state: ShellState): ShellCommand[] {
  if (block.style === 'none') return [];
  const lines = block.text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  let style = block.style;
  const prompted =
    style !== 'loose' && lines.some((l) => l.length <= MAX_LINE && matchPrompt(l)?.strong === true);
  if (style === 'plain') {
    if (prompted) style = 'console';
    else if (looksLikeData(lines)) return [];
  }
  const out: ShellCommand[] = [];
  let session: string | undefined;

  let i = 0;
  while (i < lines.length) {
    const raw = lines[i] as string;
    const lineNo = block.firstLine + i;
    i++;
    if (raw.length > MAX_LINE || raw.trim() === '') continue;
    const prompt = matchPrompt(raw);
    // a line after a Windows prompt is PowerShell or cmd whatever the block's tag
    const powershell = style === 'powershell' || prompt?.windows === true;
    let body: string;
    if (style === 'prose') {
      // after a certain prompt any known program; a bare `# ` (a root prompt, or a comment) or no
      // prompt: only a line that is a command of the lab's programs
      body = prompt ? prompt.rest.trim() : raw.trim();
      if (!isProseCommand(body, powershell) && !(prompt?.strong && looksLikeCommand(body, state.aliases)))
        continue;
    } else if (style === 'console') {
      if (!prompt) continue;
      body = prompt.rest;
    } else if (prompt?.strong) {
      body = prompt.rest;
    } else {
      // in a block that uses prompts, a line without one is output unless it plainly is a command
      if ((prompted || style === 'loose') && !looksLikeCommand(raw, state.aliases)) continue;
      body = raw.trim();
    }
    if (style === 'loose' && !looksLikeCommand(body, state.aliases)) continue;

    // join continuation lines: a trailing `\`, an open quote, or a trailing `|`, `&&`, `||`
    let text = body;
    const pieces: { offset: number; line: number }[] = [{ offset: 0, line: lineNo }];
    let result = tokenize(text, { powershell });
    let quoteJoins = 0;
    let checkpoint: { text: string; i: number; pieces: number; result: typeof result } | undefined;
    while (i < lines.length && pieces.length < MAX_JOIN) {
      const last = result.tokens.at(-1);
      const trailingOp = last?.t === 'op' && (last.v === '|' || last.v === '&&' || last.v === '||');
      if (!result.continued && !result.open && !trailingOp) break;
      let next = lines[i] as string;
      if (next.length > MAX_LINE) break;
      if (style === 'console') next = next.replace(/^\s*> ?/, '');
      if (result.open) {
        if (prompted && matchPrompt(next)?.strong) break;
        checkpoint ??= { text, i, pieces: pieces.length, result };
        if (++quoteJoins > MAX_QUOTE_JOIN) break;
        pieces.push({ offset: text.length + 1, line: block.firstLine + i });
        text = `${text}\n${next}`;
      } else {
        const head = result.continued ? text.slice(0, text.length - 1).trimEnd() : text;
        pieces.push({ offset: head.length + 1, line: block.firstLine + i });
        text = `${head} ${next.trim()}`;
      }
      i++;
      result = tokenize(text, { powershell });
    }
    if (result.open && checkpoint) {
      // a stray apostrophe (`it's`) rather than a multi-line string: read the line on its own
      text = checkpoint.text;
      i = checkpoint.i;
      pieces.length = checkpoint.pieces;
      result = checkpoint.result;
    }

    const pipelines = splitPipelines(result.tokens);
    // here-documents: their bodies follow the command line and are not commands
    for (const p of pipelines) {
      for (const c of p.commands) {
        for (const h of c.heredocs) {
          const body: string[] = [];
          while (i < lines.length) {
            const l = lines[i] as string;
            i++;
            const cmp = h.stripTabs ? l.replace(/^\t+/, '') : l;
            if (cmp === h.delimiter || cmp.trim() === h.delimiter) break;
            body.push(cmp);
          }
          c.heredocText =
            c.heredocText === undefined ? body.join('\n') : `${c.heredocText}\n${body.join('\n')}`;
        }
      }
    }

    for (const p of pipelines) {
      const cmd = toShellCommand(p, text, pieces, file, state, powershell);
      if (!cmd) continue;
      const head = cmd.argv[0];
      if (head === 'kubectl' && cmd.argv[1] === 'exec') {
        const target = execTarget(cmd.argv.slice(1));
        session = target.pod && isInteractiveShell(target.command) ? target.pod : undefined;
      } else if (head === 'exit' || head === 'kubectl' || head === 'minikube' || head === 'calicoctl') {
        if (session && head === 'exit') cmd.inPod = session;
        session = undefined;
      } else if (session) {
        cmd.inPod = session;
      }
      out.push(cmd);
    }
  }
  return out;
}

function toShellCommand(
  p: Pipeline,
  text: string,
  pieces: { offset: number; line: number }[],
  file: string,
  state: ShellState,
  powershell: boolean,
): ShellCommand | undefined {
  let chosen = p.commands[0] as SimpleCommand;
  let stdinFile = chosen.stdinFile;
  // `cat pool.yaml | calicoctl create -f -` feeds the file to the second command
  const second = p.commands[1];
  if (
    second &&
    chosen.words.length === 2 &&
    chosen.words[0]?.v === 'cat' &&
    !chosen.words[1]?.v.startsWith('-')
  ) {
    stdinFile = second.stdinFile ?? chosen.words[1]?.v;
    chosen = second;
  }
  const argv = normalizeWords(chosen.words, state.aliases, powershell);
  if (argv.length === 0) return undefined;
  registerAliases(argv, state.aliases);
  let line = pieces[0]?.line ?? 0;
  for (const piece of pieces) if (piece.offset <= p.start) line = piece.line;
  const cmd: ShellCommand = { argv, text: text.slice(p.start, p.end).trim(), file, line };
  if (stdinFile !== undefined) cmd.stdinFile = stdinFile;
  else if (chosen.stdinFile !== undefined) cmd.stdinFile = chosen.stdinFile;
  if (chosen.heredocText !== undefined) cmd.heredoc = chosen.heredocText;
  return cmd;
}

const SUDO_VALUE_FLAGS = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T']);
const WRAPPERS = new Set(['sudo', 'time', 'nohup', 'command', 'builtin', 'noglob']);

/**
 * Unwraps a command's words: leading `VAR=value` assignments, `sudo [-E] [-u user]`, aliases (a quoted
 * word is never an alias; an alias is not expanded inside itself), and `minikube [-p P] kubectl [--]`.
 */
export function normalizeWords(
  words: WordToken[],
  aliases: Map<string, string>,
  powershell = false,
): string[] {
  let list = words.map((w) => ({ v: w.v, quoted: w.quoted }));
  const expanded = new Set<string>();
  for (let round = 0; round < 16 && list.length > 0; round++) {
    const head = list[0] as { v: string; quoted: boolean };
    if (list.length > 1 && !head.quoted && /^[A-Za-z_][A-Za-z0-9_]*=/.test(head.v)) {
      list = list.slice(1);
      continue;
    }
    if (WRAPPERS.has(head.v) && list.length > 1) {
      let k = 1;
      if (head.v === 'sudo') {
        while (k < list.length && (list[k] as { v: string }).v.startsWith('-')) {
          k += SUDO_VALUE_FLAGS.has((list[k] as { v: string }).v) ? 2 : 1;
        }
      }
      list = list.slice(k);
      continue;
    }
    const alias = head.quoted ? undefined : aliases.get(head.v);
    if (alias !== undefined && !expanded.has(head.v)) {
      expanded.add(head.v);
      const first = splitPipelines(tokenize(alias, { powershell }).tokens)[0]?.commands[0];
      list = [...(first?.words ?? []).map((w) => ({ v: w.v, quoted: w.quoted })), ...list.slice(1)];
      continue;
    }
    break;
  }
  const argv = list.map((w) => w.v);
  if (argv.length === 0) return argv;
  argv[0] = programName(argv[0] as string);
  // the calicoctl plugin binary run directly is `kubectl calico`
  if (argv[0] === 'kubectl-calico') return ['kubectl', 'calico', ...argv.slice(1)];
  if (argv[0] === 'minikube') {
    // `minikube kubectl -- get pods`, `minikube -p lab kubectl get pods`
    let k = 1;
    while (k < argv.length && argv[k] !== 'kubectl') {
      const a = argv[k] as string;
      if (a === '-p' || a === '--profile') k += 2;
      else if (a.startsWith('--profile=') || a.startsWith('-p=')) k += 1;
      else break;
    }
    if (argv[k] === 'kubectl') {
      const rest = argv.slice(k + 1);
      if (rest[0] === '--') rest.shift();
      return ['kubectl', ...rest];
    }
  }
  return argv;
}

/** `alias NAME="…"` (bash), `unalias NAME`, `Set-Alias [-Name] NAME [-Value] VALUE` (PowerShell). */
function registerAliases(argv: string[], aliases: Map<string, string>): void {
  const head = argv[0]?.toLowerCase();
  if (head === 'alias') {
    for (const arg of argv.slice(1)) {
      const m = /^([^=\s]+)=([\s\S]*)$/.exec(arg);
      if (m) aliases.set(m[1] as string, m[2] as string);
    }
  } else if (head === 'unalias') {
    for (const arg of argv.slice(1)) aliases.delete(arg);
  } else if (head === 'set-alias' || head === 'new-alias') {
    const positional: string[] = [];
    let name: string | undefined;
    let value: string | undefined;
    for (let k = 1; k < argv.length; k++) {
      const a = argv[k] as string;
      const lower = a.toLowerCase();
      if (lower === '-name') name = argv[++k];
      else if (lower === '-value') value = argv[++k];
      else if (!a.startsWith('-')) positional.push(a);
    }
    name ??= positional.shift();
    value ??= positional.shift();
    if (name && value) aliases.set(name, value);
  }
}
