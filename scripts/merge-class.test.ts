import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classCsv, classMarkdown } from '../src/batch/class-files.ts';
import { type BatchRow, rowFromError, rowFromResult } from '../src/batch/row.ts';
import { makeResult } from '../src/testing/result-builder.ts';
import { classCsvFiles, rowsOfClassCsv } from './merge-class.ts';

const ROOT = resolve(import.meta.dirname, '..');

const alice = rowFromResult(
  { student: 'alice', submission: 'subs/alice', commit: 'abc' },
  makeResult([
    { id: 'a.b', maxPoints: 2 },
    { id: 'c.d', status: 'fail' },
  ]),
);
const bob = rowFromResult(
  { student: 'bob', submission: 'subs/bob' },
  makeResult([{ id: 'a.b', maxPoints: 2 }]),
);
const carol = rowFromError({ student: 'carol', submission: 'subs/carol' }, new Error('minikube failed'));

describe('merge-class', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'merge-class-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function shards(...rows: BatchRow[][]): Promise<string> {
    const base = join(dir, 'shards');
    for (const [i, part] of rows.entries()) {
      await mkdir(join(base, `class-shard-${i + 1}`), { recursive: true });
      await writeFile(join(base, `class-shard-${i + 1}`, 'class.csv'), classCsv(part));
    }
    return base;
  }

  it('finds class.csv in a folder of artifact folders, in name order', async () => {
    const base = await shards([alice], [bob]);
    expect(await classCsvFiles([base])).toEqual([
      join(base, 'class-shard-1', 'class.csv'),
      join(base, 'class-shard-2', 'class.csv'),
    ]);
    await expect(classCsvFiles([join(dir, 'none')])).rejects.toThrow(/no such file/);
    await expect(classCsvFiles([dir])).rejects.toThrow(/no class.csv/);
  });

  it('reads rows back from class.csv as class.md needs them', () => {
    const rows = rowsOfClassCsv(classCsv([alice, bob, carol]));
    expect(rows.map((r) => [r.student, r.status, r.score, r.maxScore, r.failed, r.exitCode])).toEqual([
      ['alice', 'graded', 2, 3, ['c.d'], 1],
      ['bob', 'graded', 2, 2, [], 0],
      ['carol', 'ungraded', null, null, [], 3],
    ]);
    expect(rows[0]?.commit).toBe('abc');
    expect(classCsv(rows)).toBe(classCsv([alice, bob, carol]));
  });

  it('merges shard artifacts into class.csv and class.md, exits with the class code', {
    timeout: 60_000,
  }, async () => {
    const base = await shards([carol, alice], [bob]);
    const out = join(dir, 'out');
    const summary = join(dir, 'summary.md');
    await writeFile(summary, '');
    const run = spawnSync(
      join(ROOT, 'node_modules/.bin/tsx'),
      [join(ROOT, 'scripts/merge-class.ts'), '--out', out, base],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: summary },
      },
    );
    expect(run.stderr).toContain('merged 2 file(s), 3 student(s)');
    expect(run.status).toBe(3);
    expect(await readFile(join(out, 'class.csv'), 'utf8')).toBe(classCsv([alice, bob, carol]));
    const md = await readFile(join(out, 'class.md'), 'utf8');
    expect(md).toBe(classMarkdown(rowsOfClassCsv(classCsv([alice, bob, carol])).map((row) => ({ row }))));
    expect(md).toContain('| c.d | 1 / 2 | 50% |');
    expect(await readFile(summary, 'utf8')).toBe(md);
  });

  it('exits 2 on mismatched headers, naming the file', { timeout: 60_000 }, async () => {
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'student,score\r\nx,1\r\n');
    const run = spawnSync(
      join(ROOT, 'node_modules/.bin/tsx'),
      [join(ROOT, 'scripts/merge-class.ts'), '--out', dir, bad],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`merge-class: ${bad}: the header is "student,score"`);
  });
});
