/** The live checks' results on an evidence bundle (see evidence-builder.ts), for their tests. */
import { runLiveChecks } from '../checks/live/index.ts';
import type { CheckResult } from '../checks/types.ts';
import type { Evidence } from '../evidence/schema.ts';
import { defaultRubric } from '../rubric/rubric.ts';

/** The results of the live catalogue on a bundle, by id. */
export function grade(e: Evidence): Record<string, CheckResult> {
  return Object.fromEntries(runLiveChecks(e, defaultRubric).map((r) => [r.id, r]));
}

/** Ids whose status is not pass, with their status. */
export function notPassing(results: Record<string, CheckResult>): Record<string, string> {
  return Object.fromEntries(
    Object.values(results)
      .filter((r) => r.status !== 'pass')
      .map((r) => [r.id, r.status]),
  );
}
