import { runStaticChecks } from '../checks/static/index.ts';
import { deriveFacts } from '../lab/facts.ts';
import type { GradedResult } from '../report/model.ts';
import { gradedResult } from '../report/result.ts';
import type { Rubric } from '../rubric/rubric.ts';
import { readSubmission } from '../submission/read.ts';
import type { Submission } from '../submission/types.ts';

/** Kept here for the modules that import it from this one; it lives with the result builder. */
export { displayPath } from '../report/result.ts';

/** Grades a submission from its files alone: no cluster, milliseconds. */
export async function gradeStatic(
  path: string,
  rubric: Rubric,
  now: () => number = Date.now,
): Promise<GradedResult> {
  const startedAt = now();
  const submission = await readSubmission(path);
  return resultFor(submission, rubric, startedAt, now);
}

export function resultFor(
  submission: Submission,
  rubric: Rubric,
  startedAt: number,
  now: () => number = Date.now,
): GradedResult {
  const checks = runStaticChecks(deriveFacts(submission, rubric));
  return gradedResult({
    lab: rubric.lab,
    submission: submission.labDir,
    cluster: null,
    checks,
    startedAt,
    durationMs: now() - startedAt,
  });
}
