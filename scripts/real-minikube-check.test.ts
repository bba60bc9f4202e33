/**
 * The real-minikube check: its workflow parses and runs the script on a real minikube, and the
 * script itself runs here against the emulator (the same grade, `--cluster sim`) with a Kubernetes
 * below 1.30, where exec offers no v5 stream protocol.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');

describe('.github/workflows/real-minikube.yml', () => {
  it('runs weekly and on demand on ubuntu-latest with minikube, the script, and uploads the reports', async () => {
    const wf = parse(await readFile(join(ROOT, '.github/workflows/real-minikube.yml'), 'utf8')) as {
      on: {
        schedule: { cron: string }[];
        workflow_dispatch: { inputs: Record<string, { default: string }> };
      };
      env: Record<string, string>;
      jobs: Record<
        string,
        { 'runs-on': string; steps: { run?: string; uses?: string; with?: { path?: string } }[] }
      >;
    };
    expect(wf.on.schedule[0]?.cron).toMatch(/^\d+ \d+ \* \* [0-6]$/);
    // Two Kubernetes versions by default, one below 1.30.
    const versions = wf.on.workflow_dispatch.inputs.kubernetes?.default.split(',') ?? [];
    expect(versions).toHaveLength(2);
    expect(versions.some((v) => Number(v.split('.')[1]) < 30)).toBe(true);
    const job = wf.jobs.check;
    expect(job?.['runs-on']).toBe('ubuntu-latest');
    const runs = job?.steps.map((s) => s.run ?? '').join('\n') ?? '';
    expect(runs).toContain('minikube-linux-amd64');
    expect(runs).toContain('node scripts/real-minikube-check.mjs --cluster minikube');
    const upload = job?.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.with?.path).toBe('reports/real-minikube/');
    expect(wf.env.MINIKUBE_VERSION).toMatch(/^v\d+\.\d+\.\d+$/);
  });
});

describe('scripts/real-minikube-check.mjs on the emulator', () => {
  it('grades a broken fixture on Kubernetes v1.29, checks its outcome, writes the summary', async () => {
    const out = await mkdtemp(join(tmpdir(), 'real-minikube-check-'));
    try {
      const run = await execa(
        'node',
        [
          'scripts/real-minikube-check.mjs',
          '--cluster',
          'sim',
          '--kubernetes',
          'v1.29.15',
          '--only',
          'default-pool-kept',
          '--out',
          out,
        ],
        { cwd: ROOT, reject: false },
      );
      expect(run.exitCode, run.stderr).toBe(0);
      const summary = await readFile(join(out, 'summary.md'), 'utf8');
      expect(summary).toContain('| v1.29.15 | default-pool-kept | ✅ 39/41, fails pools.default-removed |');
      const graded = JSON.parse(await readFile(join(out, 'v1.29.15/default-pool-kept/results.json'), 'utf8'));
      expect(graded.maxScore - graded.score).toBe(2);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a Kubernetes version that is not vX.Y.Z (exit 2), grading nothing', async () => {
    const run = await execa(
      'node',
      ['scripts/real-minikube-check.mjs', '--cluster', 'sim', '--kubernetes', '1.29'],
      {
        cwd: ROOT,
        reject: false,
      },
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--kubernetes takes versions like v1.31.0, got 1.29');
  });
});
