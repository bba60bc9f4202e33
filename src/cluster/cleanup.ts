/**
 * The one owner of SIGINT/SIGTERM during a live grade. A signal does not end the process: it calls
 * `onSignal` once, and the grade takes its normal way out, only shorter — the current step is
 * abandoned, the remaining ones are skipped, the reports are written and the cluster is deleted.
 * Two things bound that way out: a second signal exits at once, and so does the deadline passing
 * before dispose(). Both exit with `exitCode` (the CLI's infrastructure code, 3: the CLI's exit
 * codes are 0/1/2/3, not the shell's 130/143).
 */

import { DELETE_TIMEOUT_MS } from './minikube.ts';

/**
 * The cleanup after a signal ends with `minikube delete`, allowed DELETE_TIMEOUT_MS: the deadline
 * gives it that and 30 s for the reports and the rest, so a slow delete is never cut off midway
 * (which would leave a node container and its network behind).
 */
export const CLEANUP_DEADLINE_MS = DELETE_TIMEOUT_MS + 30_000;

export interface SignalTrapOptions {
  signals?: readonly NodeJS.Signals[];
  /**
   * Longest time from the first signal to dispose(); default CLEANUP_DEADLINE_MS, which leaves the
   * cleanup's `minikube delete` its whole timeout.
   */
  deadlineMs?: number;
  /** Exit code when the deadline or a second signal ends the process; default 3. */
  exitCode?: number;
  /** Where to say what happens; default stderr. */
  report?: (line: string) => void;
  /** Ends the process; default process.exit (replaced in tests). */
  exit?: (code: number) => void;
}

export interface SignalTrap {
  /** The first signal received, if any. */
  readonly signal: NodeJS.Signals | undefined;
  /** Removes the handlers and the deadline: the interrupted grade has finished its way out. */
  dispose(): void;
}

export function trapSignals(
  onSignal: (signal: NodeJS.Signals) => void,
  opts: SignalTrapOptions = {},
): SignalTrap {
  const signals = opts.signals ?? ['SIGINT', 'SIGTERM'];
  const deadlineMs = opts.deadlineMs ?? CLEANUP_DEADLINE_MS;
  const exitCode = opts.exitCode ?? 3;
  const report = opts.report ?? ((line: string) => process.stderr.write(`${line}\n`));
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let first: NodeJS.Signals | undefined;
  let deadline: NodeJS.Timeout | undefined;

  function handler(signal: NodeJS.Signals): void {
    if (first) {
      report(`${signal} again: exiting without waiting for the cleanup`);
      exit(exitCode);
      return;
    }
    first = signal;
    report(`${signal} received: stopping, writing the reports and cleaning up…`);
    // Unref'd: it must not keep a process alive that has nothing else left to do.
    deadline = setTimeout(() => {
      report(`the cleanup did not finish within ${deadlineMs} ms of ${signal}: exiting`);
      exit(exitCode);
    }, deadlineMs);
    deadline.unref();
    onSignal(signal);
  }

  for (const s of signals) process.on(s, handler);
  return {
    get signal() {
      return first;
    },
    dispose() {
      for (const s of signals) process.off(s, handler);
      if (deadline) clearTimeout(deadline);
    },
  };
}
