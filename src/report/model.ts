import type { CheckResult } from '../checks/types.ts';

export const RESULT_SCHEMA = 'kube-lab-grader/result@1' as const;

export type ClusterKind = 'sim' | 'minikube' | 'existing';

export interface ClusterInfo {
  kind: ClusterKind;
  kubernetes?: string;
  calico?: string;
  runtime?: string;
  minikube?: string;
}

/** A grade stopped by a signal: the checks of the steps that never ran are not verified. */
export interface Interruption {
  /** `SIGINT`, `SIGTERM`. */
  signal: string;
  /** The live step that was running (`pools`, `rollout`…), when known. */
  step?: string;
}

/** Why a submission has no grade: the step that could not be done and what went wrong. */
export interface GradeError {
  /** `read` (the submission path), `grade` (the grader crashed), a live step (`cluster`, `pools`…). */
  step: string;
  message: string;
}

interface ResultBase {
  schema: typeof RESULT_SCHEMA;
  lab: string;
  submission: string;
  cluster: ClusterInfo | null;
  startedAt: string;
  durationMs: number;
  interrupted?: Interruption;
}

/** A submission that was graded: its checks and the points they earned. */
export interface GradedResult extends ResultBase {
  status: 'graded';
  score: number;
  maxScore: number;
  checks: CheckResult[];
}

/**
 * A run that produced no grade (an unreadable path, a crash, a cluster that never came up). It has
 * no score, no maximum and no checks, so nothing can read it as a mark; `error` says why.
 */
export interface UngradedResult extends ResultBase {
  status: 'ungraded';
  score: null;
  maxScore: null;
  checks: [];
  error: GradeError;
}

/**
 * One submission's outcome: the JSON report (`results.json`) and the input of every writer. Build it
 * with `gradedResult` or `ungradedResult` (./result.ts), never by hand.
 */
export type GradeResult = GradedResult | UngradedResult;

export function isUngraded(result: GradeResult): result is UngradedResult {
  return result.status === 'ungraded';
}

/** Exit codes of the CLI: a public interface for CI scripts. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  infrastructure: 3,
} as const;

export function summarize(checks: readonly CheckResult[]): { score: number; maxScore: number } {
  let score = 0;
  let maxScore = 0;
  for (const c of checks) {
    score += c.points;
    maxScore += c.maxPoints;
  }
  return { score: round2(score), maxScore: round2(maxScore) };
}

/**
 * How writers show a check: its status, except that a skipped check worth points is `unverified` —
 * it withholds points without failing, so it is neither a pass nor neutral. The JSON keeps `status`.
 */
export type Verdict = 'pass' | 'fail' | 'unverified' | 'skip' | 'error';

export function verdictOf(check: CheckResult): Verdict {
  return check.status === 'skip' && check.maxPoints > 0 ? 'unverified' : check.status;
}

/**
 * 3 when there is no grade (ungraded), the grade was interrupted or a check errored (infrastructure),
 * 1 when the result is short of full marks (a check failed, was not verified, or passed with partial
 * credit), else 0.
 */
export function exitCodeFor(result: GradeResult): number {
  if (isUngraded(result) || result.interrupted || result.checks.some((c) => c.status === 'error'))
    return ExitCode.infrastructure;
  const short = result.checks.some(
    (c) => c.status === 'fail' || verdictOf(c) === 'unverified' || c.points < c.maxPoints,
  );
  return short ? ExitCode.checkFailed : ExitCode.ok;
}

/**
 * The verdict a report's title or summary line shows for a whole result (the exit code's reason);
 * an ungraded result is `error` here, and writers say "not graded" before they ask.
 */
/** An exit code as CI integrations name it (the action's `status`, Classroom's runner status). */
export function exitStatus(code: number): 'pass' | 'fail' | 'error' {
  return code === ExitCode.ok ? 'pass' : code === ExitCode.checkFailed ? 'fail' : 'error';
}

export type OverallVerdict = 'pass' | 'fail' | 'unverified' | 'error';

export function overallVerdict(result: GradeResult): OverallVerdict {
  const code = exitCodeFor(result);
  if (code === ExitCode.ok) return 'pass';
  if (code === ExitCode.infrastructure) return 'error';
  const failed = result.checks.some(
    (c) => c.status === 'fail' || (c.status === 'pass' && c.points < c.maxPoints),
  );
  return failed ? 'fail' : 'unverified';
}

/**
 * The two maxima of a lab: a static grade (`check`, the files only) and a live grade (`grade`, the
 * files' checks and the cluster checks). Writers that show a score explain which one it is out of.
 */
export interface GradeScale {
  static: number;
  live: number;
}

/** The sentence under a score that says which maximum it is out of and what the other one is. */
export function scaleText(result: GradeResult, scale: GradeScale): string {
  const s = round2(scale.static);
  const l = round2(scale.live);
  return result.cluster === null
    ? `static grade (files only): ${s} points; a live grade adds the cluster checks (${l})`
    : `live grade (files and cluster): ${l} points; a static grade of the files alone is out of ${s}`;
}

/** The sentence every writer shows instead of a score for an ungraded result. */
export function notGradedText(error: GradeError): string {
  return `not graded: ${error.step}: ${error.message}`;
}

/** The sentence every writer shows for an interrupted grade. */
export function interruptionText(i: Interruption): string {
  const during = i.step ? ` during ${i.step}` : '';
  return `interrupted by ${i.signal}${during}: the checks of steps that never ran are not verified`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
