/**
 * `lab-grader matrix --cluster sim` end to end, as a maintainer runs it: two cells (two Calico
 * versions on one Kubernetes), two at a time, each on an emulated cluster of its own; the tables,
 * the JUnit file and every cell's reports, and no cluster or temp dir left behind.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseEvidence } from '../src/evidence/schema.ts';
import { parseMatrixJson } from '../src/matrix/json.ts';
import { parseGradeResult } from '../src/report/json.ts';

const BIN = join(import.meta.dirname, '../bin/lab-grader.js');
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lab-grader-matrix-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

it('grades the reference in every cell and writes matrix.md, matrix.json, junit.xml and each cell’s reports', async () => {
  const out = join(tmp, 'out');
  const ownTmp = join(tmp, 'tmpdir');
  await mkdir(ownTmp);
  const run = await execa(
    'node',
    [BIN, 'matrix', '--cluster', 'sim', '--calico', 'v3.26.1,v3.28.1', '--kubernetes', 'v1.31.0'].concat([
      '--jobs',
      '2',
      '--report-dir',
      out,
    ]),
    { reject: false, env: { CI: 'true', TMPDIR: ownTmp } },
  );
  const doc = parseMatrixJson(await readFile(join(out, 'matrix.json'), 'utf8'), 'matrix.json');
  expect(doc.cluster).toBe('sim');
  expect(doc.calico).toEqual(['v3.26.1', 'v3.28.1']);
  expect(doc.kubernetes).toEqual(['v1.31.0']);
  expect(doc.cells.map((c) => [c.versions.calico, c.versions.kubernetes, c.reports])).toEqual([
    ['v3.26.1', 'v1.31.0', 'v3.26.1_v1.31.0'],
    ['v3.28.1', 'v1.31.0', 'v3.28.1_v1.31.0'],
  ]);
  for (const cell of doc.cells) {
    // The reference installs and passes on both: the emulator played the Calico asked for.
    expect(cell, JSON.stringify(cell.firstError)).toMatchObject({
      status: 'pass',
      failing: [],
      firstError: null,
    });
    expect(cell.score).toBe(cell.maxScore);
    expect(cell.observed).toMatchObject({ calico: cell.versions.calico, kubernetes: 'v1.31.0' });
    expect(Object.keys(cell.durations.steps)).toContain('calico');
    const dir = join(out, cell.reports);
    expect((await readdir(dir)).sort()).toEqual(['evidence.json', 'junit.xml', 'results.json', 'summary.md']);
    const result = parseGradeResult(await readFile(join(dir, 'results.json'), 'utf8'));
    expect(result.cluster?.calico).toBe(cell.versions.calico);
    const evidence = parseEvidence(await readFile(join(dir, 'evidence.json'), 'utf8'));
    expect(evidence.cluster.versions.calico).toBe(cell.versions.calico);
  }
  const md = await readFile(join(out, 'matrix.md'), 'utf8');
  expect(md).toMatch(/\| Calico \\ Kubernetes \| v1\.31\.0 \|/);
  expect(md).toMatch(/\| v3\.26\.1 \| ✅ (\d+)\/\1 \|/);
  expect(md).toMatch(/\| v3\.28\.1 \| ✅ (\d+)\/\1 \|/);
  expect(run.stdout).toBe(md.trimEnd());
  const junit = await readFile(join(out, 'junit.xml'), 'utf8');
  expect(junit.match(/<testsuite /g)).toHaveLength(2);
  expect(junit).toContain('<testsuite name="calico v3.26.1 × kubernetes v1.31.0"');
  expect(junit).toContain('<testsuite name="calico v3.28.1 × kubernetes v1.31.0"');
  // Progress: one line per cell, k/N with the elapsed time.
  expect(run.stderr).toMatch(
    /^\[1\/2\] calico v3\.\d+\.1 × kubernetes v1\.31\.0 ✅ \d+\/\d+ in \d+s, elapsed \d+s/m,
  );
  expect(run.stderr).toMatch(
    /^\[2\/2\] calico v3\.\d+\.1 × kubernetes v1\.31\.0 ✅ \d+\/\d+ in \d+s, elapsed \d+s$/m,
  );
  expect(run.exitCode, run.stderr).toBe(0);
  // Each cell deleted its cluster and its temp sim home.
  expect((await readdir(ownTmp)).filter((e) => e.startsWith('lab-grader-'))).toEqual([]);
});
