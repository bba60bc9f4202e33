import type { EvidenceStep, StepName } from '../evidence/schema.ts';
import type { Progress } from './progress.ts';

/**
 * Runs the setup and probe steps in order and keeps their transcript (`evidence.steps`). A step
 * whose prerequisite did not succeed is recorded as skipped with the reason, never run.
 */
export class StepRunner {
  readonly records: EvidenceStep[] = [];

  constructor(
    private readonly progress: Progress,
    private readonly now: () => number = Date.now,
  ) {}

  status(name: StepName): EvidenceStep['status'] | undefined {
    return this.records.find((r) => r.name === name)?.status;
  }

  async run(
    name: StepName,
    title: string,
    requires: readonly StepName[],
    fn: () => Promise<string | undefined>,
  ): Promise<EvidenceStep> {
    const startedAt = this.now();
    const missing = requires.find((r) => this.status(r) !== 'ok');
    if (missing) {
      const prior = this.records.find((r) => r.name === missing);
      const why = prior
        ? `${missing} ${prior.status}${prior.error ? `: ${firstLine(prior.error)}` : ''}`
        : `${missing} did not run`;
      return this.record({
        name,
        status: 'skipped',
        startedAt: iso(startedAt),
        durationMs: 0,
        detail: `skipped because ${why}`,
      });
    }
    this.progress.started(name, title);
    try {
      const detail = await fn();
      return this.record({
        name,
        status: 'ok',
        startedAt: iso(startedAt),
        durationMs: this.now() - startedAt,
        ...(detail ? { detail } : {}),
      });
    } catch (e) {
      return this.record({
        name,
        status: 'failed',
        startedAt: iso(startedAt),
        durationMs: this.now() - startedAt,
        error: (e as Error).message || String(e),
      });
    }
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
const firstLine = (s: string) => s.split('\n')[0] ?? '';
