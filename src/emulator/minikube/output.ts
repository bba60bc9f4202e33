/**
 * minikube's console output (pkg/minikube/out, pkg/minikube/style at v1.34.0): styled steps go
 * to stdout, warnings and errors to stderr. With a colour terminal each line starts with an
 * emoji prefix ("😄  "); otherwise minikube uses its "low" prefixes ("* ", "! ", "X ", "  - ").
 */
import type { Writable } from 'node:stream';

export interface StyleDef {
  prefix: string;
  low: string;
}

const LOW_BULLET = '* ';
const LOW_WARNING = '! ';
const LOW_ERROR = 'X ';
const LOW_INDENT = '  ';
const LOW_INDENT_BULLET = '  - ';

/** The styles the stand-in uses (prefixes from style.go `Config`). */
export const STYLES = {
  happy: { prefix: '😄  ', low: LOW_BULLET },
  sparkle: { prefix: '✨  ', low: LOW_BULLET },
  thumbsUp: { prefix: '👍  ', low: LOW_BULLET },
  docker: { prefix: '🐳  ', low: LOW_BULLET },
  containerd: { prefix: '📦  ', low: LOW_BULLET },
  crio: { prefix: '🎁  ', low: LOW_BULLET },
  cni: { prefix: '🔗  ', low: LOW_BULLET },
  internet: { prefix: '🌐  ', low: LOW_BULLET },
  option: { prefix: '    ▪ ', low: LOW_INDENT_BULLET },
  ready: { prefix: '🏄  ', low: LOW_BULLET },
  verifying: { prefix: '🔎  ', low: LOW_BULLET },
  warning: { prefix: '❗  ', low: LOW_WARNING },
  failure: { prefix: '❌  ', low: LOW_ERROR },
  shrug: { prefix: '🤷  ', low: LOW_BULLET },
  workaround: { prefix: '👉  ', low: LOW_INDENT },
  deletingHost: { prefix: '🔥  ', low: LOW_BULLET },
  deleted: { prefix: '💀  ', low: LOW_BULLET },
  stopping: { prefix: '✋  ', low: LOW_BULLET },
  shutdown: { prefix: '🛑  ', low: LOW_BULLET },
  stopped: { prefix: '🛑  ', low: LOW_BULLET },
  celebrate: { prefix: '🎉  ', low: LOW_BULLET },
  meh: { prefix: '🙄  ', low: LOW_WARNING },
  kubectl: { prefix: '💗  ', low: LOW_BULLET },
  sad: { prefix: '😿  ', low: LOW_BULLET },
  fatal: { prefix: '💣  ', low: LOW_ERROR },
  notice: { prefix: '📌  ', low: LOW_BULLET },
  running: { prefix: '🏃  ', low: LOW_BULLET },
  tip: { prefix: '💡  ', low: LOW_BULLET },
  caching: { prefix: '🤹  ', low: LOW_BULLET },
  unmetRequirement: { prefix: '⛔  ', low: LOW_ERROR },
  documentation: { prefix: '📘  ', low: LOW_BULLET },
  url: { prefix: '👉  ', low: LOW_INDENT },
  /** style.Empty: no prefix in colour; its LowPrefix is unset, so style.LowPrefix gives "* ". */
  empty: { prefix: '', low: LOW_BULLET },
} satisfies Record<string, StyleDef>;

export type StyleName = keyof typeof STYLES;

/**
 * out.wantsColor: MINIKUBE_IN_STYLE forces it; otherwise TERM/COLORTERM must announce colour
 * and the stream (stderr, the last one minikube configures) must be a terminal.
 */
export function wantsColor(env: NodeJS.ProcessEnv, isTerminal: boolean): boolean {
  const override = env.MINIKUBE_IN_STYLE;
  if (override) {
    const v = override.toLowerCase();
    if (['1', 't', 'true'].includes(v)) return true;
    if (['0', 'f', 'false'].includes(v)) return false;
  }
  if (env.WT_SESSION) return true;
  const term = env.TERM ?? '';
  const colorTerm = env.COLORTERM ?? '';
  if (!term.includes('color') && !['truecolor', '24bit', 'yes'].some((c) => colorTerm.includes(c)))
    return false;
  return isTerminal;
}

/** Where a command writes; tests pass in-memory streams. */
export class Console {
  constructor(
    readonly stdout: Writable,
    readonly stderr: Writable,
    readonly color: boolean,
  ) {}

  styled(style: StyleName, text: string): string {
    const s: StyleDef = STYLES[style];
    return `${this.color ? s.prefix : s.low}${text}\n`;
  }

  /** out.Step / out.Styled: a styled line on stdout. */
  step(style: StyleName, text: string): void {
    this.stdout.write(this.styled(style, text));
  }

  /** out.ErrT: a styled line on stderr. */
  errStep(style: StyleName, text: string): void {
    this.stderr.write(this.styled(style, text));
  }

  warning(text: string): void {
    this.errStep('warning', text);
  }

  out(text: string): void {
    this.stdout.write(text);
  }

  err(text: string): void {
    this.stderr.write(text);
  }
}

/** Ends a command with an exit code after its message was printed (exit.Message / os.Exit). */
export class ExitError extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'ExitError';
  }
}

/** minikube reason kinds used here (pkg/minikube/reason/reason.go, exitcodes.go). */
export const REASONS = {
  usage: { id: 'MK_USAGE', code: 14 },
  usageNoProfile: {
    id: 'MK_USAGE_NO_PROFILE',
    code: 14,
    style: 'caching',
    advice: "You can create one using 'minikube start'.",
  },
  k8sOld: { id: 'K8S_OLD_UNSUPPORTED', code: 106 },
  k8sNew: { id: 'K8S_NEW_UNSUPPORTED', code: 106 },
  insufficientReqMemory: { id: 'RSRC_INSUFFICIENT_REQ_MEMORY', code: 23, style: 'unmetRequirement' },
  insufficientCores: { id: 'RSRC_INSUFFICIENT_CORES', code: 29, style: 'unmetRequirement' },
  guestNodeRetrieve: { id: 'GUEST_NODE_RETRIEVE', code: 85 },
  /** Reached through exit.Error (exitGuestProvision): the issue box follows. */
  guestStart: { id: 'GUEST_START', code: 80, newIssueLink: true },
  svcNotFound: { id: 'SVC_NOT_FOUND', code: 115 },
  unsupported: { id: 'MK_UNIMPLEMENTED', code: 16 },
  /** Stand-in only: bad LAB_SIM_* settings. */
  simConfig: { id: 'MK_SIM_CONFIG', code: 1 },
  /** Stand-in only: a cluster the emulator does not model (e.g. without Calico). */
  simUnsupported: { id: 'MK_SIM_UNSUPPORTED', code: 1 },
} satisfies Record<string, Reason>;

export interface Reason {
  id: string;
  code: number;
  /** The fatal line's style; failure (❌) unless the reason names one. */
  style?: StyleName;
  advice?: string;
  /** Printed as `Documentation: URL`. */
  url?: string;
  /** exit.Error of an unmatched error: the boxed "If the above advice does not help…" follows. */
  newIssueLink?: boolean;
}

/** out.indentMultiLine: a multi-line advice starts on a new line, each line indented by 4. */
function indentMultiLine(text: string): string {
  if (!text.includes('\n')) return text;
  return ['\n', ...text.split('\n').map((l) => `    ${l.trim()}`)].join('\n');
}

/** Terminal columns of a line: emoji (the style prefixes) take two. */
function displayWidth(line: string): number {
  let w = 0;
  for (const ch of line) w += (ch.codePointAt(0) ?? 0) >= 0x1f000 ? 2 : 1;
  return w;
}

/**
 * out.displayGitHubIssueMessage for `start` (pkg/minikube/out/out.go, v1.34.0 to v1.38.1): the
 * message in box-cli-maker's Round box with 4 columns and 1 line of padding (defaultBoxCfg).
 */
export function gitHubIssueBox(con: Console): string {
  const lines = [
    con.styled('sad', 'If the above advice does not help, please let us know:').trimEnd(),
    con.styled('url', 'https://github.com/kubernetes/minikube/issues/new/choose').trimEnd(),
    '',
    con
      .styled('empty', 'Please run `minikube logs --file=logs.txt` and attach logs.txt to the GitHub issue.')
      .trimEnd(),
  ];
  const inner = Math.max(...lines.map(displayWidth)) + 8;
  const row = (l: string) => `│    ${l}${' '.repeat(inner - 8 - displayWidth(l))}    │\n`;
  const blank = `│${' '.repeat(inner)}│\n`;
  return `╭${'─'.repeat(inner)}╮\n${blank}${lines.map(row).join('')}${blank}╰${'─'.repeat(inner)}╯\n`;
}

/**
 * exit.Message (out.displayText): a blank line on stdout, `❌  Exiting due to ID: message` on
 * stderr, the reason's suggestion, documentation and issue box, a blank line on stdout, then the
 * exit code.
 */
export function exitMessage(con: Console, reason: Reason, message: string): never {
  con.out('\n');
  con.errStep(reason.style ?? 'failure', `Exiting due to ${reason.id}: ${message}`);
  if (reason.advice) con.errStep('tip', `Suggestion: ${indentMultiLine(reason.advice)}`);
  if (reason.url) con.errStep('documentation', `Documentation: ${reason.url}`);
  if (reason.newIssueLink) {
    con.errStep('empty', '');
    con.err(gitHubIssueBox(con));
  }
  con.out('\n');
  throw new ExitError(reason.code);
}

/** Profile missing (mustload.Partial): shrug line, tip line, exit 85 (ExGuestNotFound). */
export function exitProfileNotFound(con: Console, profile: string): never {
  con.step('shrug', `Profile "${profile}" not found. Run "minikube profile list" to view all profiles.`);
  con.step('workaround', `To start a cluster, run: "${exampleCommand(profile, 'start')}"`);
  throw new ExitError(85);
}

/** Control plane not running (mustload.Running): exit 83 (ExGuestNotRunning). */
export function exitNotRunning(con: Console, profile: string): never {
  con.step('shrug', `The control-plane node ${profile} host is not running: state=Stopped`);
  con.step('workaround', `To start a cluster, run: "${exampleCommand(profile, 'start')}"`);
  throw new ExitError(83);
}

/** mustload.ExampleCmd */
export function exampleCommand(profile: string, action: string): string {
  return profile === 'minikube' ? `minikube ${action}` : `minikube ${action} -p ${profile}`;
}
