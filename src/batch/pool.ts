import { safeText } from '../report/safe-text.ts';
import { describeError } from './row.ts';

/** What one task came to: its value, or the error it threw (the student is then ungraded). */
export type TaskOutcome<T> =
  | { status: 'done'; value: T; durationMs: number }
  | { status: 'ungraded'; error: { step?: string; message: string }; cause: unknown; durationMs: number };

export interface PoolProgress<I, T> {
  /** Tasks finished so far, this one included (k of `total`). */
  done: number;
  total: number;
  /** Index (in the input) of the task that just finished, its item and outcome. */
  index: number;
  item: I;
  outcome: TaskOutcome<T>;
  elapsedMs: number;
  /** Mean task duration × tasks left ÷ parallel slots; 0 when all are done. */
  etaMs: number;
}

export interface PoolOptions<I, T> {
  /** Tasks running at once (`--jobs N`), at least 1. */
  jobs: number;
  onProgress?: (progress: PoolProgress<I, T>) => void;
  /** Once aborted, tasks not yet started are not started: they come out ungraded, "cancelled". */
  signal?: AbortSignal;
  /** Injected clock (ms) for tests. @default performance.now */
  now?: () => number;
}

/**
 * Runs `task` over `items`, at most `jobs` at once. A task that throws does not stop the others: its
 * outcome is `ungraded` with the error. Outcomes come back in input order, whatever the finishing
 * order. A throwing progress callback is ignored (progress is display only).
 */
export async function runPool<I, T>(
  items: readonly I[],
  task: (item: I, index: number) => Promise<T>,
  opts: PoolOptions<I, T>,
): Promise<TaskOutcome<T>[]> {
  const jobs = assertJobs(opts.jobs);
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const outcomes = new Array<TaskOutcome<T>>(items.length);
  let next = 0;
  let done = 0;
  let busyMs = 0;

  const runOne = async (index: number): Promise<void> => {
    const item = items[index] as I;
    const t0 = now();
    let outcome: TaskOutcome<T>;
    if (opts.signal?.aborted) {
      outcome = {
        status: 'ungraded',
        error: { message: 'cancelled' },
        cause: opts.signal.reason,
        durationMs: 0,
      };
    } else {
      try {
        const value = await task(item, index);
        outcome = { status: 'done', value, durationMs: now() - t0 };
      } catch (e) {
        outcome = { status: 'ungraded', error: describeError(e), cause: e, durationMs: now() - t0 };
      }
    }
    outcomes[index] = outcome;
    done += 1;
    busyMs += outcome.durationMs;
    if (opts.onProgress) {
      const remaining = items.length - done;
      const progress: PoolProgress<I, T> = {
        done,
        total: items.length,
        index,
        item,
        outcome,
        elapsedMs: now() - started,
        etaMs: estimateEta(busyMs / done, remaining, jobs),
      };
      try {
        opts.onProgress(progress);
      } catch {
        // Display only: a broken progress line must not cost a student their grade.
      }
    }
  };

  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await runOne(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return outcomes;
}

/**
 * Time left: the mean duration so far × tasks left ÷ the slots that will work on them (fewer than
 * `jobs` near the end, when fewer tasks are left than slots).
 */
export function estimateEta(meanMs: number, remaining: number, jobs: number): number {
  if (remaining <= 0) return 0;
  return (meanMs * remaining) / Math.max(1, Math.min(jobs, remaining));
}

export const MAX_JOBS = 64;

/** `--jobs N`: an integer from 1 to MAX_JOBS. */
export function parseJobs(text: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed))
    throw new RangeError(`--jobs must be a whole number, got ${JSON.stringify(text)}`);
  return assertJobs(Number(trimmed));
}

function assertJobs(jobs: number): number {
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) {
    throw new RangeError(`--jobs must be between 1 and ${MAX_JOBS}, got ${jobs}`);
  }
  return jobs;
}

/** Human `1m 05s` / `42s` for a progress line. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * `[3/40] alice graded in 2s, elapsed 9s, about 1m 10s left`; `outcome` replaces `graded` (a score,
 * "not graded: …"). An error message can quote a submission, so it is kept on the line and unable to
 * act as a CI workflow command.
 */
export function progressLine(p: PoolProgress<unknown, unknown>, label: string, outcome?: string): string {
  const what = outcome ?? (p.outcome.status === 'done' ? 'graded' : `ungraded (${p.outcome.error.message})`);
  const eta = p.done < p.total ? `, about ${formatDuration(p.etaMs)} left` : '';
  return `[${p.done}/${p.total}] ${safeText(label)} ${safeText(what)} in ${formatDuration(p.outcome.durationMs)}, elapsed ${formatDuration(p.elapsedMs)}${eta}`;
}
