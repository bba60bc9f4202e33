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
  guestNodeRetrieve: { id: 'GUEST_NODE_RETRIEVE', code: 85 },
  guestStart: { id: 'GUEST_START', code: 80 },
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
}

/**
 * exit.Message: a blank line on stdout, `❌  Exiting due to ID: message` on stderr, a blank
 * line on stdout, then the exit code.
 */
export function exitMessage(con: Console, reason: Reason, message: string): never {
  con.out('\n');
  con.errStep(reason.style ?? 'failure', `Exiting due to ${reason.id}: ${message}`);
  if (reason.advice) con.errStep('tip', `Suggestion: ${reason.advice}`);
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
