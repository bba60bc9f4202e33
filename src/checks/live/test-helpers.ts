import type { Evidence } from '../../evidence/schema.ts';
import { defaultRubric } from '../../rubric/rubric.ts';
import type { CheckResult } from '../types.ts';
import { runLiveChecks } from './index.ts';

/** The results of the live catalogue on a bundle, by id. */
export function grade(e: Evidence): Record<string, CheckResult> {
  return Object.fromEntries(runLiveChecks(e, undefined, defaultRubric).map((r) => [r.id, r]));
}

/** Ids whose status is not pass, with their status. */
export function notPassing(results: Record<string, CheckResult>): Record<string, string> {
  return Object.fromEntries(
    Object.values(results)
      .filter((r) => r.status !== 'pass')
      .map((r) => [r.id, r.status]),
  );
}
