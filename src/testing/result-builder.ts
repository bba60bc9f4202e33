/** Builders of GradeResults for the writers' tests (not used by production code). */
import { type CheckResult, type CheckStatus, groupOf } from '../checks/types.ts';
import { type GradedResult, RESULT_SCHEMA, summarize, type UngradedResult } from '../report/model.ts';
import { ungradedResult } from '../report/result.ts';

/** Pinned so that golden output does not depend on the clock. */
export const PINNED_STARTED_AT = '2026-03-02T09:30:00.000Z';

export type CheckInit = Partial<CheckResult> & { id: string; status?: CheckStatus };

/** A check result; group from the id, points default to maxPoints on pass and 0 otherwise. */
export function makeCheck(init: CheckInit): CheckResult {
  const status = init.status ?? 'pass';
  const maxPoints = init.maxPoints ?? 1;
  return {
    group: groupOf(init.id),
    title: init.id,
    message: status === 'pass' ? 'ok' : `${init.id} is ${status}`,
    ...init,
    status,
    maxPoints,
    points: init.points ?? (status === 'pass' ? maxPoints : 0),
  };
}

/** A result whose score/maxScore are the sum of its checks, as the runner computes them. */
export function makeResult(
  checks: readonly CheckInit[],
  overrides: Partial<GradedResult> = {},
): GradedResult {
  const built = checks.map(makeCheck);
  return {
    schema: RESULT_SCHEMA,
    status: 'graded',
    lab: 'lab4',
    submission: 'alice',
    cluster: null,
    startedAt: PINNED_STARTED_AT,
    durationMs: 1500,
    ...summarize(built),
    checks: built,
    ...overrides,
  };
}

/** A realistic Lab 4 result: every status, hints, evidence, diagnostics, two groups interleaved. */
export function lab4Result(overrides: Partial<GradedResult> = {}): GradedResult {
  return makeResult(
    [
      { id: 'nodes.count', title: 'two nodes are Ready', maxPoints: 2, message: '2 nodes Ready' },
      {
        id: 'pools.cidr-valid',
        title: 'every pool CIDR is valid',
        maxPoints: 2,
        message: 'rack-1 and rack-2 have valid CIDRs',
      },
      {
        id: 'pools.per-rack',
        title: 'one IPPool per rack',
        status: 'fail',
        maxPoints: 3,
        points: 1,
        message: 'pool rack-2 selects no node',
        hint: 'Set nodeSelector to rack == "2" and label the second node with rack=2.',
        evidence: { pools: ['rack-1', 'rack-2'], selected: { 'rack-1': ['minikube'], 'rack-2': [] } },
      },
      {
        id: 'nodes.labels',
        title: 'nodes are labelled by rack',
        maxPoints: 1,
        message: 'minikube: rack=1, minikube-m02: rack=2',
      },
      {
        id: 'net.ping-dns',
        title: 'pods ping each other by DNS name',
        status: 'skip',
        maxPoints: 2,
        message: 'no live cluster (static mode)',
      },
      {
        id: 'net.service-spread',
        title: 'the Service spreads requests',
        status: 'error',
        maxPoints: 2,
        message: 'kubectl exec timed out after 30s',
        hint: 'Check that both frontend pods are Running.',
        diagnostics: 'pod/frontend-1 Running\npod/frontend-2 CrashLoopBackOff',
      },
    ],
    overrides,
  );
}

/** An ungraded result (through the one constructor), pinned in time. */
export function makeUngraded(
  init: { step?: string; message?: string; submission?: string } = {},
): UngradedResult {
  return ungradedResult({
    lab: 'lab4',
    submission: init.submission ?? 'alice',
    step: init.step ?? 'read',
    message: init.message ?? 'alice: no such file or directory',
    startedAt: PINNED_STARTED_AT,
    durationMs: 0,
  });
}
