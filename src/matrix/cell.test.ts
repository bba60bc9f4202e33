import { describe, expect, it } from 'vitest';
import {
  cell,
  failGrade,
  noInstallGrade,
  PDB_ERROR,
  passGrade,
  ungradedClusterGrade,
} from '../testing/matrix-cells.ts';
import { makeResult } from '../testing/result-builder.ts';
import { cellFromError, cellFromGrade, matrixExitCode } from './cell.ts';

const v = { calico: 'v3.28.1', kubernetes: 'v1.31.0' };

describe('a matrix cell from its grade', () => {
  it('is ✅ pass at full marks, with its score and step durations', () => {
    expect(cell(passGrade, v)).toEqual({
      versions: v,
      observed: {},
      status: 'pass',
      score: 5,
      maxScore: 5,
      failing: [],
      firstError: null,
      durations: { totalMs: 12_000, steps: { cluster: 9000, calico: 1500 } },
      reports: 'v3.28.1_v1.31.0',
    });
  });

  it('is ❌ fail with every check that cost points, a skip worth points included', () => {
    const c = cell(failGrade, v);
    expect(c.status).toBe('fail');
    expect(c.score).toBe(2);
    expect(c.failing).toEqual(['pools.applied', 'dns.service-resolves']);
    expect(c.firstError).toBe('pools.applied: calicoctl refused rack-0-ippool');
  });

  it('counts partial credit as failing', () => {
    const partial = makeResult([{ id: 'service.lb-spread', maxPoints: 2, points: 1 }]);
    expect(cell({ result: partial }, v)).toMatchObject({ status: 'fail', failing: ['service.lb-spread'] });
  });

  it('is ⛔ no-install when the calico step failed, with that step’s error, though graded', () => {
    const c = cell(noInstallGrade, { calico: 'v3.20.0', kubernetes: 'v1.31.0' });
    expect(c.status).toBe('no-install');
    expect(c.firstError).toBe(`calico: ${PDB_ERROR}`);
    expect(c.score).toBe(0);
  });

  it('is ⛔ no-install when the cluster step failed (an ungraded result)', () => {
    expect(cell(ungradedClusterGrade, v)).toMatchObject({
      status: 'no-install',
      score: null,
      maxScore: null,
      failing: [],
      firstError: 'cluster: minikube start: exit 106 K8S_OLD_UNSUPPORTED',
    });
  });

  it('is ⚠️ error when interrupted, or when a check errored', () => {
    const interrupted = makeResult([{ id: 'a.b' }], { interrupted: { signal: 'SIGINT', step: 'rollout' } });
    expect(cell({ result: interrupted }, v)).toMatchObject({
      status: 'error',
      firstError: 'interrupted by SIGINT during rollout',
    });
    const errored = makeResult([{ id: 'a.b', status: 'error', message: 'crashed' }]);
    expect(cell({ result: errored }, v)).toMatchObject({ status: 'error', firstError: 'a.b: crashed' });
  });

  it('is ⚠️ error when the cluster ran another minikube release than the one asked for', () => {
    const result = makeResult([{ id: 'a.b' }], {
      cluster: { kind: 'minikube', minikube: 'v1.35.0', kubernetes: 'v1.31.0' },
    });
    const c = cellFromGrade(
      { result },
      { versions: { ...v, minikube: 'v1.34.0' }, reports: 'x', totalMs: 1 },
    );
    expect(c.status).toBe('error');
    expect(c.firstError).toMatch(/^minikube v1\.35\.0 ran, not the v1\.34\.0 asked for/);
    expect(c.observed).toEqual({ minikube: 'v1.35.0', kubernetes: 'v1.31.0' });
  });

  it('is ⚠️ error when the grade never ran', () => {
    expect(
      cellFromError({ message: 'cancelled' }, { versions: v, reports: 'v3.28.1_v1.31.0', totalMs: 0 }),
    ).toMatchObject({
      status: 'error',
      firstError: 'cancelled',
      score: null,
      durations: { totalMs: 0, steps: {} },
    });
  });

  it('exits 0 only when every cell is ✅; 3 when one was not graded; else 1', () => {
    const pass = cell(passGrade, v);
    const fail = cell(failGrade, v);
    const none = cell(noInstallGrade, v);
    const error = cellFromError({ message: 'x' }, { versions: v, reports: '', totalMs: 0 });
    expect(matrixExitCode([pass, pass])).toBe(0);
    expect(matrixExitCode([pass, fail])).toBe(1);
    expect(matrixExitCode([pass, none])).toBe(1);
    expect(matrixExitCode([pass, none, error])).toBe(3);
    expect(matrixExitCode([])).toBe(1);
  });
});
