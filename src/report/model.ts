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

/** One graded submission: the JSON report (`results.json`) and the input of every writer. */
export interface GradeResult {
  schema: typeof RESULT_SCHEMA;
  lab: string;
  submission: string;
  cluster: ClusterInfo | null;
  score: number;
  maxScore: number;
  checks: CheckResult[];
  startedAt: string;
  durationMs: number;
  interrupted?: Interruption;
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
 * 3 when the grade was interrupted or a check errored (infrastructure), 1 when the result is short of
 * full marks (a check failed, was not verified, or passed with partial credit), else 0.
 */
export function exitCodeFor(result: GradeResult): number {
  if (result.interrupted || result.checks.some((c) => c.status === 'error')) return ExitCode.infrastructure;
  const short = result.checks.some(
    (c) => c.status === 'fail' || verdictOf(c) === 'unverified' || c.points < c.maxPoints,
  );
  return short ? ExitCode.checkFailed : ExitCode.ok;
}

/** The verdict a report's title or summary line shows for a whole result (the exit code's reason). */
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

/** The sentence every writer shows for an interrupted grade. */
export function interruptionText(i: Interruption): string {
  const during = i.step ? ` during ${i.step}` : '';
  return `interrupted by ${i.signal}${during}: the checks of steps that never ran are not verified`;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
