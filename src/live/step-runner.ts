import type { EvidenceStep, StepName } from '../evidence/schema.ts';
import { firstLine } from '../report/safe-text.ts';
import type { Progress } from './progress.ts';

/** A step's share of the grade's time budget (budget.ts) and what to do when it runs out. */
export interface StepLimit {
  timeoutMs: number;
  /** The error of a step that ran out of time (it should say what was seen last). */
  message: (elapsedMs: number) => string;
  /** Called when the time ran out, before the step is recorded (stop its child processes). */
  onTimeout?: () => void;
}

export interface StepRunnerOptions {
  /** How many steps the grade has (progress shows `k/N`). */
  total?: number;
  now?: () => number;
}

/**
 * Runs the setup and probe steps in order and keeps their transcript (`evidence.steps`). A step
 * whose prerequisite did not succeed is recorded as skipped with the reason, never run. stop()
 * ends the run early (a signal, a lost cluster): the running step is abandoned and recorded as
 * failed with the reason, and every later step is recorded as skipped — each printed once.
 */
export class StepRunner {
  readonly records: EvidenceStep[] = [];
  private stopReason?: string;
  private abandon?: (reason: string) => void;
  private current?: StepName;
  private readonly total: number;
  private readonly now: () => number;

  constructor(
    private readonly progress: Progress,
    opts: StepRunnerOptions = {},
  ) {
    this.total = opts.total ?? 0;
    this.now = opts.now ?? Date.now;
  }

  status(name: StepName): EvidenceStep['status'] | undefined {
    return this.records.find((r) => r.name === name)?.status;
  }

  /** The step running now, if any. */
  get running(): StepName | undefined {
    return this.current;
  }

  get stopped(): string | undefined {
    return this.stopReason;
  }

  /** Abandons the running step and skips the rest, giving `reason`. Only the first call counts. */
  stop(reason: string): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.abandon?.(reason);
  }

  async run(
    name: StepName,
    title: string,
    requires: readonly StepName[],
    fn: () => Promise<string | undefined>,
    limit?: StepLimit,
  ): Promise<EvidenceStep> {
    const startedAt = this.now();
    const base = { name, startedAt: iso(startedAt) };
    if (this.stopReason)
      return this.record({
        ...base,
        status: 'skipped',
        durationMs: 0,
        detail: `not run: ${this.stopReason}`,
      });
    const missing = requires.find((r) => this.status(r) !== 'ok');
    if (missing) {
      const prior = this.records.find((r) => r.name === missing);
      const why = prior
        ? `${missing} ${prior.status}${prior.error ? `: ${firstLine(prior.error)}` : ''}`
        : `${missing} did not run`;
      return this.record({ ...base, status: 'skipped', durationMs: 0, detail: `skipped because ${why}` });
    }
    this.progress.started(
      name,
      title,
      this.total ? { k: this.records.length + 1, n: this.total } : undefined,
    );
    this.current = name;
    try {
      const detail = await this.abandonable(fn, limit, startedAt);
      return this.record({
        ...base,
        status: 'ok',
        durationMs: this.now() - startedAt,
        ...(detail ? { detail } : {}),
      });
    } catch (e) {
      return this.record({
        ...base,
        status: 'failed',
        durationMs: this.now() - startedAt,
        error: (e as Error).message || String(e),
      });
    } finally {
      this.current = undefined;
      this.abandon = undefined;
    }
  }

  /**
   * fn(), or a rejection with the stop reason as soon as stop() is called, or with the limit's
   * message once its time ran out. Steps take no abort signal: an abandoned step goes on in the
   * background until its calls fail (limit.onTimeout, and the engine's teardown, stop its child
   * processes); its outcome is dropped.
   */
  private abandonable(
    fn: () => Promise<string | undefined>,
    limit: StepLimit | undefined,
    startedAt: number,
  ): Promise<string | undefined> {
    const work = Promise.resolve().then(fn);
    let timer: NodeJS.Timeout | undefined;
    const stopped = new Promise<never>((_, reject) => {
      this.abandon = (reason) => reject(new Error(reason));
      if (limit)
        timer = setTimeout(() => {
          limit.onTimeout?.();
          reject(new Error(limit.message(this.now() - startedAt)));
        }, limit.timeoutMs);
    });
    work.catch(() => {});
    return Promise.race([work, stopped]).finally(() => clearTimeout(timer));
  }

  private record(r: EvidenceStep): EvidenceStep {
    this.records.push(r);
    this.progress.ended(
      r.name,
      r.status,
      r.durationMs,
      r.status === 'failed' ? firstLine(r.error ?? '') : r.detail,
    );
    return r;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
