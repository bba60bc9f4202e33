import { ExitCode, exitCodeFor, type GradeResult, isUngraded } from '../report/model.ts';

/** One student of a class run: a line of class.csv. */
export interface BatchRow {
  student: string;
  /** The submission path as given (roster `path` or the folder graded). */
  submission: string;
  commit?: string;
  /** `ungraded`: grading did not produce a result (unreadable path, crash, cluster failure). */
  status: 'graded' | 'ungraded';
  score: number | null;
  maxScore: number | null;
  /** Ids of checks that failed or errored, in check order. */
  failed: string[];
  error?: { step?: string; message: string };
  /** The CLI exit code this student alone would give: 0, 1, or 3 (a check errored, or ungraded). */
  exitCode: number;
}

export interface RowIdentity {
  student: string;
  submission: string;
  commit?: string;
}

/** A student's row from their result: an ungraded result gives an ungraded row with its error. */
export function rowFromResult(id: RowIdentity, result: GradeResult): BatchRow {
  if (isUngraded(result)) {
    return {
      ...identity(id),
      status: 'ungraded',
      score: null,
      maxScore: null,
      failed: [],
      error: result.error,
      exitCode: exitCodeFor(result),
    };
  }
  return {
    ...identity(id),
    status: 'graded',
    score: result.score,
    maxScore: result.maxScore,
    failed: result.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => c.id),
    exitCode: exitCodeFor(result),
  };
}

/** A student whose grading threw: `step` is taken from the error when it names one (`err.step`). */
export function rowFromError(id: RowIdentity, error: unknown): BatchRow {
  return {
    ...identity(id),
    status: 'ungraded',
    score: null,
    maxScore: null,
    failed: [],
    error: describeError(error),
    exitCode: ExitCode.infrastructure,
  };
}

export function describeError(error: unknown): { step?: string; message: string } {
  const message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : safeString(error);
  const step = (error as { step?: unknown } | null)?.step;
  return typeof step === 'string' && step !== '' ? { step, message } : { message };
}

// Severity of exit codes for a class: an infrastructure error (3) outranks bad input (2), which
// outranks a failed check (1); 0 only when every student passed.
const SEVERITY: readonly number[] = [
  ExitCode.ok,
  ExitCode.checkFailed,
  ExitCode.usage,
  ExitCode.infrastructure,
];

/** The worst of several exit codes (3 > 2 > 1 > 0); 0 for none. An unknown code counts as 3. */
export function worstExitCode(codes: Iterable<number>): number {
  let worst: number = ExitCode.ok;
  for (const code of codes) {
    const known = SEVERITY.includes(code) ? code : ExitCode.infrastructure;
    if (SEVERITY.indexOf(known) > SEVERITY.indexOf(worst)) worst = known;
  }
  return worst;
}

/** The exit code of a class run: the worst row (an ungraded student makes it 3). */
export function classExitCode(rows: readonly BatchRow[]): number {
  return worstExitCode(rows.map((r) => r.exitCode));
}

function identity(id: RowIdentity): RowIdentity {
  const base = { student: id.student, submission: id.submission };
  return id.commit ? { ...base, commit: id.commit } : base;
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return 'unknown error';
  }
}
