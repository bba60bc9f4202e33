import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRubric } from '../rubric/rubric.ts';
import { makeCheck, makeResult } from '../testing/result-builder.ts';
import { RESULT_SCHEMA, scaleText } from './model.ts';
import { displayPath, gradedResult, gradeScale, ungradedResult } from './result.ts';

describe('gradedResult', () => {
  it('sums the checks into score and maximum, and says graded', () => {
    const checks = [
      makeCheck({ id: 'a.b', maxPoints: 2 }),
      makeCheck({ id: 'a.c', status: 'fail', maxPoints: 3 }),
      makeCheck({ id: 'a.d', maxPoints: 2, points: 0.5 }),
    ];
    const result = gradedResult({
      lab: 'lab4',
      submission: join(process.cwd(), 'subs', 'alice'),
      cluster: null,
      checks,
      startedAt: Date.parse('2026-03-02T09:30:00.000Z'),
      durationMs: 12.3456,
    });
    expect(result).toEqual({
      schema: RESULT_SCHEMA,
      status: 'graded',
      lab: 'lab4',
      submission: join('subs', 'alice'),
      cluster: null,
      score: 2.5,
      maxScore: 7,
      checks,
      startedAt: '2026-03-02T09:30:00.000Z',
      durationMs: 12.35,
    });
  });

  it('keeps an interruption', () => {
    const r = gradedResult({
      lab: 'lab4',
      submission: '/x',
      cluster: { kind: 'sim' },
      checks: [],
      startedAt: '2026-03-02T09:30:00.000Z',
      durationMs: 1,
      interrupted: { signal: 'SIGINT', step: 'pools' },
    });
    expect(r.interrupted).toEqual({ signal: 'SIGINT', step: 'pools' });
    expect(r.submission).toBe('/x');
  });
});

describe('ungradedResult', () => {
  it('has no score, no maximum, no checks, and the step and message', () => {
    const r = ungradedResult({
      lab: 'lab4',
      submission: 'no/such/path',
      step: 'read',
      message: 'submission path does not exist',
      startedAt: '2026-03-02T09:30:00.000Z',
    });
    expect(r).toEqual({
      schema: RESULT_SCHEMA,
      status: 'ungraded',
      lab: 'lab4',
      submission: join('no', 'such', 'path'),
      cluster: null,
      score: null,
      maxScore: null,
      checks: [],
      error: { step: 'read', message: 'submission path does not exist' },
      startedAt: '2026-03-02T09:30:00.000Z',
      durationMs: 0,
    });
  });

  it('measures its duration from a numeric start', () => {
    const r = ungradedResult({
      lab: 'l',
      submission: 's',
      step: 'grade',
      message: 'm',
      startedAt: Date.now() - 50,
    });
    expect(r.durationMs).toBeGreaterThanOrEqual(50);
  });
});

describe('displayPath', () => {
  it('is relative inside the working directory, absolute outside it', () => {
    expect(displayPath(join(process.cwd(), 'a', 'b'))).toBe(join('a', 'b'));
    expect(displayPath('/elsewhere/x')).toBe('/elsewhere/x');
  });
});

describe('gradeScale and scaleText', () => {
  it('gives the bundled rubric 23 static points and 41 live ones', () => {
    expect(gradeScale(defaultRubric)).toEqual({ static: 23, live: 41 });
  });

  it('names the maximum of the result and the other one', () => {
    const scale = { static: 23, live: 41 };
    expect(scaleText(makeResult([]), scale)).toBe(
      'static grade (files only): 23 points; a live grade adds the cluster checks (41)',
    );
    expect(scaleText(makeResult([], { cluster: { kind: 'sim' } }), scale)).toBe(
      'live grade (files and cluster): 41 points; a static grade of the files alone is out of 23',
    );
  });
});
