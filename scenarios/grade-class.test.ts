/**
 * `lab-grader grade A B C --cluster sim --jobs 2 --report-dir OUT` (issue 10): a class graded live,
 * two at a time, each on an emulated cluster of its own. Every student's results.json must be the
 * grade that student gets alone (src/live/session.test.ts grades the same fixtures one by one),
 * a path that is a file becomes one ungraded row without stopping the others, and class.csv agrees.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/batch/csv.ts';
import { parseGradeResult } from '../src/report/json.ts';
import { FIXTURES } from './live-helpers.ts';

const BIN = join(import.meta.dirname, '../bin/lab-grader.js');
let out: string;
let notAFolder: string;
let run: Awaited<ReturnType<typeof execa>>;

const students = {
  reference: join(FIXTURES, 'reference'),
  'one-replica': join(FIXTURES, 'broken/one-replica'),
  'wrong-image': join(FIXTURES, 'broken/wrong-image'),
};

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'lab-grader-class-'));
  notAFolder = join(out, 'submission.txt');
  await writeFile(notAFolder, 'not a submission\n');
  const report = join(out, 'reports');
  run = await execa(
    'node',
    [
      BIN,
      'grade',
      ...Object.values(students),
      notAFolder,
      '--cluster',
      'sim',
      '--jobs',
      '2',
      '--time-factor',
      '0',
      '--report-dir',
      report,
    ],
    { reject: false, env: { ...process.env, CI: 'true' }, timeout: 300_000 },
  );
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('grade: a class on the emulated cluster, two at a time', () => {
  it('exits 3: one submission could not be graded (the worst of the class)', () => {
    expect(run.exitCode, String(run.stderr)).toBe(3);
  });

  it('writes one folder per student with the grade that student gets alone', async () => {
    const reference = parseGradeResult(await readFile(join(out, 'reports/reference/results.json'), 'utf8'));
    expect(reference.status).toBe('graded');
    expect(reference.score).toBe(reference.maxScore);
    for (const [name, failing] of [
      ['one-replica', 'deployment.replicas'],
      ['wrong-image', 'deployment.image'],
    ] as const) {
      const r = parseGradeResult(await readFile(join(out, `reports/${name}/results.json`), 'utf8'));
      expect(r.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toContain(failing);
      await expect(readFile(join(out, `reports/${name}/evidence.json`), 'utf8')).resolves.toContain(
        '"schema"',
      );
    }
  });

  it('class.csv has one row per submission; the file is an ungraded row with no score', async () => {
    const rows = parseCsv(await readFile(join(out, 'reports/class.csv'), 'utf8')).map((r) => r.fields);
    expect(rows[0]).toEqual(['student', 'submission', 'commit', 'status', 'score', 'maxScore', 'failed']);
    const body = rows.slice(1);
    expect(body).toHaveLength(4);
    const byStudent = new Map(body.map((r) => [r[0], r]));
    expect(byStudent.get('reference')?.[3]).toBe('graded');
    expect(byStudent.get('reference')?.[4]).toBe(byStudent.get('reference')?.[5]);
    expect(byStudent.get('one-replica')?.[6]).toContain('deployment.replicas');
    const ungraded = body.filter((r) => r[3] === 'ungraded');
    expect(ungraded).toHaveLength(1);
    expect(ungraded[0]?.[4]).toBe('');
  });

  it('writes class.md and a class junit.xml with a testsuite per student', async () => {
    await expect(readFile(join(out, 'reports/class.md'), 'utf8')).resolves.toContain('reference');
    const junit = await readFile(join(out, 'reports/junit.xml'), 'utf8');
    expect(junit.match(/<testsuite /g)).toHaveLength(4);
  });
});
