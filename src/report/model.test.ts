import { describe, expect, it } from 'vitest';
import { makeCheck, makeResult } from '../testing/result-builder.ts';
import { ExitCode, exitCodeFor, interruptionText, overallVerdict, verdictOf } from './model.ts';

describe('exitCodeFor', () => {
  it('is 0 only with full marks', () => {
    expect(exitCodeFor(makeResult([{ id: 'a.b' }, { id: 'a.c', maxPoints: 3 }]))).toBe(ExitCode.ok);
    expect(exitCodeFor(makeResult([]))).toBe(ExitCode.ok);
  });

  it('is 1 when a check failed, was not verified, or passed with partial credit', () => {
    expect(exitCodeFor(makeResult([{ id: 'a.b' }, { id: 'a.c', status: 'fail' }]))).toBe(
      ExitCode.checkFailed,
    );
    expect(exitCodeFor(makeResult([{ id: 'a.b' }, { id: 'a.c', status: 'skip', maxPoints: 3 }]))).toBe(
      ExitCode.checkFailed,
    );
    expect(exitCodeFor(makeResult([{ id: 'a.b', maxPoints: 2, points: 1 }]))).toBe(ExitCode.checkFailed);
  });

  it('lets a skip worth no points stay neutral', () => {
    expect(exitCodeFor(makeResult([{ id: 'a.b' }, { id: 'a.c', status: 'skip', maxPoints: 0 }]))).toBe(
      ExitCode.ok,
    );
  });

  it('is 3 when a check errored or the grade was interrupted, whatever else happened', () => {
    expect(
      exitCodeFor(
        makeResult([
          { id: 'a.b', status: 'fail' },
          { id: 'a.c', status: 'error' },
        ]),
      ),
    ).toBe(ExitCode.infrastructure);
    expect(exitCodeFor(makeResult([{ id: 'a.b' }], { interrupted: { signal: 'SIGINT' } }))).toBe(
      ExitCode.infrastructure,
    );
  });
});

describe('verdictOf and overallVerdict', () => {
  it('calls a skip worth points unverified', () => {
    expect(verdictOf(makeCheck({ id: 'a.b', status: 'skip', maxPoints: 2 }))).toBe('unverified');
    expect(verdictOf(makeCheck({ id: 'a.b', status: 'skip', maxPoints: 0 }))).toBe('skip');
    expect(verdictOf(makeCheck({ id: 'a.b', status: 'fail' }))).toBe('fail');
  });

  it('gives the reason of the exit code', () => {
    const skip = { id: 'a.s', status: 'skip', maxPoints: 1 } as const;
    expect(overallVerdict(makeResult([{ id: 'a.b' }]))).toBe('pass');
    expect(overallVerdict(makeResult([{ id: 'a.b' }, skip]))).toBe('unverified');
    expect(overallVerdict(makeResult([{ id: 'a.b', status: 'fail' }, skip]))).toBe('fail');
    expect(overallVerdict(makeResult([{ id: 'a.b', maxPoints: 2, points: 1 }]))).toBe('fail');
    expect(overallVerdict(makeResult([{ id: 'a.b' }], { interrupted: { signal: 'SIGTERM' } }))).toBe('error');
  });
});

describe('interruptionText', () => {
  it('names the signal and, when known, the step', () => {
    expect(interruptionText({ signal: 'SIGTERM', step: 'pools' })).toBe(
      'interrupted by SIGTERM during pools: the checks of steps that never ran are not verified',
    );
    expect(interruptionText({ signal: 'SIGINT' })).toBe(
      'interrupted by SIGINT: the checks of steps that never ran are not verified',
    );
  });
});
