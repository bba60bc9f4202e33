import { join } from 'node:path';
import { type GradeResult, type GradeScale, isUngraded, notGradedText } from '../report/model.ts';
import type { ClassPublication } from '../report/publish.ts';
import { ungradedResult } from '../report/result.ts';
import { formatPoints } from '../report/tally.ts';
import { writeReports } from '../report/write.ts';
import { isSubmissionError } from '../submission/errors.ts';
import { type ClassEntry, type ClassFiles, classMarkdown, writeClassFiles } from './class-files.ts';
import { type PoolProgress, progressLine, runPool, type TaskOutcome } from './pool.ts';
import { type BatchRow, classExitCode, describeError, rowFromResult } from './row.ts';

/*
 * Grading a class: many submissions, `jobs` at a time, each to its own folder, then the class files.
 * The grading itself is the caller's `gradeOne` (static for `check`, a live grade on its own cluster
 * for `grade`); everything around it — no student stopping another, progress, per-student reports,
 * class.csv/class.md/junit.xml and the class exit code — is here, once.
 */

/** One submission of a class. */
export interface ClassSubmission {
  /** Safe and unique (src/batch/names.ts): the folder OUT/<student>/. */
  student: string;
  /** What to grade (absolute, or relative to the working directory). */
  path: string;
  repo?: string;
  commit?: string;
}

/**
 * Grades one submission. It may throw: the student is then ungraded with the error (its `step`
 * property when it has one, `read` for an unreadable path, else `grade`). `signal` aborts when the
 * class run is cancelled.
 */
export type GradeOne = (submission: ClassSubmission, signal: AbortSignal) => Promise<GradeResult>;

export interface ClassRunOptions {
  /** Submissions graded at once (`--jobs`). */
  jobs: number;
  /** The lab, for the results of students whose grading threw. */
  lab: string;
  /** OUT: each student's reports in OUT/<student>/, then OUT/class.csv, class.md and junit.xml. */
  reportDir?: string;
  /** One plain line per finished submission: `[k/N] student 21/23 in 1s, elapsed 4s, about 9s left`. */
  onProgress?: (line: string) => void;
  /** Cancels the class: running grades see their signal abort, the rest are not started (ungraded). */
  signal?: AbortSignal;
  /** Per-student summary.md: which maximum a score is out of. */
  scale?: GradeScale;
  /** The checks class.md rates (default: every check in the results). */
  checkIds?: readonly string[];
}

/** A finished class run; `publishToGitHub(run)` takes it as it is. */
export interface ClassRun extends ClassPublication {
  kind: 'class';
  /** In submission order, one per submission. */
  rows: BatchRow[];
  results: GradeResult[];
  /** The worst of the students' exit codes: 3 (someone ungraded, or a check errored) > 1 > 0. */
  exitCode: number;
  /** class.md. */
  markdown: string;
  /** With reportDir. */
  files?: ClassFiles;
}

/** A report folder could not be written: the machine's fault, not a student's (the CLI exits 3). */
export class ClassReportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClassReportError';
  }
}

export async function gradeClass(
  submissions: readonly ClassSubmission[],
  gradeOne: GradeOne,
  opts: ClassRunOptions,
): Promise<ClassRun> {
  const controller = new AbortController();
  const cancel = () => controller.abort(opts.signal?.reason);
  if (opts.signal?.aborted) cancel();
  opts.signal?.addEventListener('abort', cancel, { once: true });
  const writeFailures: unknown[] = [];

  const writeStudent = async (s: ClassSubmission, result: GradeResult): Promise<void> => {
    if (!opts.reportDir) return;
    try {
      await writeReports(join(opts.reportDir, s.student), result, { scale: opts.scale });
    } catch (e) {
      writeFailures.push(e);
    }
  };

  const gradeSafely = async (s: ClassSubmission): Promise<GradeResult> => {
    const startedAt = Date.now();
    let result: GradeResult;
    try {
      result = await gradeOne(s, controller.signal);
    } catch (e) {
      result = ungradedResult({ lab: opts.lab, submission: s.path, startedAt, ...errorOf(e) });
    }
    await writeStudent(s, result);
    return result;
  };

  let outcomes: TaskOutcome<GradeResult>[];
  try {
    outcomes = await runPool(submissions, gradeSafely, {
      jobs: opts.jobs,
      signal: controller.signal,
      onProgress: (p) => opts.onProgress?.(progressText(p)),
    });
  } finally {
    opts.signal?.removeEventListener('abort', cancel);
  }

  const results = await Promise.all(
    outcomes.map(async (outcome, i) => {
      if (outcome.status === 'done') return outcome.value;
      // Not started: the class was cancelled first.
      const s = submissions[i] as ClassSubmission;
      const result = cancelledResult(opts.lab, s, outcome.cause);
      await writeStudent(s, result);
      return result;
    }),
  );
  if (writeFailures.length > 0) {
    const first = writeFailures[0];
    throw new ClassReportError(
      `cannot write the reports of ${writeFailures.length} student(s): ${describeError(first).message}`,
      { cause: first },
    );
  }

  const entries: ClassEntry[] = results.map((result, i) => {
    const s = submissions[i] as ClassSubmission;
    const id = { student: s.student, submission: result.submission, commit: s.commit };
    return { row: rowFromResult(id, result), result };
  });
  const rows = entries.map((e) => e.row);
  const run: ClassRun = {
    kind: 'class',
    rows,
    results,
    exitCode: classExitCode(rows),
    markdown: classMarkdown(entries, opts.checkIds),
  };
  if (opts.reportDir) {
    try {
      run.files = await writeClassFiles(opts.reportDir, entries, { checkIds: opts.checkIds });
    } catch (e) {
      throw new ClassReportError(`cannot write the class files: ${describeError(e).message}`, { cause: e });
    }
  }
  return run;
}

/** The step and message of a grade that threw. */
function errorOf(e: unknown): { step: string; message: string } {
  const { step, message } = describeError(e);
  return { step: step ?? (isSubmissionError(e) ? 'read' : 'grade'), message };
}

function cancelledResult(lab: string, s: ClassSubmission, cause: unknown): GradeResult {
  const reason = cause === undefined ? '' : ` (${describeError(cause).message})`;
  return ungradedResult({
    lab,
    submission: s.path,
    step: 'grade',
    message: `cancelled before it started${reason}`,
    startedAt: Date.now(),
    durationMs: 0,
  });
}

function progressText(p: PoolProgress<ClassSubmission, GradeResult>): string {
  if (p.outcome.status !== 'done') return progressLine(p, p.item.student, 'not graded (cancelled)');
  const result = p.outcome.value;
  const what = isUngraded(result)
    ? notGradedText(result.error)
    : `${formatPoints(result.score)}/${formatPoints(result.maxScore)}`;
  return progressLine(p, p.item.student, what);
}
