/**
 * Errors of the live-cluster driver. Like execa's errors they carry the facts as fields and
 * boolean reasons (`toolMissing`, `timedOut`, `notFound`…), so callers branch on fields, never on
 * message text. Every one extends ClusterError and keeps the underlying error as `cause`.
 */

export type ClusterErrorKind = 'tool-missing' | 'command-failed' | 'wait-timeout' | 'api' | 'exec';

const BRAND = Symbol.for('kube-lab-grader.ClusterError');

export class ClusterError extends Error {
  readonly kind: ClusterErrorKind;
  /** A binary (minikube…) is not installed or not on PATH. */
  readonly toolMissing: boolean;
  /** Something did not finish in time (a command, a wait, an exec). */
  readonly timedOut: boolean;

  constructor(
    kind: ClusterErrorKind,
    message: string,
    opts: { cause?: unknown; toolMissing?: boolean; timedOut?: boolean } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ClusterError';
    this.kind = kind;
    this.toolMissing = opts.toolMissing ?? false;
    this.timedOut = opts.timedOut ?? false;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** Works across module copies/realms, unlike `instanceof`. */
export function isClusterError(e: unknown): e is ClusterError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

const INSTALL_HINTS: Record<string, string> = {
  minikube: 'install minikube: https://minikube.sigs.k8s.io/docs/start/',
  kubectl: 'install kubectl: https://kubernetes.io/docs/tasks/tools/ (or use `minikube kubectl --`)',
  calicoctl: 'install calicoctl: https://docs.tigera.io/calico/latest/operations/calicoctl/install',
  docker: 'install Docker: https://docs.docker.com/engine/install/',
};

/** A required binary is not on PATH. The CLI maps it to exit code 3. */
export class ToolMissingError extends ClusterError {
  readonly tool: string;
  /** The PATH that was searched. */
  readonly searchedPath: string;
  readonly hint: string;

  constructor(tool: string, searchedPath: string, cause?: unknown) {
    const hint = INSTALL_HINTS[tool] ?? `install ${tool} and put it on PATH`;
    super('tool-missing', `${tool} not found on PATH; ${hint}`, { cause, toolMissing: true });
    this.name = 'ToolMissingError';
    this.tool = tool;
    this.searchedPath = searchedPath;
    this.hint = hint;
  }
}

/** Keeps the end of a long output: the error lines are usually last. */
export function tail(text: string, maxChars = 2000): string {
  return text.length <= maxChars ? text : `…${text.slice(-maxChars)}`;
}

export interface CommandFailure {
  argv: readonly string[];
  /** undefined when the process was killed (timeout, signal) before exiting. */
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  signal?: string;
}

/** A child process exited non-zero, was killed, or timed out. */
export class CommandFailedError extends ClusterError {
  readonly argv: readonly string[];
  readonly exitCode: number | undefined;
  /** Last ~2000 characters of each stream. */
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly signal: string | undefined;

  constructor(f: CommandFailure, cause?: unknown) {
    const what = f.timedOut
      ? `timed out after ${formatDuration(f.durationMs)}`
      : f.exitCode === undefined
        ? `was killed${f.signal ? ` by ${f.signal}` : ''}`
        : `failed with exit code ${f.exitCode}`;
    const errTail = tail(f.stderr.trim(), 400);
    super('command-failed', `\`${f.argv.join(' ')}\` ${what}${errTail ? `: ${errTail}` : ''}`, {
      cause,
      timedOut: f.timedOut,
    });
    this.name = 'CommandFailedError';
    this.argv = f.argv;
    this.exitCode = f.exitCode;
    this.stdout = tail(f.stdout);
    this.stderr = tail(f.stderr);
    this.durationMs = f.durationMs;
    this.signal = f.signal;
  }
}

/** `360s`, `1.5s`, `250ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(1))}s`;
}

/** A wait gave up; `lastSeen` describes the state it saw last (the mismatch to report). */
export class WaitTimeoutError extends ClusterError {
  readonly what: string;
  readonly lastSeen: string;
  readonly timeoutMs: number;

  constructor(what: string, lastSeen: string, timeoutMs: number, cause?: unknown) {
    super(
      'wait-timeout',
      `timed out after ${formatDuration(timeoutMs)} waiting for ${what}; last seen: ${lastSeen}`,
      {
        cause,
        timedOut: true,
      },
    );
    this.name = 'WaitTimeoutError';
    this.what = what;
    this.lastSeen = lastSeen;
    this.timeoutMs = timeoutMs;
  }
}

export type KubeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'exec' | 'logs';

/** The API server answered with an error Status (client-node's ApiException, unwrapped). */
export class KubeApiError extends ClusterError {
  /** HTTP status; 0 when no HTTP answer arrived (connection refused, TLS…). */
  readonly code: number;
  /** Status.reason: NotFound, AlreadyExists, Conflict, Forbidden, Expired… ('' if unknown). */
  readonly reason: string;
  readonly verb: KubeVerb;
  /** What was addressed, e.g. `nodes/minikube`, `pods (default)`. */
  readonly resource: string;
  readonly notFound: boolean;
  readonly alreadyExists: boolean;
  readonly conflict: boolean;
  /** The API server could not be reached at all. */
  readonly unreachable: boolean;

  constructor(
    f: { code: number; reason: string; message: string; verb: KubeVerb; resource: string },
    cause?: unknown,
  ) {
    const detail = f.code > 0 ? `${f.code}${f.reason ? ` ${f.reason}` : ''}` : 'unreachable';
    super('api', `${f.verb} ${f.resource}: ${detail}: ${f.message}`, { cause });
    this.name = 'KubeApiError';
    this.code = f.code;
    this.reason = f.reason;
    this.verb = f.verb;
    this.resource = f.resource;
    this.notFound = f.code === 404;
    this.alreadyExists = f.code === 409 && f.reason === 'AlreadyExists';
    this.conflict = f.code === 409 && f.reason !== 'AlreadyExists';
    this.unreachable = f.code === 0;
  }
}

/** An exec session could not be opened (pod gone, container not running, handshake refused). */
export class ExecError extends ClusterError {
  readonly pod: string;
  readonly argv: readonly string[];

  constructor(pod: string, argv: readonly string[], message: string, cause?: unknown) {
    super('exec', `exec \`${argv.join(' ')}\` in ${pod}: ${message}`, { cause });
    this.name = 'ExecError';
    this.pod = pod;
    this.argv = argv;
  }
}

/**
 * Whether a failed `minikube start` is worth another try: a failure of the machine (host, network,
 * driver, guest VM/container, runtime, control plane — something slow or flaky), not of what was
 * asked. Decided on minikube's exit code (pkg/minikube/reason/exitcodes.go): codes come in tens by
 * source, the last digit saying what went wrong. Retried: a kill by our own timeout, and codes ≥ 30
 * ending in 0 (error), 2 (timeout), 3 (not running) or 9 (unavailable) — e.g. 80 GUEST_START,
 * 82 guest timeout, 52 driver timeout. Not retried: 1 (generic, also the stand-in's bad LAB_SIM_*
 * settings), 2 (interrupted), 10–19 (minikube's own usage/config: 14 MK_USAGE), 20–29 (too few
 * CPUs, memory or disk: a retry finds no more), the endings 1 (conflict), 4 (usage), 5 (not
 * found), 6 (unsupported: 106 K8S_OLD_UNSUPPORTED), 7 (permission), 8 (config), 128+ (signals), a
 * missing binary, or anything that is not a failed command.
 */
export function isTransientStartFailure(e: unknown): boolean {
  if (!isClusterError(e) || e.kind !== 'command-failed') return false;
  const f = e as CommandFailedError;
  if (f.timedOut) return true;
  const code = f.exitCode;
  if (code === undefined || code < 30 || code >= 128) return false;
  return [0, 2, 3, 9].includes(code % 10);
}
