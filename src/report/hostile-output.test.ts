import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../checks/types.ts';
import { REPORT_FORMATS, renderFormat, SINGLE_RESULT_FORMATS } from './format.ts';
import { parseGradeResult } from './json.ts';
import { type GradeResult, RESULT_SCHEMA } from './model.ts';
import { writeOut } from './output.ts';
import { ungradedResult } from './result.ts';
import { writeReports } from './write.ts';

/*
 * Student text in every field of a result, through every --format, the report files and writeOut:
 * no printed line may act as a GitHub Actions workflow command, drive a terminal or render as HTML.
 * The oracle is written from the runner's rules (docs/reference-facts.md, github-actions), not with
 * the safe-text helpers under test.
 */

const HOSTILE = [
  '\n::add-mask::x',
  '\r\n::error title=x::y',
  '%0A::stop-commands::tok',
  '##[group]',
  '<img src=x onerror=alert(1)>',
  '@everyone',
  '\u001b[2J',
  '\u2028::warning::ls',
  '\u202egnp.exe',
  '\r::notice::cr',
];
const EVIL = HOSTILE.join(' ');

function commandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => line.trimStart().startsWith('::') || line.includes('##['));
}

/** The problems of one output; `[]` when safe. */
function problems(text: string, opts: { colored?: boolean; markdown?: boolean } = {}): string[] {
  const found = commandLines(text).map((line) => `command line: ${JSON.stringify(line)}`);
  const esc = opts.colored ? /\u001b(?!\[[0-9;]*m)/ : /\u001b/;
  if (esc.test(text)) found.push('raw ESC');
  if (/[\u2028\u2029\u202a-\u202e\u2066-\u2069\u0080-\u009f]/.test(text))
    found.push('raw separator, bidi or C1');
  if (opts.markdown && /<img/i.test(text)) found.push('raw <img');
  return found;
}

function hostileCheck(id: string, status: CheckResult['status'], text: string): CheckResult {
  return {
    id,
    group: id.split('.')[0] as string,
    title: text,
    status,
    points: 0,
    maxPoints: 2,
    message: text,
    hint: text,
    evidence: { [text]: [text, { file: text }] },
    diagnostics: `${text}\n${text}`,
  };
}

function hostileResult(text: string): GradeResult {
  const statuses = ['fail', 'skip', 'error', 'pass'] as const;
  return {
    schema: RESULT_SCHEMA,
    status: 'graded',
    lab: text,
    submission: text,
    cluster: { kind: 'sim', kubernetes: text, calico: text, runtime: text, minikube: text },
    score: 0,
    maxScore: 8,
    checks: statuses.map((s, i) => hostileCheck(`g${i % 2}.${s}`, s, text)),
    startedAt: '2026-03-02T09:30:00.000Z',
    durationMs: 1,
    interrupted: { signal: 'SIGTERM', step: text },
  };
}

/** No grade, and student text in every field it has (the path, the step, an error quoting a file). */
function hostileUngraded(text: string): GradeResult {
  return ungradedResult({
    lab: text,
    submission: text,
    step: text,
    message: text,
    startedAt: '2026-03-02T09:30:00.000Z',
    durationMs: 1,
    cluster: { kind: 'sim', kubernetes: text },
    interrupted: { signal: 'SIGTERM', step: text },
  });
}

/** Every text a user can get out of the writers for these results, by name. */
function allOutputs(results: readonly GradeResult[]): Record<string, { text: string; colored?: boolean }> {
  const out: Record<string, { text: string; colored?: boolean }> = {};
  const one = results[0] as GradeResult;
  const ungraded = results.find((r) => r.status === 'ungraded');
  for (const format of REPORT_FORMATS) {
    out[format] = { text: renderFormat(format, one, { verbose: true }) };
    if (ungraded) out[`${format} ungraded`] = { text: renderFormat(format, ungraded, { verbose: true }) };
    if (!(SINGLE_RESULT_FORMATS as readonly string[]).includes(format))
      out[`${format} many`] = { text: renderFormat(format, results, { verbose: true }) };
  }
  out['console colour'] = {
    text: renderFormat('console', results, { color: true, verbose: true }),
    colored: true,
  };
  return out;
}

describe('hostile student text', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hostile-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const results = [hostileResult(EVIL), ...HOSTILE.map(hostileResult), hostileUngraded(EVIL)];

  it.each(Object.entries(allOutputs(results)))('cannot hijack the %s output', (name, { text, colored }) => {
    expect(problems(text, { colored, markdown: name.startsWith('markdown') })).toEqual([]);
  });

  it.each([
    ['graded', 0],
    ['ungraded', results.length - 1],
  ])(
    'cannot hijack the report files of a %s result, and results.json keeps every string as it was',
    async (_, i) => {
      const result = results[i] as GradeResult;
      const paths = await writeReports(join(dir, String(i)), result, { gradescope: true });
      expect(problems(await readFile(paths.junit, 'utf8'))).toEqual([]);
      expect(problems(await readFile(paths.markdown, 'utf8'), { markdown: true })).toEqual([]);
      expect(problems(await readFile(paths.gradescope ?? '', 'utf8'))).toEqual([]);
      const json = await readFile(paths.json, 'utf8');
      expect(problems(json)).toEqual([]);
      expect(parseGradeResult(json)).toEqual(result);
    },
  );

  it('writeOut neutralizes what a careless writer would print', () => {
    let printed = '';
    writeOut(
      {
        write: (s: string) => {
          printed += s;
        },
      },
      `raw ${EVIL}`,
    );
    expect(commandLines(printed)).toEqual([]);
  });

  it('never produces a command line, raw control or raw <img from any text in any field (property)', () => {
    const token = fc.constantFrom(
      '::',
      ':',
      '#',
      '##[',
      '[',
      '\n',
      '\r',
      '\t',
      ' ',
      '\u00a0',
      '\u0085',
      '\u3000',
      '\u001b',
      '\u001b[2J',
      '\u2028',
      '\u202e',
      '<img',
      '<',
      '&',
      '@',
      '`',
      '|',
      ']]>',
      'x',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.array(token, { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, text, (a, b) => {
        const graded = [hostileResult(a), hostileResult(b), hostileUngraded(a)];
        for (const [name, { text: out, colored }] of Object.entries(allOutputs(graded)))
          expect(problems(out, { colored, markdown: name.startsWith('markdown') }), name).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
