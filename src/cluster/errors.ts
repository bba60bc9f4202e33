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

  /** `summary` replaces the stderr tail in the message (MinikubeFailedError's reading of it). */
  constructor(f: CommandFailure, cause?: unknown, summary?: string) {
    const what = f.timedOut
      ? `timed out after ${formatDuration(f.durationMs)}`
      : f.exitCode === undefined
        ? `was killed${f.signal ? ` by ${f.signal}` : ''}`
        : `failed with exit code ${f.exitCode}`;
    const errTail = summary ?? tail(f.stderr.trim(), 400);
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

/** What a minikube exit code means (pkg/minikube/reason/exitcodes.go) and what a student can do. */
export interface MinikubeExitMeaning {
  what: string;
  hint: string;
}

/**
 * minikube's exit codes a lab start meets (kubernetes/minikube pkg/minikube/reason/exitcodes.go and
 * the reasons of reason.go using them; docs/reference-facts.md, minikube §8).
 */
export const MINIKUBE_EXIT_CODES: Readonly<Record<number, MinikubeExitMeaning>> = {
  14: { what: 'minikube refused a flag', hint: 'check the minikube version: the flag may be newer than it' },
  23: {
    what: 'not enough memory',
    hint: 'give Docker more memory (Docker Desktop: Settings → Resources → Memory, at least 5 GB for the two nodes) or close other programs; the grader asks 2200 MB per node (README "Live grading")',
  },
  26: { what: 'not enough disk space', hint: 'free disk space (`docker system prune`) and try again' },
  29: {
    what: 'not enough CPUs',
    hint: 'give Docker at least 2 CPUs (Docker Desktop: Settings → Resources → CPUs); minikube needs 2 per node',
  },
  55: {
    what: 'the minikube driver is missing, or Docker is not running',
    hint: 'start Docker (Docker Desktop, or `sudo systemctl start docker`) and check that `docker info` answers, or name another driver with `--driver`',
  },
  63: {
    what: 'Docker is not running',
    hint: 'start Docker (Docker Desktop, or `sudo systemctl start docker`) and check that `docker info` answers',
  },
  80: {
    what: 'the node (container or VM) failed to start',
    hint: '`minikube logs -p PROFILE` says why; `minikube delete -p PROFILE` and try again',
  },
  85: { what: 'the minikube profile does not exist', hint: 'see `minikube profile list`' },
  106: {
    what: 'this minikube does not run that Kubernetes version',
    hint: 'choose a --kubernetes-version this minikube supports (README "Live grading" lists the ranges), or another minikube',
  },
};

/** What minikube said when it gave up: its reason, message and advice. */
export interface MinikubeFailureText {
  /** K8S_OLD_UNSUPPORTED, RSRC_DOCKER_MEMORY… */
  reason: string;
  message: string;
  /** minikube's `Suggestion:` (its lines joined by newlines). */
  advice?: string;
  /** minikube's `Documentation:` link. */
  url?: string;
  /**
   * The failed command's own stderr that minikube quotes after the message, between `** stderr **`
   * and `** /stderr **` (e.g. kubectl's error when the CNI manifest does not apply), its lines joined.
   */
  output?: string;
}

const JSON_ERROR_TYPE = 'io.k8s.sigs.minikube.error';

/**
 * Reads minikube's failure out of its output: the `io.k8s.sigs.minikube.error` event of
 * `--output=json` (pkg/minikube/out/register, data name/message/advice/url), or the
 * `Exiting due to <REASON>: <message>` line of the text output (exit.Message) with the
 * `Suggestion:` and `Documentation:` lines after it (out.displayText). Not the box that follows them
 * (minikube's request to file an issue), which is what the last lines of stderr usually are.
 */
export function parseMinikubeFailure(stdout: string, stderr: string): MinikubeFailureText | undefined {
  for (const line of `${stdout}\n${stderr}`.split(/\r?\n/)) {
    if (!line.startsWith('{') || !line.includes(JSON_ERROR_TYPE)) continue;
    try {
      const event = JSON.parse(line) as { type?: unknown; data?: Record<string, unknown> };
      const d = event.data;
      if (event.type !== JSON_ERROR_TYPE || !d || typeof d.message !== 'string') continue;
      const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
      const advice = str(d.advice);
      const url = str(d.url);
      return {
        reason: str(d.name) ?? 'UNKNOWN',
        message: d.message.trim(),
        ...(advice ? { advice } : {}),
        ...(url ? { url } : {}),
      };
    } catch {
      // not an event line
    }
  }
  for (const text of [stderr, stdout]) {
    const lines = text.split(/\r?\n/);
    const at = lines.findLastIndex((l) => /Exiting due to [A-Z][A-Z0-9_]*: /.test(l));
    if (at < 0) continue;
    const m = /Exiting due to ([A-Z][A-Z0-9_]*): (.*)$/.exec(lines[at] ?? '') as RegExpExecArray;
    const failure: MinikubeFailureText = { reason: m[1] as string, message: (m[2] as string).trim() };
    const output = quotedStderr(lines.slice(at + 1));
    if (output) failure.output = output;
    const advice: string[] = [];
    let inAdvice = false;
    for (const line of lines.slice(at + 1)) {
      const suggestion = /Suggestion: ?(.*)$/.exec(line);
      const docs = /Documentation: (\S+)/.exec(line);
      if (suggestion) {
        inAdvice = true;
        if (suggestion[1]?.trim()) advice.push((suggestion[1] as string).trim());
      } else if (docs) {
        inAdvice = false;
        failure.url = docs[1];
      } else if (inAdvice && (/^\s{2,}\S/.test(line) || (line.trim() === '' && advice.length === 0))) {
        if (line.trim()) advice.push(line.trim());
      } else if (line.trim() !== '' || advice.length > 0) inAdvice = false;
    }
    if (advice.length > 0) failure.advice = advice.join('\n');
    return failure;
  }
  return undefined;
}

/**
 * The `** stderr **` … `** /stderr **` block minikube prints right after an error that wraps a
 * command's output (pkg/minikube/command: RunResult.Output), as one line; undefined when there is none.
 */
function quotedStderr(after: readonly string[]): string | undefined {
  const start = after.findIndex((l) => l.trim() === '** stderr **');
  // Only the block that belongs to this message: before any advice or the issue box.
  if (start < 0 || start > 1) return undefined;
  const end = after.findIndex((l, i) => i > start && l.trim().startsWith('** /stderr **'));
  const body = after.slice(start + 1, end < 0 ? undefined : end).map((l) => l.trim());
  const text = body.filter(Boolean).join(' ');
  return text ? text.slice(0, 1000) : undefined;
}

/** A minikube command that failed, read: its reason and advice, and what its exit code means. */
export class MinikubeFailedError extends CommandFailedError {
  /** minikube's reason (RSRC_DOCKER_MEMORY…), when it printed one. */
  readonly reason: string | undefined;
  readonly advice: string | undefined;
  /** The exit code's meaning and a hint, when the code is one of MINIKUBE_EXIT_CODES. */
  readonly meaning: MinikubeExitMeaning | undefined;

  constructor(f: CommandFailure, cause?: unknown) {
    const text = parseMinikubeFailure(f.stdout, f.stderr);
    const meaning = f.exitCode === undefined || f.timedOut ? undefined : MINIKUBE_EXIT_CODES[f.exitCode];
    super(f, cause, text || meaning ? minikubeSummary(f, text, meaning) : undefined);
    this.name = 'MinikubeFailedError';
    this.reason = text?.reason;
    this.advice = text?.advice;
    this.meaning = meaning;
  }
}

function minikubeSummary(
  f: CommandFailure,
  text: MinikubeFailureText | undefined,
  meaning: MinikubeExitMeaning | undefined,
): string {
  const parts: string[] = [];
  const head = meaning ? `${meaning.what}` : '';
  const said = text ? `Exiting due to ${text.reason}: ${text.message}` : tail(f.stderr.trim(), 400);
  parts.push(head ? `${head} — ${said}` : said);
  // minikube names the oldest version it runs in the warning before K8S_OLD_UNSUPPORTED.
  const oldest = /less than the oldest supported version: (v\d+\.\d+\.\d+)/.exec(f.stderr)?.[1];
  if (text?.output) parts.push(`its output: ${text.output}`);
  if (oldest) parts.push(`this minikube runs Kubernetes ${oldest} and later`);
  if (text?.advice) parts.push(`minikube suggests: ${text.advice.replace(/\n/g, ' ')}`);
  if (text?.url) parts.push(`see ${text.url}`);
  if (meaning) parts.push(`hint: ${meaning.hint}`);
  return parts.join('; ');
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
