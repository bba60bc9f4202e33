import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lab4Result, makeResult, makeUngraded } from '../testing/result-builder.ts';
import {
  gradeResultJsonSchema,
  gradeResultSchema,
  parseGradeResult,
  parseGradeResults,
  renderJson,
  renderJsonLine,
} from './json.ts';
import { RESULT_SCHEMA } from './model.ts';

describe('renderJson / renderJsonLine', () => {
  const result = lab4Result({ cluster: { kind: 'sim', kubernetes: 'v1.31.0' } });

  it('writes pretty JSON with 2-space indentation that validates and round-trips', () => {
    const text = renderJson(result);
    expect(text.split('\n')[1]).toBe(`  "schema": "${RESULT_SCHEMA}",`);
    expect(text.endsWith('}\n')).toBe(true);
    expect(gradeResultSchema.safeParse(JSON.parse(text)).success).toBe(true);
    expect(parseGradeResult(text)).toEqual(result);
  });

  it('writes an array for several results', () => {
    const text = renderJson([result, lab4Result({ submission: 'bob' })]);
    expect(parseGradeResults(text).map((r) => r.submission)).toEqual(['alice', 'bob']);
  });

  it('writes one line per result for JSON Lines output', () => {
    const line = renderJsonLine(result);
    expect(line).not.toContain('\n');
    const lines = `${line}\n${renderJsonLine(lab4Result({ submission: 'bob' }))}\n`;
    expect(parseGradeResults(lines).map((r) => r.submission)).toEqual(['alice', 'bob']);
    expect(parseGradeResults(renderJson(result))).toEqual([result]);
  });

  it('carries an interruption, and escapes what the runner or a terminal would act on losslessly', () => {
    const interrupted = lab4Result({
      submission: 'x ##[group]\u0085\u202e\u2028',
      interrupted: { signal: 'SIGTERM', step: 'pools' },
    });
    for (const text of [renderJson(interrupted), renderJsonLine(interrupted)]) {
      expect(text).toContain('"x ##\\u005bgroup]\\u0085\\u202e\\u2028"');
      expect(parseGradeResult(text)).toEqual(interrupted);
    }
  });

  it('does not crash on evidence a buggy check made with bigints', () => {
    const withBigint = makeResult([{ id: 'a.b', evidence: { count: 10n } }]);
    expect(parseGradeResult(renderJson(withBigint)).checks[0].evidence).toEqual({ count: '10' });
  });

  it('round-trips arbitrary results (property)', () => {
    const check = fc.record({
      id: fc.constantFrom('a.one', 'b.two', 'c'),
      title: fc.string(),
      status: fc.constantFrom('pass', 'fail', 'skip', 'error'),
      message: fc.string(),
      maxPoints: fc.integer({ min: 0, max: 10 }),
      hint: fc.option(fc.string(), { nil: undefined }),
      evidence: fc.option(fc.jsonValue(), { nil: undefined }),
      diagnostics: fc.option(fc.string(), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(check, { maxLength: 6 }), fc.string(), (checks, submission) => {
        const graded = makeResult(checks, { submission });
        // JSON has no -0: compare with what JSON itself round-trips to.
        expect(parseGradeResult(renderJson(graded))).toEqual(JSON.parse(JSON.stringify(graded)));
        expect(parseGradeResults(renderJsonLine(graded))).toHaveLength(1);
      }),
    );
  });
});

describe('parseGradeResult', () => {
  const valid = lab4Result();

  it.each([
    ['another schema version', { ...valid, schema: 'kube-lab-grader/result@2' }, 'schema'],
    [
      'an unknown status',
      { ...valid, checks: [{ ...valid.checks[0], status: 'passed' }] },
      'checks[0].status',
    ],
    ['a missing field', { ...valid, score: undefined }, 'score'],
    ['an unknown field', { ...valid, grade: 'A' }, 'grade'],
    ['an unknown cluster kind', { ...valid, cluster: { kind: 'kind' } }, 'cluster.kind'],
    ['a startedAt that is not ISO 8601', { ...valid, startedAt: 'yesterday' }, 'startedAt'],
    ['a negative duration', { ...valid, durationMs: -1 }, 'durationMs'],
    ['an interruption without a signal', { ...valid, interrupted: { step: 'pools' } }, 'interrupted.signal'],
  ])('rejects %s and names the path', (_what, value, path) => {
    expect(() => parseGradeResult(JSON.stringify(value))).toThrow(path);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseGradeResult('{"schema":')).toThrow(/result is not valid JSON/);
    expect(() => parseGradeResults(`${renderJsonLine(valid)}\nnot json\n`)).toThrow(
      /line 2 is not valid JSON/,
    );
  });

  it('accepts a startedAt with an offset', () => {
    expect(
      parseGradeResult(JSON.stringify({ ...valid, startedAt: '2026-03-02T12:30:00+03:00' })).startedAt,
    ).toBe('2026-03-02T12:30:00+03:00');
  });
});

describe('gradeResultJsonSchema', () => {
  type ObjectSchema = {
    required: string[];
    additionalProperties: boolean;
    properties: Record<
      string,
      {
        const?: string;
        maxItems?: number;
        type?: string;
        items?: { required: string[]; properties: Record<string, { enum?: string[] }> };
      }
    >;
  };
  const schema = gradeResultJsonSchema() as { $schema: string; oneOf: ObjectSchema[] };
  const variant = (status: string) =>
    schema.oneOf.find((s) => s.properties.status?.const === status) as ObjectSchema;

  it('is a draft 2020-12 schema: a graded or an ungraded result, each requiring every field of the model', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.oneOf).toHaveLength(2);
    expect([...variant('graded').required].sort()).toEqual(Object.keys(lab4Result()).sort());
    expect([...variant('ungraded').required].sort()).toEqual(Object.keys(makeUngraded()).sort());
    for (const v of schema.oneOf) {
      expect(v.additionalProperties).toBe(false);
      expect(v.properties.schema?.const).toBe(RESULT_SCHEMA);
    }
  });

  it('gives an ungraded result no score, no maximum and no checks', () => {
    const ungraded = variant('ungraded');
    expect(ungraded.properties.score?.type).toBe('null');
    expect(ungraded.properties.maxScore?.type).toBe('null');
    expect(ungraded.properties.checks?.maxItems).toBe(0);
  });

  it('describes checks with their required fields and statuses', () => {
    const items = variant('graded').properties.checks?.items;
    expect(items?.required.sort()).toEqual([
      'group',
      'id',
      'maxPoints',
      'message',
      'points',
      'status',
      'title',
    ]);
    expect(items?.properties.status?.enum).toEqual(['pass', 'fail', 'skip', 'error']);
  });
});

describe('status (added within result@1)', () => {
  it('reads a result written before it as graded', () => {
    const { status: _, ...old } = lab4Result();
    expect(parseGradeResult(JSON.stringify(old))).toEqual(lab4Result());
  });

  it('round-trips an ungraded result, and refuses a score or checks on one', () => {
    const ungraded = makeUngraded({ message: 'submission path does not exist: /x' });
    expect(parseGradeResult(renderJson(ungraded))).toEqual(ungraded);
    expect(() => parseGradeResult(JSON.stringify({ ...ungraded, score: 0 }))).toThrow(/score/);
    expect(() => parseGradeResult(JSON.stringify({ ...ungraded, maxScore: 23 }))).toThrow(/maxScore/);
    const withCheck = { ...ungraded, checks: lab4Result().checks.slice(0, 1) };
    expect(() => parseGradeResult(JSON.stringify(withCheck))).toThrow(/checks/);
    expect(() => parseGradeResult(JSON.stringify({ ...ungraded, error: undefined }))).toThrow(/error/);
  });

  it('refuses a graded result without a score', () => {
    expect(() => parseGradeResult(JSON.stringify({ ...lab4Result(), score: null }))).toThrow(/score/);
  });
});
