import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseGradeResult } from '../report/json.ts';
import type { GradeResult } from '../report/model.ts';
import { SubmissionError } from '../submission/errors.ts';
import { makeResult } from '../testing/result-builder.ts';
import { ClassReportError, type ClassSubmission, type GradeOne, gradeClass } from './class-run.ts';
import { parseCsv } from './csv.ts';

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'class-run-'));
});
afterEach(() => rm(out, { recursive: true, force: true }));

const sub = (student: string): ClassSubmission => ({ student, path: `/subs/${student}` });
const full = (s: ClassSubmission) =>
  makeResult([{ id: 'pools.defined', maxPoints: 2 }], { submission: s.path });
const short = (s: ClassSubmission) =>
  makeResult(
    [
      { id: 'pools.defined', maxPoints: 2 },
      { id: 'pools.cidr-valid', status: 'fail' },
    ],
    {
      submission: s.path,
    },
  );

/** alice full marks, bob a failed check, carol's path unreadable, dave's grader crashing. */
const gradeOne: GradeOne = async (s) => {
  if (s.student === 'alice') return full(s);
  if (s.student === 'bob') return short(s);
  if (s.student === 'carol')
    throw new SubmissionError('not-found', s.path, `submission path does not exist: ${s.path}`);
  throw Object.assign(new Error('kubectl exec timed out'), { step: 'probes' });
};
const CLASS = ['alice', 'bob', 'carol', 'dave'].map(sub);

describe('gradeClass', () => {
  it('grades everyone: a student who cannot be graded stops no one, and the worst exit code wins', async () => {
    const run = await gradeClass(CLASS, gradeOne, { jobs: 2, lab: 'lab4' });
    expect(run.rows.map((r) => [r.student, r.status, r.score, r.maxScore, r.failed, r.exitCode])).toEqual([
      ['alice', 'graded', 2, 2, [], 0],
      ['bob', 'graded', 2, 3, ['pools.cidr-valid'], 1],
      ['carol', 'ungraded', null, null, [], 3],
      ['dave', 'ungraded', null, null, [], 3],
    ]);
    expect(run.rows[2]?.error).toEqual({
      step: 'read',
      message: 'submission path does not exist: /subs/carol',
    });
    expect(run.rows[3]?.error).toEqual({ step: 'probes', message: 'kubectl exec timed out' });
    expect(run.results.map((r) => r.status)).toEqual(['graded', 'graded', 'ungraded', 'ungraded']);
    expect(run.results[2]).toMatchObject({
      score: null,
      maxScore: null,
      checks: [],
      submission: '/subs/carol',
    });
    expect(run.exitCode).toBe(3);
    expect(run.markdown).toContain('4 student(s): 2 graded, 2 ungraded');
    expect(run.files).toBeUndefined();
    expect((await gradeClass(CLASS.slice(0, 2), gradeOne, { jobs: 1, lab: 'lab4' })).exitCode).toBe(1);
    expect((await gradeClass(CLASS.slice(0, 1), gradeOne, { jobs: 1, lab: 'lab4' })).exitCode).toBe(0);
    expect((await gradeClass([], gradeOne, { jobs: 1, lab: 'lab4' })).exitCode).toBe(0);
  });

  it('writes each student folder and the class files', async () => {
    const run = await gradeClass(CLASS, gradeOne, { jobs: 3, lab: 'lab4', reportDir: out });
    for (const s of CLASS) {
      const result = parseGradeResult(await readFile(join(out, s.student, 'results.json'), 'utf8'));
      expect(result).toEqual(run.results[CLASS.indexOf(s)]);
      for (const f of ['junit.xml', 'summary.md'])
        expect((await readFile(join(out, s.student, f))).length).toBeGreaterThan(0);
    }
    expect(run.files).toEqual({
      csv: join(out, 'class.csv'),
      markdown: join(out, 'class.md'),
      junit: join(out, 'junit.xml'),
    });
    const csv = parseCsv(await readFile(join(out, 'class.csv'), 'utf8')).map((r) => r.fields);
    expect(csv.map((f) => [f[0], f[3], f[4], f[5]])).toEqual([
      ['student', 'status', 'score', 'maxScore'],
      ['alice', 'graded', '2', '2'],
      ['bob', 'graded', '2', '3'],
      ['carol', 'ungraded', '', ''],
      ['dave', 'ungraded', '', ''],
    ]);
    expect(await readFile(join(out, 'class.md'), 'utf8')).toBe(run.markdown);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testsuite /g)).toHaveLength(4);
  });

  it('reports progress as one line per finished submission: k/N, the score or why not, the time', async () => {
    const lines: string[] = [];
    await gradeClass(CLASS, gradeOne, { jobs: 1, lab: 'lab4', onProgress: (l) => lines.push(l) });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\[1\/4\] alice 2\/2 in \d+s, elapsed \d+s, about \d+s left$/);
    expect(lines[1]).toMatch(/^\[2\/4\] bob 2\/3 in /);
    expect(lines[2]).toMatch(
      /^\[3\/4\] carol not graded: read: submission path does not exist: \/subs\/carol in /,
    );
    expect(lines[3]).toMatch(
      /^\[4\/4\] dave not graded: probes: kubectl exec timed out in \d+s, elapsed \d+s$/,
    );
  });

  it('cancels: running grades see the signal, the rest are ungraded without being started', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    let sawAbort = false;
    const slow: GradeOne = async (s, signal) => {
      started.push(s.student);
      if (s.student === 'alice') {
        controller.abort(new Error('SIGINT'));
        sawAbort = signal.aborted;
      }
      return full(s);
    };
    const run = await gradeClass(CLASS, slow, { jobs: 1, lab: 'lab4', signal: controller.signal });
    expect(started).toEqual(['alice']);
    expect(sawAbort).toBe(true);
    expect(run.rows.map((r) => r.status)).toEqual(['graded', 'ungraded', 'ungraded', 'ungraded']);
    expect(run.rows[1]?.error).toEqual({ step: 'grade', message: 'cancelled before it started (SIGINT)' });
    expect(run.exitCode).toBe(3);
  });

  it('fails the run, not a student, when a report folder cannot be written', async () => {
    await writeFile(join(out, 'bob'), 'a file where the folder goes');
    await expect(
      gradeClass(CLASS.slice(0, 2), gradeOne, { jobs: 2, lab: 'lab4', reportDir: out }),
    ).rejects.toThrow(ClassReportError);
  });

  it('keeps results in submission order whatever the finishing order', async () => {
    const delays: Record<string, number> = { alice: 30, bob: 0, carol: 10, dave: 5 };
    const timed: GradeOne = async (s) => {
      await new Promise((r) => setTimeout(r, delays[s.student]));
      return full(s);
    };
    const run = await gradeClass(CLASS, timed, { jobs: 4, lab: 'lab4' });
    expect(run.results.map((r: GradeResult) => r.submission)).toEqual(CLASS.map((s) => s.path));
  });
});
