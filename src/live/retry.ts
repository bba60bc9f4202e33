import type { StepAttempt } from '../evidence/schema.ts';

export interface RetryOptions {
  /** Tries after the first (0: run once). */
  retries: number;
  /** Whether a failure is worth another try (a failure outside the submission's control). */
  retryable: (e: unknown) => boolean;
  /** Runs before each retry (n = the attempt about to start, 2 for the first retry). */
  beforeRetry?: (e: unknown, n: number) => Promise<void>;
  now?: () => number;
}

/**
 * fn(), tried again up to `retries` times while it fails retryably. Every attempt, the failed ones
 * with their error, is pushed to `attempts` (which the evidence keeps), also when the last one
 * fails: then its error is thrown.
 */
export async function withRetries<T>(
  fn: () => Promise<T>,
  opts: RetryOptions,
  attempts: StepAttempt[],
): Promise<T> {
  const now = opts.now ?? Date.now;
  for (let n = 1; ; n++) {
    const startedAt = now();
    try {
      const value = await fn();
      attempts.push({ startedAt: new Date(startedAt).toISOString(), durationMs: now() - startedAt });
      return value;
    } catch (e) {
      attempts.push({
        startedAt: new Date(startedAt).toISOString(),
        durationMs: now() - startedAt,
        error: (e as Error)?.message || String(e),
      });
      if (n > opts.retries || !opts.retryable(e)) throw e;
      await opts.beforeRetry?.(e, n + 1);
    }
  }
}
