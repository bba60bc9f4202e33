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

/** 0 when every check passed or was skipped, 1 when one failed, 3 when one errored. */
export function exitCodeFor(result: GradeResult): number {
  if (result.checks.some((c) => c.status === 'error')) return ExitCode.infrastructure;
  if (result.checks.some((c) => c.status === 'fail')) return ExitCode.checkFailed;
  return ExitCode.ok;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
