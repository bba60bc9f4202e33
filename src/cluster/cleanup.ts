/**
 * Runs a cleanup (delete the profile, stop port-forwards…) exactly once: on SIGINT/SIGTERM or when
 * run() is called. After a signal the process exits with 128 + signal number (130 / 143), as a
 * shell reports it. A hard deadline keeps a hung cleanup from hanging the process; a second signal
 * while cleaning up exits at once.
 */
import { constants } from 'node:os';
import { WaitTimeoutError } from './errors.ts';

export interface CleanupOptions {
  signals?: NodeJS.Signals[];
  /** Longest time the cleanup may take; default 120 s. */
  deadlineMs?: number;
  /** Where to report a signal or a missed deadline; default stderr. */
  report?: (line: string) => void;
}

export interface CleanupHandle {
  /** Runs the cleanup (once; later calls share the first run) and removes the signal handlers. */
  run(): Promise<void>;
  /** Removes the signal handlers without running the cleanup. */
  dispose(): void;
  readonly started: boolean;
}

export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 1);
}

export function registerCleanup(fn: () => Promise<void>, opts: CleanupOptions = {}): CleanupHandle {
  const signals = opts.signals ?? ['SIGINT', 'SIGTERM'];
  const deadlineMs = opts.deadlineMs ?? 120_000;
  const report = opts.report ?? ((line: string) => process.stderr.write(`${line}\n`));
  let running: Promise<void> | undefined;
  let exiting = false;

  const dispose = () => {
    for (const s of signals) process.off(s, onSignal);
  };

  /** fn() bounded by the deadline; rejects with WaitTimeoutError when it is missed. */
  const runOnce = (): Promise<void> => {
    running ??= new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new WaitTimeoutError('cleanup', 'still running', deadlineMs)),
        deadlineMs,
      );
      Promise.resolve()
        .then(fn)
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
    return running;
  };

  function onSignal(signal: NodeJS.Signals): void {
    const code = signalExitCode(signal);
    if (exiting) {
      report(`${signal} again: exiting without waiting for cleanup`);
      process.exit(code);
    }
    exiting = true;
    report(`${signal} received: cleaning up…`);
    runOnce().then(
      () => process.exit(code),
      (e: unknown) => {
        report(`cleanup failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(code);
      },
    );
  }

  for (const s of signals) process.on(s, onSignal);

  return {
    async run() {
      try {
        await runOnce();
      } finally {
        if (!exiting) dispose();
      }
    },
    dispose,
    get started() {
      return running !== undefined;
    },
  };
}
