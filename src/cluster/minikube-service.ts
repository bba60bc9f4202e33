/**
 * `minikube service NAME --url`: prints one URL per port (docs/reference-facts.md, minikube §3). On Linux it
 * exits; with the docker driver on macOS/Windows/WSL it prints the URL(s) and keeps running to hold
 * a tunnel (an `ssh -N -L` child). So the URLs are taken at exit, or once URL lines stopped arriving
 * for `settleMs` while the process still runs.
 *
 * Such a minikube stops its ssh child only on SIGINT (`signal.Notify(…, os.Interrupt)`); SIGTERM
 * kills minikube alone and orphans the ssh. So close() sends SIGINT, waits `stopGraceMs`, then
 * SIGTERMs the whole process group (the process runs in its own, so the ssh child goes too); on
 * Windows, where no SIGINT can be sent, `taskkill /T /F` ends the process tree. It always awaits
 * the exit.
 */
import { execa } from 'execa';
import { CommandFailedError, ToolMissingError } from './errors.ts';
import type { TranscriptEntry } from './transcript.ts';

export interface ServiceUrls {
  urls: string[];
  /** The process still runs (it holds a tunnel); the URLs work only until close(). */
  running: boolean;
  /** Stops the process if it still runs (SIGINT first, see above) and awaits its exit. Idempotent. */
  close(): Promise<void>;
  /** Settles when the process has exited. */
  exited: Promise<void>;
}

export interface SpawnServiceUrlsOptions {
  bin: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  settleMs: number;
  /** How long close() waits after SIGINT before SIGTERM (default 5 s). */
  stopGraceMs?: number;
  record: (e: TranscriptEntry) => void;
  /** Default process.platform (tests). */
  platform?: NodeJS.Platform;
  /** Aborting it stops the process as close() does (the engine, before its teardown). */
  signal?: AbortSignal;
}

/** How a still-running `minikube service` is stopped, step by step (pure: tests read it). */
export type StopAction =
  | { kind: 'signal'; signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL'; group: boolean }
  | { kind: 'taskkill'; argv: string[] }
  | { kind: 'wait'; ms: number };

export function stopPlan(platform: NodeJS.Platform, pid: number, graceMs: number): StopAction[] {
  if (platform === 'win32')
    return [
      { kind: 'taskkill', argv: ['taskkill', '/pid', String(pid), '/T', '/F'] },
      { kind: 'wait', ms: graceMs },
    ];
  return [
    { kind: 'signal', signal: 'SIGINT', group: false },
    { kind: 'wait', ms: graceMs },
    { kind: 'signal', signal: 'SIGTERM', group: true },
    { kind: 'wait', ms: 3000 },
    { kind: 'signal', signal: 'SIGKILL', group: true },
  ];
}

const URL_LINE = /^\s*(https?:\/\/\S+)\s*$/;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** A signal to the process, or to its process group (`-pid`), ignoring one already gone. */
function signal(pid: number, sig: NodeJS.Signals, group: boolean): void {
  try {
    process.kill(group ? -pid : pid, sig);
  } catch {
    // exited meanwhile
  }
}

export function spawnServiceUrls(o: SpawnServiceUrlsOptions): Promise<ServiceUrls> {
  const argv = ['minikube', ...o.args];
  const started = Date.now();
  const platform = o.platform ?? process.platform;
  const child = execa(o.bin, o.args, {
    env: o.env,
    reject: false,
    stdin: 'ignore',
    // Its own process group on POSIX, so that SIGTERM reaches a tunnel's ssh child too.
    detached: platform !== 'win32',
    forceKillAfterDelay: false,
  });
  const urls: string[] = [];
  let pending = '';
  let exited = false;
  const finished = child.then((r) => {
    exited = true;
    return r;
  });

  const stop = async (): Promise<void> => {
    const pid = child.pid;
    for (const step of pid === undefined ? [] : stopPlan(platform, pid, o.stopGraceMs ?? 5000)) {
      if (exited) break;
      if (step.kind === 'wait') await Promise.race([finished, sleep(step.ms)]);
      else if (step.kind === 'taskkill')
        await execa(step.argv[0] as string, step.argv.slice(1), { reject: false, stdin: 'ignore' });
      else signal(pid as number, step.signal, step.group);
    }
    await finished;
  };
  let stopping: Promise<void> | undefined;
  const close = (): Promise<void> => {
    stopping ??= stop();
    return stopping;
  };
  const exitedPromise = finished.then(() => undefined);
  if (o.signal?.aborted) void close();
  else o.signal?.addEventListener('abort', () => void close(), { once: true });

  return new Promise<ServiceUrls>((resolve, reject) => {
    let settled = false;
    let settleTimer: NodeJS.Timeout | undefined;
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(settleTimer);
      clearTimeout(deadline);
      fn();
    };
    const deadline = setTimeout(() => {
      done(() => {
        o.record({
          tool: 'minikube',
          argv,
          exitCode: undefined,
          durationMs: Date.now() - started,
          timedOut: true,
        });
        void close().finally(() =>
          reject(
            new CommandFailedError({
              argv,
              exitCode: undefined,
              stdout: urls.join('\n'),
              stderr: '',
              timedOut: true,
              durationMs: Date.now() - started,
            }),
          ),
        );
      });
    }, o.timeoutMs);

    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      let fresh = false;
      for (const line of lines) {
        const m = URL_LINE.exec(line);
        if (m) {
          urls.push(m[1] as string);
          fresh = true;
        }
      }
      if (!fresh || settled) return;
      clearTimeout(settleTimer);
      settleTimer = setTimeout(() => {
        done(() => {
          o.record({
            tool: 'minikube',
            argv,
            exitCode: undefined,
            durationMs: Date.now() - started,
            timedOut: false,
            running: true,
          });
          resolve({ urls: [...urls], running: true, close, exited: exitedPromise });
        });
      }, o.settleMs);
    });

    finished.then((r) => {
      const m = URL_LINE.exec(pending);
      if (m) urls.push(m[1] as string);
      done(() => {
        const durationMs = Date.now() - started;
        o.record({ tool: 'minikube', argv, exitCode: r.exitCode, durationMs, timedOut: false });
        if ((r as { code?: string }).code === 'ENOENT') {
          reject(new ToolMissingError('minikube', o.bin, r));
          return;
        }
        if (r.failed || urls.length === 0) {
          const stderr = String(r.stderr ?? '') || (r.failed ? '' : 'no URL printed');
          reject(
            new CommandFailedError({
              argv,
              exitCode: r.exitCode,
              stdout: String(r.stdout ?? ''),
              stderr,
              timedOut: false,
              durationMs,
              signal: r.signal,
            }),
          );
          return;
        }
        resolve({ urls: [...urls], running: false, close, exited: exitedPromise });
      });
    });
  });
}
