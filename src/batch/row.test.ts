import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeResult, makeUngraded } from '../testing/result-builder.ts';
import { classExitCode, describeError, rowFromError, rowFromResult, worstExitCode } from './row.ts';

const id = { student: 'alice', submission: 'subs/alice/lab4' };

describe('rowFromResult', () => {
  it('takes score, max score and the failing or erroring check ids in check order', () => {
    const result = makeResult([
      { id: 'pools.defined', maxPoints: 2 },
      { id: 'pools.cidr-valid', status: 'fail', maxPoints: 2 },
      { id: 'labels.match-pools', status: 'skip', maxPoints: 3 },
      { id: 'service.lb-spread', status: 'error', maxPoints: 2 },
    ]);
    expect(rowFromResult({ ...id, commit: 'abc' }, result)).toEqual({
      student: 'alice',
      submission: 'subs/alice/lab4',
      commit: 'abc',
      status: 'graded',
      score: 2,
      maxScore: 9,
      failed: ['pools.cidr-valid', 'service.lb-spread'],
      exitCode: 3,
    });
  });

  it('gives exit code 0 for passes and neutral skips, 1 for a failure or an unverified check', () => {
    expect(
      rowFromResult(id, makeResult([{ id: 'a.b' }, { id: 'c.d', status: 'skip', maxPoints: 0 }])).exitCode,
    ).toBe(0);
    // A skip worth points is not verified: short of full marks.
    expect(rowFromResult(id, makeResult([{ id: 'c.d', status: 'skip', maxPoints: 2 }])).exitCode).toBe(1);
    expect(rowFromResult(id, makeResult([{ id: 'a.b', status: 'fail' }])).exitCode).toBe(1);
  });

  it('leaves out an empty commit', () => {
    expect(rowFromResult({ ...id, commit: '' }, makeResult([]))).not.toHaveProperty('commit');
  });
});

describe('rowFromResult of an ungraded result', () => {
  it('is an ungraded row with no score, no maximum and the error, exit 3', () => {
    const row = rowFromResult(id, makeUngraded({ step: 'cluster', message: 'minikube start failed' }));
    expect(row).toEqual({
      ...id,
      status: 'ungraded',
      score: null,
      maxScore: null,
      failed: [],
      error: { step: 'cluster', message: 'minikube start failed' },
      exitCode: 3,
    });
  });
});

describe('rowFromError', () => {
  it('is ungraded, without score, exit code 3, with the message and the step the error names', () => {
    const err = Object.assign(new Error('minikube start failed: exit 80'), { step: 'cluster' });
    expect(rowFromError(id, err)).toEqual({
      student: 'alice',
      submission: 'subs/alice/lab4',
      status: 'ungraded',
      score: null,
      maxScore: null,
      failed: [],
      error: { step: 'cluster', message: 'minikube start failed: exit 80' },
      exitCode: 3,
    });
  });

  it('describes anything thrown', () => {
    expect(describeError('plain string')).toEqual({ message: 'plain string' });
    expect(describeError(42)).toEqual({ message: '42' });
    expect(describeError(null)).toEqual({ message: 'null' });
    expect(describeError({ step: 7 })).toEqual({ message: '[object Object]' });
    const unprintable = {
      toString: () => {
        throw new Error('no');
      },
    };
    expect(describeError(unprintable)).toEqual({ message: 'unknown error' });
  });
});

describe('worstExitCode', () => {
  it('ranks 3 over 2 over 1 over 0', () => {
    expect(worstExitCode([])).toBe(0);
    expect(worstExitCode([0, 1, 0])).toBe(1);
    expect(worstExitCode([1, 3, 1])).toBe(3);
    expect(worstExitCode([3, 1])).toBe(3);
    expect(worstExitCode([1, 2])).toBe(2);
    expect(worstExitCode([2, 3])).toBe(3);
  });

  it('treats an unknown code as an infrastructure error', () => {
    expect(worstExitCode([0, 137])).toBe(3);
  });

  it('property: order does not matter and the result is one of the inputs (or 0)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1, 2, 3)), (codes) => {
        const worst = worstExitCode(codes);
        expect(worstExitCode([...codes].reverse())).toBe(worst);
        expect(codes.length === 0 ? worst === 0 : (codes as number[]).includes(worst)).toBe(true);
      }),
    );
  });

  it('makes a class with an ungraded student exit 3', () => {
    const graded = rowFromResult(id, makeResult([{ id: 'a.b', status: 'fail' }]));
    const ungraded = rowFromError({ student: 'bob', submission: 'b' }, new Error('x'));
    expect(classExitCode([graded])).toBe(1);
    expect(classExitCode([graded, ungraded])).toBe(3);
  });
});
