/**
 * `minikube service NAME --url`: prints one URL per port (docs/reference-facts.md, minikube §3). On Linux it
 * exits; with the docker driver on macOS/Windows it prints the URL(s) and keeps running to hold a
 * tunnel. So the URLs are taken at exit, or once URL lines stopped arriving for `settleMs` while
 * the process still runs; close() stops a process left running.
 */
import { execa } from 'execa';
import { CommandFailedError, ToolMissingError } from './errors.ts';
import type { TranscriptEntry } from './transcript.ts';

export interface ServiceUrls {
  urls: string[];
  /** The process still runs (it holds a tunnel); the URLs work only until close(). */
  running: boolean;
  /** Stops the process if it still runs. Idempotent. */
  close(): Promise<void>;
}

export interface SpawnServiceUrlsOptions {
  bin: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  settleMs: number;
  record: (e: TranscriptEntry) => void;
}

const URL_LINE = /^\s*(https?:\/\/\S+)\s*$/;

export function spawnServiceUrls(o: SpawnServiceUrlsOptions): Promise<ServiceUrls> {
  const argv = ['minikube', ...o.args];
  const started = Date.now();
  const child = execa(o.bin, o.args, {
    env: o.env,
    reject: false,
    stdin: 'ignore',
    forceKillAfterDelay: 3000,
  });
  const urls: string[] = [];
  let pending = '';
  let exited = false;
  const finished = child.then((r) => {
    exited = true;
    return r;
  });

  const close = async (): Promise<void> => {
    if (!exited) child.kill('SIGTERM');
    await finished;
  };

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
        child.kill('SIGTERM');
        reject(
          new CommandFailedError({
            argv,
            exitCode: undefined,
            stdout: urls.join('\n'),
            stderr: '',
            timedOut: true,
            durationMs: Date.now() - started,
          }),
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
          resolve({ urls: [...urls], running: true, close });
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
        resolve({ urls: [...urls], running: false, close });
      });
    });
  });
}
