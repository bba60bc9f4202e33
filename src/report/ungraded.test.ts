/**
 * Never a score from a broken run: an ungraded result through every writer says "not graded" and
 * why, and shows no score, no maximum and no check verdict a reader could take for a grade.
 */
import { describe, expect, it } from 'vitest';
import { lab4Result, makeUngraded } from '../testing/result-builder.ts';
import { childElements, findAll, parseXml, type XmlElement } from '../testing/xml-parser.ts';
import { classroomResult, encodeClassroomResult } from './classroom.ts';
import { renderConsole, renderConsoleMany } from './console.ts';
import { REPORT_FORMATS, renderFormat } from './format.ts';
import { actionOutputs } from './github-actions.ts';
import { gradescopeResults, gradescopeSchemas } from './gradescope.ts';
import { parseGradeResult } from './json.ts';
import { renderJUnit } from './junit.ts';
import { renderMarkdown, renderMarkdownMany } from './markdown.ts';
import { ExitCode, exitCodeFor, overallVerdict } from './model.ts';

const ungraded = makeUngraded({ step: 'read', message: 'submission path does not exist: /subs/alice' });
const REASON = 'not graded: read: submission path does not exist: /subs/alice';
const SCALE = { static: 23, live: 41 };

describe('an ungraded result', () => {
  it('exits 3 and is an error, not a failure', () => {
    expect(exitCodeFor(ungraded)).toBe(ExitCode.infrastructure);
    expect(overallVerdict(ungraded)).toBe('error');
  });

  it('console: the reason, and no score line (also in a list)', () => {
    const out = renderConsole(ungraded, { color: false, scale: SCALE });
    expect(out).toBe(`lab4 · alice\n‼ ${REASON}\n`);
    const many = renderConsoleMany([lab4Result({ submission: 'bob' }), ungraded], { color: false });
    expect(many).toMatch(/^alice {2}not graded$/m);
    expect(many).toMatch(/^bob {4}\d+\/\d+$/m);
  });

  it('summary.md: the reason as the score line, no checks table, no score (also in a list)', () => {
    const md = renderMarkdown(ungraded, { scale: SCALE });
    expect(md).toBe(`## 💥 lab4: \`alice\`\n\n**${REASON}**\n`);
    const many = renderMarkdownMany([lab4Result({ submission: 'bob' }), ungraded]);
    expect(many).toContain('| 💥 `alice` | not graded | — | — | — | — | — |');
  });

  it('JUnit: one errored testcase and no score properties', () => {
    const doc = parseXml(renderJUnit(ungraded));
    const cases = findAll(doc, 'testcase');
    expect(cases).toHaveLength(1);
    expect(cases[0]?.attrs.name).toBe('grading');
    const [error] = childElements(cases[0] as XmlElement, 'error');
    expect(error?.attrs).toMatchObject({ message: REASON, type: 'Ungraded' });
    const props = findAll(doc, 'property').map((p) => p.attrs.name);
    expect(props).toContain('status');
    expect(props).not.toContain('score');
    expect(props).not.toContain('maxScore');
  });

  it('JSON: status ungraded, score and maxScore null, no checks, the error', () => {
    const json = JSON.parse(renderFormat('json', ungraded));
    expect(json).toMatchObject({ status: 'ungraded', score: null, maxScore: null, checks: [] });
    expect(json.error).toEqual({ step: 'read', message: 'submission path does not exist: /subs/alice' });
    expect(parseGradeResult(JSON.stringify(json))).toEqual(ungraded);
  });

  it('Classroom: status error with no maximum, so the reporter fails the job and records no points', () => {
    const c = classroomResult(ungraded);
    expect(c).toMatchObject({ version: 1, status: 'error', max_score: 0 });
    expect(c.tests).toEqual([expect.objectContaining({ name: 'grading', status: 'error', score: 0 })]);
    expect(c.tests[0]?.message).toBe(REASON);
    const decoded = JSON.parse(Buffer.from(encodeClassroomResult(ungraded), 'base64').toString('utf-8'));
    expect(decoded).toEqual(c);
  });

  it('Gradescope: score 0 (Gradescope requires one), no tests, the output saying it is no grade', () => {
    const g = gradescopeResults(ungraded);
    expect(gradescopeSchemas().results.safeParse(g).success).toBe(true);
    expect(g.score).toBe(0);
    expect(g.tests).toEqual([]);
    expect(g.output).toContain(REASON);
    expect(g.output).toContain('This is not a grade');
    expect(g.extra_data).toMatchObject({ status: 'ungraded' });
  });

  it('action outputs: 0 of 0 and status error', () => {
    expect(actionOutputs(ungraded)).toEqual({ score: 0, 'max-score': 0, status: 'error' });
  });

  it('renders in every format, saying so', () => {
    for (const format of REPORT_FORMATS)
      expect(renderFormat(format, ungraded), format).toMatch(/not graded|"status": "ungraded"/);
  });
});
