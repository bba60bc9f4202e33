import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lab4Result, makeResult } from '../testing/result-builder.ts';
import { classroomResult, encodeClassroomResult, renderClassroom } from './classroom.ts';
import { unsafeLines } from './safe-text.ts';

/*
 * classroom-resources/autograding-grading-reporter (43c2d9f), re-stated for the test:
 * src/main.js decodes `process.env[`${RUNNER}_RESULTS`]` with Buffer.from(…, 'base64').toString('utf-8')
 * and JSON.parse; src/notify-classroom.js adds up `tests[].score` over runners whose max_score is
 * truthy, and `max_score`; main.js fails the job when a runner's status is 'fail' or 'error'.
 */
interface ReporterRunnerResult {
  status?: string;
  max_score?: number;
  tests: { name: string; status: string; score: number; message: string | null; line_no?: number }[];
}
function reporterDecode(
  env: Record<string, string>,
  runners: string,
): { runner: string; results: ReporterRunnerResult }[] {
  return runners.split(',').map((runner) => {
    const encoded = env[`${runner.trim().toUpperCase()}_RESULTS`] as string;
    const json = Buffer.from(encoded, 'base64').toString('utf-8');
    return { runner, results: JSON.parse(json) as ReporterRunnerResult };
  });
}
function notifyClassroomPoints(runnerResults: { results: ReporterRunnerResult }[]) {
  return runnerResults.reduce(
    (acc, { results }) => {
      if (!results.max_score) return acc;
      acc.maxPoints += results.max_score;
      for (const { score } of results.tests) acc.totalPoints += score;
      return acc;
    },
    { totalPoints: 0, maxPoints: 0 },
  );
}
function reporterFails(runnerResults: { results: ReporterRunnerResult }[]): boolean {
  return runnerResults.some((r) => r.results.status === 'fail' || r.results.status === 'error');
}

describe('classroomResult', () => {
  it('has the runner shape: version 1, status, max_score and one test per check', () => {
    const result = makeResult([
      { id: 'pools.defined', title: 'Pools are defined', maxPoints: 2 },
      { id: 'pools.cidr-valid', title: 'CIDRs valid', status: 'fail', maxPoints: 2, hint: 'Mask the CIDR.' },
    ]);
    expect(classroomResult(result)).toEqual({
      version: 1,
      status: 'fail',
      max_score: 4,
      tests: [
        {
          name: 'pools.defined: Pools are defined',
          status: 'pass',
          score: 2,
          message: 'ok',
          test_code: '',
          filename: '',
          line_no: 0,
          execution_time: '0s',
        },
        {
          name: 'pools.cidr-valid: CIDRs valid',
          status: 'fail',
          score: 0,
          message: 'pools.cidr-valid is fail Hint: Mask the CIDR.',
          test_code: '',
          filename: '',
          line_no: 0,
          execution_time: '0s',
        },
      ],
    });
  });

  it('maps statuses as the exit code does: errors error, unverified skips fail, neutral skips pass', () => {
    const result = makeResult([
      { id: 'a.error', status: 'error' },
      { id: 'a.unverified', status: 'skip', maxPoints: 3, message: 'no labels shown' },
      { id: 'a.neutral', status: 'skip', maxPoints: 0, message: 'nothing to check' },
    ]);
    const cr = classroomResult(result);
    expect(cr.status).toBe('error');
    expect(cr.tests.map((t) => [t.status, t.message])).toEqual([
      ['error', 'a.error is error'],
      ['fail', 'not verified: no labels shown'],
      ['pass', 'skipped: nothing to check'],
    ]);
    expect(classroomResult(makeResult([{ id: 'a.b' }])).status).toBe('pass');
  });

  it('keeps names and messages on one line and unable to act as workflow commands (the reporter prints them)', () => {
    const result = makeResult([
      {
        id: 'x.y',
        status: 'error',
        message: 'oops\n::add-mask::secret\r\n##[set-output name=a]b <img src=x onerror=1>',
      },
    ]);
    const [test] = classroomResult(result).tests;
    expect(test?.message).not.toMatch(/[\r\n]/);
    expect(unsafeLines(`Error: ${test?.message}`)).toEqual([]);
    expect(unsafeLines(renderClassroom(result))).toEqual([]);
  });
});

describe('encodeClassroomResult', () => {
  it('decodes exactly as the grading reporter does, with the points summing to the score', () => {
    const result = lab4Result();
    const env = { LAB4_RESULTS: encodeClassroomResult(result) };
    const decoded = reporterDecode(env, 'lab4');
    expect(decoded[0]?.results).toEqual(classroomResult(result));
    expect(notifyClassroomPoints(decoded)).toEqual({ totalPoints: result.score, maxPoints: result.maxScore });
    expect(reporterFails(decoded)).toBe(true);
  });

  it('is base64 of UTF-8 JSON, so Cyrillic messages survive', () => {
    const result = makeResult([{ id: 'submission.report', status: 'fail', message: 'нет поля Группа' }]);
    const json = Buffer.from(encodeClassroomResult(result), 'base64').toString('utf-8');
    expect(JSON.parse(json).tests[0].message).toBe('нет поля Группа');
    expect(encodeClassroomResult(result)).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('property: for any points, Classroom records the grader score and max score', () => {
    const check = fc.record({
      status: fc.constantFrom('pass', 'fail', 'skip', 'error') as fc.Arbitrary<
        'pass' | 'fail' | 'skip' | 'error'
      >,
      maxPoints: fc.integer({ min: 0, max: 5 }),
      partial: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(check, { minLength: 1, maxLength: 15 }), (checks) => {
        const result = makeResult(
          checks.map((c, i) => ({
            id: `g.c${i}`,
            status: c.status,
            maxPoints: c.maxPoints,
            points: c.status === 'pass' ? Math.round(c.maxPoints * c.partial * 100) / 100 : 0,
          })),
        );
        const decoded = reporterDecode({ L_RESULTS: encodeClassroomResult(result) }, 'l');
        const points = notifyClassroomPoints(decoded);
        // The reporter skips a runner whose max_score is 0 (nothing to record).
        if (result.maxScore === 0) expect(points).toEqual({ totalPoints: 0, maxPoints: 0 });
        else {
          expect(points.maxPoints).toBe(result.maxScore);
          expect(points.totalPoints).toBeCloseTo(result.score, 9);
        }
      }),
    );
  });
});

describe('renderClassroom', () => {
  it('prints the same JSON, pretty, for --format classroom', () => {
    const result = lab4Result();
    const text = renderClassroom(result);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(classroomResult(result));
  });
});
