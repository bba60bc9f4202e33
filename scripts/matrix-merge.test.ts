import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderMatrixJson } from '../src/matrix/json.ts';
import { MATRIX_SCHEMA, type MatrixDocument } from '../src/matrix/model.ts';
import { parseVersionList } from '../src/matrix/versions.ts';
import { cell, noInstallGrade, passGrade } from '../src/testing/matrix-cells.ts';
import { matrixFiles } from './matrix-merge.ts';

const ROOT = resolve(import.meta.dirname, '..');
/** A GitHub Actions expression, `${{ e }}`, as the workflow file spells it. */
const gh = (e: string) => `\${{ ${e} }}`;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  'runs-on': string;
  needs?: string;
  if?: string;
  strategy?: { 'fail-fast'?: boolean; matrix: Record<string, unknown[]> };
  steps: Step[];
}

describe('.github/workflows/calico-matrix.yml', () => {
  it('runs weekly and on demand: one cell per job on real minikube, then a merge into the summary', async () => {
    const wf = parse(await readFile(join(ROOT, '.github/workflows/calico-matrix.yml'), 'utf8')) as {
      on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
      env: Record<string, string>;
      jobs: Record<string, Job>;
    };
    // Weekly: minute hour * * one weekday.
    expect(wf.on.schedule).toHaveLength(1);
    expect(wf.on.schedule[0]?.cron).toMatch(/^\d+ \d+ \* \* [0-6]$/);
    expect(wf.on).toHaveProperty('workflow_dispatch');
    expect(Object.keys(wf.jobs)).toEqual(['cell', 'merge']);

    const cellJob = wf.jobs.cell as Job;
    expect(cellJob['runs-on']).toBe('ubuntu-latest');
    expect(cellJob.strategy?.['fail-fast']).toBe(false);
    const m = cellJob.strategy?.matrix ?? {};
    // Exactly two axes, so a job is one cell; the versions, each a strict version.
    expect(Object.keys(m).sort()).toEqual(['calico', 'kubernetes']);
    expect(parseVersionList((m.calico as string[]).join(','), 'calico')).toEqual([
      'v3.20.0',
      'v3.24.5',
      'v3.26.1',
      'v3.28.1',
    ]);
    expect(parseVersionList((m.kubernetes as string[]).join(','), 'kubernetes')).toEqual([
      'v1.24.3',
      'v1.28.3',
      'v1.31.0',
    ]);
    const runs = cellJob.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toMatch(/minikube-linux-amd64/);
    expect(runs).toContain('minikube config set driver docker');
    const grade = cellJob.steps.find((s) => s.run?.includes('lab-grader.js matrix')) as Step;
    expect(grade.run).toContain('--cluster minikube');
    expect(grade.run).toContain('--calico "$CALICO" --kubernetes "$KUBERNETES"');
    expect(grade.run).toContain('--report-dir out');
    expect(grade.env).toEqual({ CALICO: gh('matrix.calico'), KUBERNETES: gh('matrix.kubernetes') });
    expect(wf.env.MINIKUBE_VERSION).toMatch(/^v\d+\.\d+\.\d+$/);
    const upload = cellJob.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@')) as Step;
    expect(upload.if).toBe('always()');
    expect(upload.with).toEqual({
      name: `matrix-cell-${gh('matrix.calico')}_${gh('matrix.kubernetes')}`,
      path: 'out/',
    });

    const merge = wf.jobs.merge as Job;
    expect(merge.needs).toBe('cell');
    expect(merge.if).toBe('always()');
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@')) as Step;
    expect(download.with).toEqual({ pattern: 'matrix-cell-*', path: 'cells' });
    expect(merge.steps.map((s) => s.run ?? '')).toContain(
      'node_modules/.bin/tsx scripts/matrix-merge.ts --out matrix cells',
    );
  });
});

describe('scripts/matrix-merge.ts', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'matrix-merge-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function cellDoc(calico: string, kubernetes: string, grade = passGrade): MatrixDocument {
    return {
      schema: MATRIX_SCHEMA,
      lab: 'lab4',
      submission: 'fixtures/submissions/reference',
      cluster: 'minikube',
      startedAt: '2026-03-02T09:30:00.000Z',
      durationMs: 600_000,
      calico: [calico],
      kubernetes: [kubernetes],
      minikube: ['v1.34.0'],
      cells: [cell(grade, { calico, kubernetes, minikube: 'v1.34.0' })],
    };
  }

  /** What actions/download-artifact makes of two cells' `out/`: cells/<artifact>/matrix.json. */
  async function cells(...docs: MatrixDocument[]): Promise<string> {
    const base = join(dir, 'cells');
    for (const doc of docs) {
      const artifact = join(base, `matrix-cell-${doc.calico[0]}_${doc.kubernetes[0]}`);
      await mkdir(join(artifact, `${doc.calico[0]}_${doc.kubernetes[0]}`), { recursive: true });
      await writeFile(join(artifact, 'matrix.json'), renderMatrixJson(doc));
    }
    return base;
  }

  it('merges two cells into one table, in the step summary too, with the matrix exit code', async () => {
    const base = await cells(cellDoc('v3.28.1', 'v1.31.0'), cellDoc('v3.20.0', 'v1.31.0', noInstallGrade));
    expect(await matrixFiles([base])).toEqual([
      join(base, 'matrix-cell-v3.20.0_v1.31.0', 'matrix.json'),
      join(base, 'matrix-cell-v3.28.1_v1.31.0', 'matrix.json'),
    ]);
    const out = join(dir, 'matrix');
    const summary = join(dir, 'summary.md');
    const run = spawnSync(
      join(ROOT, 'node_modules/.bin/tsx'),
      [join(ROOT, 'scripts/matrix-merge.ts'), '--out', out, base],
      { encoding: 'utf8', env: { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: summary } },
    );
    expect(run.stdout).toContain(`merged 2 file(s), 2 cell(s) into ${out}`);
    // One cell does not install: short of "every cell ✅".
    expect(run.status).toBe(1);
    const md = await readFile(join(out, 'matrix.md'), 'utf8');
    expect(md).toContain('## minikube v1.34.0');
    expect(md).toContain('| Calico \\ Kubernetes | v1.31.0 |');
    expect(md).toMatch(/\| v3\.20\.0 \| ⛔ does not install: calico: error: resource mapping not found/);
    expect(md).toContain('| v3.28.1 | ✅ 5/5 |');
    expect(await readFile(summary, 'utf8')).toBe(md);
    const merged = JSON.parse(await readFile(join(out, 'matrix.json'), 'utf8')) as MatrixDocument;
    expect(merged.calico).toEqual(['v3.20.0', 'v3.28.1']);
    expect(merged.cells.map((c) => c.status)).toEqual(['no-install', 'pass']);
  });

  it('exits 2 on a file that is not a matrix', async () => {
    const bad = join(dir, 'matrix.json');
    await writeFile(bad, '{"schema":"kube-lab-grader/result@1"}');
    const run = spawnSync(
      join(ROOT, 'node_modules/.bin/tsx'),
      [join(ROOT, 'scripts/matrix-merge.ts'), '--out', dir, bad],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`matrix-merge: ${bad}: not a kube-lab-grader/matrix@1 document`);
  });
});
