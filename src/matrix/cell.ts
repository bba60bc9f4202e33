import type { EvidenceStep } from '../evidence/schema.ts';
import { ExitCode, exitCodeFor, type GradeResult, isUngraded, verdictOf } from '../report/model.ts';
import type { CellStatus, CellVersions, MatrixCell } from './model.ts';

/*
 * A cell from what its live grade gave (pure). "Does not install" is decided by the steps that bring
 * the cluster and Calico up: when either failed, the combination did not install, whatever the
 * submission; its first error is that step's.
 */

/** The steps whose failure means the versions do not install (src/evidence/schema.ts STEP). */
const INSTALL_STEPS = ['cluster', 'calico'] as const;

export interface CellGrade {
  result: GradeResult;
  /** The evidence's steps (absent when the grade made none). */
  steps?: readonly Pick<EvidenceStep, 'name' | 'status' | 'durationMs' | 'error'>[];
}

export interface CellContext {
  versions: CellVersions;
  reports: string;
  /** Wall time of the whole cell (cluster delete included). */
  totalMs: number;
}

export function cellFromGrade(grade: CellGrade, ctx: CellContext): MatrixCell {
  const { result } = grade;
  const steps = grade.steps ?? [];
  const install = INSTALL_STEPS.map((name) => steps.find((s) => s.name === name)).find(
    (s) => s?.status === 'failed',
  );
  const failing = isUngraded(result) ? [] : failingIds(result);
  const observed = observedOf(result);
  const wanted = ctx.versions.minikube;
  let status: CellStatus;
  let firstError: string | null;
  if (wanted && observed.minikube && observed.minikube !== wanted) {
    // A real minikube is the one installed: a cell graded on another release says nothing of this one.
    status = 'error';
    firstError = `minikube ${observed.minikube} ran, not the ${wanted} asked for (install it, or give --minikube PATH)`;
  } else if (result.interrupted) {
    status = 'error';
    firstError = `interrupted by ${result.interrupted.signal}${result.interrupted.step ? ` during ${result.interrupted.step}` : ''}`;
  } else if (install) {
    status = 'no-install';
    firstError = `${install.name}: ${install.error ?? 'failed'}`;
  } else if (isUngraded(result)) {
    status = (INSTALL_STEPS as readonly string[]).includes(result.error.step) ? 'no-install' : 'error';
    firstError = `${result.error.step}: ${result.error.message}`;
  } else {
    const code = exitCodeFor(result);
    status = code === ExitCode.ok ? 'pass' : code === ExitCode.checkFailed ? 'fail' : 'error';
    const first = result.checks.find((c) => failing.includes(c.id));
    firstError = first ? `${first.id}: ${first.message}` : null;
  }
  return {
    versions: ctx.versions,
    observed,
    status,
    score: result.score,
    maxScore: result.maxScore,
    failing,
    firstError,
    durations: { totalMs: Math.round(ctx.totalMs), steps: stepDurations(steps) },
    reports: ctx.reports,
  };
}

/** A cell whose grade could not even start (the pool's error, or cancelled before it ran). */
export function cellFromError(error: { step?: string; message: string }, ctx: CellContext): MatrixCell {
  return {
    versions: ctx.versions,
    observed: {},
    status: 'error',
    score: null,
    maxScore: null,
    failing: [],
    firstError: error.step ? `${error.step}: ${error.message}` : error.message,
    durations: { totalMs: Math.round(ctx.totalMs), steps: {} },
    reports: ctx.reports,
  };
}

/** Checks that cost points: failed, errored, not verified, or passed with partial credit. */
export function failingIds(result: Extract<GradeResult, { status: 'graded' }>): string[] {
  return result.checks
    .filter((c) => {
      const v = verdictOf(c);
      return v === 'fail' || v === 'error' || v === 'unverified' || c.points < c.maxPoints;
    })
    .map((c) => c.id);
}

function observedOf(result: GradeResult): MatrixCell['observed'] {
  const c = result.cluster;
  if (!c) return {};
  const out: MatrixCell['observed'] = {};
  if (c.calico) out.calico = c.calico;
  if (c.kubernetes) out.kubernetes = c.kubernetes;
  if (c.minikube) out.minikube = c.minikube;
  if (c.runtime) out.runtime = c.runtime;
  return out;
}

function stepDurations(steps: NonNullable<CellGrade['steps']>): Record<string, number> {
  return Object.fromEntries(steps.map((s) => [s.name, Math.round(s.durationMs)]));
}

/** The exit code of a matrix: 0 only when every cell is ✅; 3 when a cell has no grade (error). */
export function matrixExitCode(cells: readonly MatrixCell[]): number {
  if (cells.some((c) => c.status === 'error')) return ExitCode.infrastructure;
  return cells.every((c) => c.status === 'pass') && cells.length > 0 ? ExitCode.ok : ExitCode.checkFailed;
}
