import { relative } from 'node:path';
import { runStaticChecks } from '../checks/static/index.ts';
import { type GradeResult, RESULT_SCHEMA, summarize } from '../report/model.ts';
import type { Rubric } from '../rubric/rubric.ts';
import { readSubmission } from '../submission/read.ts';
import type { Submission } from '../submission/types.ts';

/** Grades a submission from its files alone: no cluster, milliseconds. */
export async function gradeStatic(
  path: string,
  rubric: Rubric,
  now: () => number = Date.now,
): Promise<GradeResult> {
  const startedAt = now();
  const submission = await readSubmission(path);
  return resultFor(submission, rubric, startedAt, now);
}

export function resultFor(
  submission: Submission,
  rubric: Rubric,
  startedAt: number,
  now: () => number = Date.now,
): GradeResult {
  const checks = runStaticChecks(submission, rubric);
  return {
    schema: RESULT_SCHEMA,
    lab: rubric.lab,
    submission: displayPath(submission.labDir),
    cluster: null,
    ...summarize(checks),
    checks,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.round((now() - startedAt) * 100) / 100,
  };
}

/** Relative to the working directory when inside it (stable in CI logs), absolute otherwise. */
export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}
