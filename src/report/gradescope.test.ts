import { describe, expect, it } from 'vitest';
import { lab4Result, makeResult } from '../testing/result-builder.ts';
import { gradescopeResults, gradescopeSchemas, renderGradescope } from './gradescope.ts';
import { unsafeLines } from './safe-text.ts';

// The example of Gradescope's "Output format" section (docs/specs.md, comments removed).
const SPEC_EXAMPLE = {
  score: 44.0,
  execution_time: 136,
  output: 'Text relevant to the entire submission',
  output_format: 'simple_format',
  test_output_format: 'text',
  test_name_format: 'text',
  visibility: 'after_due_date',
  stdout_visibility: 'visible',
  extra_data: {},
  tests: [
    {
      score: 2.0,
      max_score: 2.0,
      status: 'passed',
      name: 'Your name here',
      name_format: 'text',
      number: '1.1',
      output: 'Giant multiline string that will be placed in a <pre> tag and collapsed by default',
      output_format: 'text',
      tags: ['tag1', 'tag2', 'tag3'],
      visibility: 'visible',
      extra_data: {},
    },
  ],
  leaderboard: [
    { name: 'Accuracy', value: 0.926 },
    { name: 'Time', value: 15.1, order: 'asc' },
    { name: 'Stars', value: '*****' },
  ],
};

// The "Test case status" example: tests without scores, so a top-level score is needed to be valid.
const STATUS_EXAMPLE = {
  tests: [
    { name: 'Compilation check', status: 'passed' },
    { name: 'Style check', status: 'failed' },
    { name: 'Test 3', score: 5, max_score: 10, status: 'passed' },
  ],
};

describe('gradescopeResultsSchema (Gradescope autograder specs)', () => {
  it('accepts the spec example', () => {
    expect(gradescopeSchemas().results.safeParse(SPEC_EXAMPLE).success).toBe(true);
  });

  it('needs a score at the top level or on every test', () => {
    expect(gradescopeSchemas().results.safeParse(STATUS_EXAMPLE).success).toBe(false);
    expect(gradescopeSchemas().results.safeParse({ ...STATUS_EXAMPLE, score: 5 }).success).toBe(true);
    expect(gradescopeSchemas().results.safeParse({ tests: [{ score: 1 }, { score: 0 }] }).success).toBe(true);
    expect(gradescopeSchemas().results.safeParse({}).success).toBe(false);
  });

  it('rejects values outside the spec', () => {
    expect(gradescopeSchemas().results.safeParse({ score: 1, visibility: 'public' }).success).toBe(false);
    expect(gradescopeSchemas().results.safeParse({ score: 1, tests: [{ status: 'skipped' }] }).success).toBe(
      false,
    );
    expect(gradescopeSchemas().results.safeParse({ score: 1, output_format: 'rtf' }).success).toBe(false);
    expect(gradescopeSchemas().results.safeParse({ score: '44' }).success).toBe(false);
  });
});

describe('gradescopeResults', () => {
  it('validates, has one test per check and totals to the grader score', () => {
    const result = lab4Result();
    const gs = gradescopeResults(result);
    expect(gradescopeSchemas().results.safeParse(gs).success).toBe(true);
    expect(gs.score).toBe(result.score);
    expect(gs.tests).toHaveLength(result.checks.length);
    expect(gs.tests?.reduce((sum, t) => sum + (t.score ?? 0), 0)).toBe(result.score);
    expect(gs.tests?.reduce((sum, t) => sum + (t.max_score ?? 0), 0)).toBe(result.maxScore);
  });

  it('maps a check to a test: name, points, status, text output with the hint, group tag', () => {
    const result = makeResult([
      {
        id: 'pools.cidr-valid',
        title: 'CIDRs valid',
        status: 'fail',
        maxPoints: 2,
        points: 1,
        hint: 'Mask it.',
      },
      { id: 'labels.match-pools', title: 'Labels', status: 'skip', maxPoints: 3, message: 'no labels shown' },
      { id: 'pods.shown', title: 'Shown', status: 'skip', maxPoints: 0, message: 'none shown' },
      { id: 'service.lb-spread', title: 'Spread', status: 'error', diagnostics: 'pod/a\r\nCrashLoopBackOff' },
    ]);
    expect(gradescopeResults(result).tests).toEqual([
      {
        name: 'pools.cidr-valid: CIDRs valid',
        name_format: 'text',
        number: '1',
        score: 1,
        max_score: 2,
        status: 'failed',
        output: 'pools.cidr-valid is fail\n\nHint: Mask it.',
        output_format: 'text',
        tags: ['pools'],
        visibility: 'visible',
      },
      expect.objectContaining({ number: '2', status: 'failed', output: 'Not verified: no labels shown' }),
      expect.objectContaining({
        number: '3',
        status: 'passed',
        score: 0,
        max_score: 0,
        output: 'Skipped: none shown',
      }),
      expect.objectContaining({
        status: 'failed',
        output: 'service.lb-spread is error\n\npod/a\nCrashLoopBackOff',
      }),
    ]);
  });

  it('uses text formats everywhere (the top-level default would render HTML) and hides stdout', () => {
    const gs = gradescopeResults(makeResult([{ id: 'a.b' }], { submission: '<img src=x onerror=1>' }));
    expect(gs).toMatchObject({
      output_format: 'text',
      test_output_format: 'text',
      test_name_format: 'text',
      visibility: 'visible',
      stdout_visibility: 'hidden',
    });
    expect(gs.output).toBe('lab4: 1/1 points (kube-lab-grader, <img src=x onerror=1>)');
  });

  it('takes the visibility settings', () => {
    const gs = gradescopeResults(makeResult([{ id: 'a.b' }]), {
      visibility: 'after_published',
      stdoutVisibility: 'visible',
    });
    expect(gs.visibility).toBe('after_published');
    expect(gs.stdout_visibility).toBe('visible');
    expect(gs.tests?.[0]?.visibility).toBe('after_published');
  });

  it('says in the output when the grade was interrupted', () => {
    const gs = gradescopeResults(makeResult([], { interrupted: { signal: 'SIGTERM', step: 'rollout' } }));
    expect(gs.output).toMatch(/\ninterrupted by SIGTERM during rollout/);
  });
});

describe('renderGradescope', () => {
  it('prints valid results.json that reads back as the results, with no workflow command line', () => {
    const result = makeResult([{ id: 'x.y', status: 'fail', message: 'bad\n::add-mask::s\n##[group]' }]);
    const text = renderGradescope(result);
    expect(JSON.parse(text)).toEqual(gradescopeResults(result));
    expect(gradescopeSchemas().results.safeParse(JSON.parse(text)).success).toBe(true);
    expect(unsafeLines(text)).toEqual([]);
  });
});
