/**
 * The minikube CLI, run through execa. The same code drives a real minikube and the emulator's
 * stand-in (bin/minikube first on PATH): only PATH/MINIKUBE_HOME/KUBECONFIG in `env` differ.
 * Every call has a timeout, passes `env` through, and reports one transcript entry to `log`.
 * Output formats: docs/reference-facts.md, minikube §3-5.
 */
import { execa } from 'execa';
import { type StartSpec, startArgs } from '../minikube/start.ts';
import { CommandFailedError, MinikubeFailedError, ToolMissingError } from './errors.ts';
import { type ServiceUrls, spawnServiceUrls } from './minikube-service.ts';
import { shellQuote } from './shell-quote.ts';
import { type TranscriptEntry, type TranscriptLog, transcriptLine } from './transcript.ts';
import { which } from './which.ts';

export interface MinikubeLocateOptions {
  /** An explicit binary path; default: `minikube` looked up on `env.PATH`. */
  bin?: string;
  /** Extra environment for every call (merged over process.env); its PATH is searched. */
  env?: NodeJS.ProcessEnv;
  log?: TranscriptLog;
  /** Timeout of calls that take no explicit one; default 120 s. */
  defaultTimeoutMs?: number;
}

export interface CommandResult {
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface MinikubeStartOptions extends StartSpec {
  /** Default 15 min (minikube's own --wait-timeout is 6 min, image pulls come first). */
  timeoutMs?: number;
  /** Each line minikube prints on stdout, as it comes (its progress: `👍  Starting "…" node…`). */
  onLine?: (line: string) => void;
}

export interface MinikubeProfile {
  name: string;
  /** Running, Stopped, Paused, Unknown… ('' for invalid profiles). */
  status: string;
  valid: boolean;
  nodes: number;
  kubernetesVersion?: string;
  containerRuntime?: string;
  cni?: string;
  driver?: string;
  active: boolean;
}

/** One entry of `minikube status -o json` (docs/reference-facts.md, minikube §4). */
export interface MinikubeNodeStatus {
  name: string;
  host: string;
  kubelet: string;
  apiServer: string;
  kubeconfig: string;
  worker: boolean;
}

export interface SshResult {
  stdout: string;
  stderr: string;
  /** The remote command's exit code (recovered from minikube's `ssh: Process exited with status N`). */
  exitCode: number;
}

interface RunOptions {
  timeoutMs?: number;
  /** Return instead of throwing when minikube exits non-zero. */
  allowFailure?: boolean;
  /** Called with each stdout line while the command runs. */
  onLine?: (line: string) => void;
}

const START_TIMEOUT_MS = 15 * 60_000;

/** `minikube delete`'s timeout; the signal trap's cleanup deadline is longer (cleanup.ts). */
export const DELETE_TIMEOUT_MS = 300_000;

/**
 * What minikube prints for a profile that does not exist: `delete` warns `"NAME" profile does not
 * exist, trying anyways.` and exits 0 (cmd/minikube/cmd/delete.go); `status` and other commands say
 * `Profile "NAME" not found. Run "minikube profile list" to view all profiles.` and exit 85
 * (pkg/minikube/mustload/mustload.go). Anchored on the profile's quoted name, so that another
 * failure (`docker: command not found`) is not taken for a missing profile.
 */
export function saysProfileMissing(output: string, profile: string): boolean {
  const name = profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `"${name}" profile does not exist, trying anyways\\.|Profile "${name}" not found\\. Run "minikube profile list"`,
  ).test(output);
}

/** Calls `onLine` with each complete line of a stream's chunks; `flush` passes the unterminated rest. */
function lineSplitter(onLine: (line: string) => void): { push(chunk: unknown): void; flush(): void } {
  let rest = '';
  return {
    push(chunk) {
      const lines = (rest + String(chunk)).split(/\r?\n/);
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') onLine(line);
    },
    flush() {
      if (rest.trim() !== '') onLine(rest);
      rest = '';
    },
  };
}

export class Minikube {
  static #spawnCount = 0;

  /** Child processes spawned by every Minikube instance in this process (read by the benchmark). */
  static get spawnCount(): number {
    return Minikube.#spawnCount;
  }

  /** Child processes spawned by this instance. */
  spawned = 0;

  private constructor(
    readonly bin: string,
    readonly env: NodeJS.ProcessEnv,
    private readonly log: TranscriptLog | undefined,
    private readonly defaultTimeoutMs: number,
  ) {}

  /** Finds the binary (ToolMissingError if absent) without running it. */
  static locate(opts: MinikubeLocateOptions = {}): Minikube {
    const env = opts.env ?? {};
    const searchEnv = { ...process.env, ...env };
    const bin = which(opts.bin ?? 'minikube', searchEnv);
    if (!bin) throw new ToolMissingError('minikube', opts.bin ?? searchEnv.PATH ?? '');
    return new Minikube(bin, env, opts.log, opts.defaultTimeoutMs ?? 120_000);
  }

  /** minikube names the kubeconfig context after the profile. */
  kubeconfigContext(profile: string): string {
    return profile;
  }

  private countSpawn(): void {
    this.spawned++;
    Minikube.#spawnCount++;
  }

  #cancel = new AbortController();
  readonly #running = new Set<Promise<unknown>>();

  #track(p: Promise<unknown>): void {
    const settled = p.then(
      () => undefined,
      () => undefined,
    );
    this.#running.add(settled);
    void settled.then(() => this.#running.delete(settled));
  }

  /**
   * Stops every command of this instance still running (SIGTERM, SIGKILL 5 s later; a service
   * tunnel through its close()) and waits until they exited. Later calls run normally: the
   * teardown's `minikube delete` comes next.
   */
  async abortRunning(reason = 'the grade stopped'): Promise<void> {
    this.#cancel.abort(new Error(reason));
    this.#cancel = new AbortController();
    await Promise.all([...this.#running]);
  }

  /** How many commands of this instance are still running. */
  get runningCount(): number {
    return this.#running.size;
  }

  private record(entry: TranscriptEntry): void {
    this.log?.(entry, transcriptLine(entry));
  }

  /** Runs `minikube ARGS`; throws CommandFailedError on non-zero exit unless allowFailure. */
  async run(args: string[], opts: RunOptions = {}): Promise<CommandResult> {
    const argv = ['minikube', ...args];
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    this.countSpawn();
    const started = Date.now();
    const child = execa(this.bin, args, {
      env: this.env,
      reject: false,
      timeout: timeoutMs,
      forceKillAfterDelay: 5000,
      stdin: 'ignore',
      // abortRunning(): the engine stops what still runs before its teardown.
      cancelSignal: this.#cancel.signal,
    });
    this.#track(child);
    const lines = opts.onLine ? lineSplitter(opts.onLine) : undefined;
    if (lines) child.stdout?.on('data', (chunk) => lines.push(chunk));
    const r = await child;
    lines?.flush();
    const durationMs = Date.now() - started;
    if ((r as { code?: string }).code === 'ENOENT') throw new ToolMissingError('minikube', this.bin, r);
    const stdout = String(r.stdout ?? '');
    const stderr = String(r.stderr ?? '');
    this.record({ tool: 'minikube', argv, exitCode: r.exitCode, durationMs, timedOut: r.timedOut });
    if (r.failed && (!opts.allowFailure || r.exitCode === undefined)) {
      // minikube's reason and advice, and what its exit code means (errors.ts MINIKUBE_EXIT_CODES).
      throw new MinikubeFailedError(
        { argv, exitCode: r.exitCode, stdout, stderr, timedOut: r.timedOut, durationMs, signal: r.signal },
        r,
      );
    }
    return { argv, exitCode: r.exitCode ?? 0, stdout, stderr, durationMs };
  }

  start(o: MinikubeStartOptions): Promise<CommandResult> {
    return this.run(startArgs(o), { timeoutMs: o.timeoutMs ?? START_TIMEOUT_MS, onLine: o.onLine });
  }

  /** Deletes the profile; a profile that does not exist is not an error. Returns whether it existed. */
  async delete(profile: string, opts: { timeoutMs?: number } = {}): Promise<boolean> {
    const r = await this.run(['delete', '-p', profile], {
      timeoutMs: opts.timeoutMs ?? DELETE_TIMEOUT_MS,
      allowFailure: true,
    });
    const missing = saysProfileMissing(`${r.stdout}\n${r.stderr}`, profile);
    if (r.exitCode !== 0 && !missing) {
      throw new MinikubeFailedError({ ...r, timedOut: false });
    }
    return !missing;
  }

  /** `minikube version -o json`. */
  async version(): Promise<{ minikubeVersion: string; commit?: string }> {
    const r = await this.run(['version', '-o', 'json']);
    const v = parseJson(r, 'version') as { minikubeVersion?: string; commit?: string };
    if (!v.minikubeVersion) throw badOutput(r, 'no minikubeVersion');
    return { minikubeVersion: v.minikubeVersion, ...(v.commit ? { commit: v.commit } : {}) };
  }

  /** `minikube profile list -o json`: valid and invalid profiles; none → []. */
  async profiles(): Promise<MinikubeProfile[]> {
    const r = await this.run(['profile', 'list', '-o', 'json'], { allowFailure: true });
    let body: { valid?: RawProfile[]; invalid?: RawProfile[]; error?: unknown };
    try {
      body = JSON.parse(r.stdout || '{}');
    } catch (e) {
      throw badOutput(r, 'profile list is not JSON', e);
    }
    if (!body.valid && !body.invalid) {
      // Older minikube exits non-zero with {"error":…} when there is no profile.
      if (/no minikube profile/i.test(`${String(body.error ?? '')}\n${r.stderr}`)) return [];
      throw badOutput(r, 'profile list has neither "valid" nor "invalid"');
    }
    return [
      ...(body.valid ?? []).map((p) => toProfile(p, true)),
      ...(body.invalid ?? []).map((p) => toProfile(p, false)),
    ];
  }

  /** `minikube status -o json -p P`, one entry per node. Non-zero exit is normal for a stopped cluster. */
  async status(profile: string): Promise<MinikubeNodeStatus[]> {
    const r = await this.run(['status', '-o', 'json', '-p', profile], { allowFailure: true });
    if (!r.stdout.trim().startsWith('{') && !r.stdout.trim().startsWith('[')) {
      throw new CommandFailedError({ ...r, timedOut: false });
    }
    const raw = parseJson(r, 'status') as RawStatus | RawStatus[];
    return (Array.isArray(raw) ? raw : [raw]).map((s) => ({
      name: s.Name ?? '',
      host: s.Host ?? '',
      kubelet: s.Kubelet ?? '',
      apiServer: s.APIServer ?? '',
      kubeconfig: s.Kubeconfig ?? '',
      worker: Boolean(s.Worker),
    }));
  }

  /**
   * Runs argv on a node (`minikube ssh -p P -n NODE -- …`). minikube joins the words and the
   * node's shell re-parses them, so each is shell-quoted. node '' = the primary control plane.
   */
  async ssh(
    profile: string,
    node: string,
    argv: string[],
    opts: { timeoutMs?: number } = {},
  ): Promise<SshResult> {
    const args = ['ssh', '-p', profile, ...(node ? ['-n', node] : []), '--', ...argv.map(shellQuote)];
    const r = await this.run(args, { timeoutMs: opts.timeoutMs, allowFailure: true });
    if (r.exitCode === 0) return { stdout: r.stdout, stderr: r.stderr, exitCode: 0 };
    // Native client: "Process exited with status N"; external ssh: "exit status N".
    const remote = /^ssh: (?:Process exited with status|exit status) (\d+)\s*$/m.exec(r.stderr);
    if (!remote) throw new CommandFailedError({ ...r, timedOut: false });
    const stderr = r.stderr.replace(remote[0], '').replace(/\n+$/, '');
    return { stdout: r.stdout, stderr, exitCode: Number(remote[1]) };
  }

  /**
   * `minikube service NAME --url -n NS -p P`: resolves with the printed URLs, either when the
   * process exits or, when it keeps running to hold a tunnel (docker driver on macOS/Windows),
   * once the URL lines have been printed. Call close() when done: it stops a running process.
   */
  async serviceUrls(
    profile: string,
    namespace: string,
    name: string,
    opts: { timeoutMs?: number; settleMs?: number } = {},
  ): Promise<ServiceUrls> {
    this.countSpawn();
    const handle = spawnServiceUrls({
      signal: this.#cancel.signal,
      bin: this.bin,
      args: ['service', name, '--url', '-n', namespace, '-p', profile],
      env: this.env,
      timeoutMs: opts.timeoutMs ?? this.defaultTimeoutMs,
      settleMs: opts.settleMs ?? 500,
      record: (e) => this.record(e),
    });
    this.#track(handle.then((h) => h.exited));
    return handle;
  }
}

interface RawProfile {
  Name?: string;
  Status?: string;
  Active?: boolean;
  Config?: {
    Driver?: string;
    Nodes?: unknown[];
    KubernetesConfig?: { KubernetesVersion?: string; ContainerRuntime?: string; CNI?: string };
  } | null;
}

interface RawStatus {
  Name?: string;
  Host?: string;
  Kubelet?: string;
  APIServer?: string;
  Kubeconfig?: string;
  Worker?: boolean;
}

function toProfile(p: RawProfile, valid: boolean): MinikubeProfile {
  const k = p.Config?.KubernetesConfig;
  return {
    name: p.Name ?? '',
    status: p.Status ?? '',
    valid,
    nodes: p.Config?.Nodes?.length ?? 0,
    ...(k?.KubernetesVersion ? { kubernetesVersion: k.KubernetesVersion } : {}),
    ...(k?.ContainerRuntime ? { containerRuntime: k.ContainerRuntime } : {}),
    ...(k?.CNI ? { cni: k.CNI } : {}),
    ...(p.Config?.Driver ? { driver: p.Config.Driver } : {}),
    active: Boolean(p.Active),
  };
}

function badOutput(r: CommandResult, why: string, cause?: unknown): CommandFailedError {
  return new CommandFailedError(
    { ...r, stderr: `${r.stderr}\n(unexpected output: ${why})`.trim(), timedOut: false },
    cause,
  );
}

function parseJson(r: CommandResult, what: string): unknown {
  try {
    return JSON.parse(r.stdout);
  } catch (e) {
    throw badOutput(r, `${what} is not JSON`, e);
  }
}
