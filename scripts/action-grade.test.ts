import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClassroomResult } from '../src/report/classroom.ts';

/*
 * Runs the action's shell step (scripts/action-grade.sh) as GitHub would, with fake $GITHUB_OUTPUT
 * and $GITHUB_STEP_SUMMARY files. It needs these CLI flags; until the CLI has them, the tests skip
 * and say which are missing.
 */
const ROOT = resolve(import.meta.dirname, '..');
const NEEDED = {
  check: ['--report-dir', '--rubric'],
  grade: ['--cluster', '--report-dir', '--calico', '--kubernetes-version', '--rubric'],
};

function missingFlags(): string[] {
  const missing: string[] = [];
  for (const [command, flags] of Object.entries(NEEDED)) {
    let help = '';
    try {
      help = execFileSync(process.execPath, [join(ROOT, 'bin/lab-grader.js'), command, '--help'], {
        encoding: 'utf8',
        timeout: 60_000,
      });
    } catch (e) {
      help = String((e as { stdout?: unknown }).stdout ?? '');
    }
    for (const flag of flags) if (!help.includes(flag)) missing.push(`${command} ${flag}`);
  }
  return missing;
}

const missing = missingFlags();
const reason = missing.length ? ` (skipped: the CLI lacks ${missing.join(', ')})` : '';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** $GITHUB_OUTPUT as the runner reads it: `name=value`, or `name<<DELIM` … `DELIM`. */
function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      out[line.slice(0, eq)] = line.slice(eq + 1);
      continue;
    }
    const delim = line.slice(heredoc + 2);
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== delim; i += 1) value.push(lines[i] as string);
    out[line.slice(0, heredoc)] = value.join('\n');
  }
  return out;
}

describe.skipIf(missing.length > 0)(`scripts/action-grade.sh${reason}`, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'action-grade-'));
    await writeFile(join(dir, 'output'), '');
    await writeFile(join(dir, 'summary.md'), '');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function runAction(inputs: Record<string, string>, timeout = 60_000): Promise<Run> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: ROOT,
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      GRADER_ROOT: ROOT,
      INPUT_REPORT_DIR: join(dir, 'reports'),
      NO_COLOR: '1',
    };
    for (const [name, value] of Object.entries(inputs))
      env[`INPUT_${name.toUpperCase().replaceAll('-', '_')}`] = value;
    const run = spawnSync('bash', [join(ROOT, 'scripts/action-grade.sh')], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout,
    });
    return {
      code: run.status,
      stdout: run.stdout,
      stderr: run.stderr,
      outputs: readOutputs(await readFile(join(dir, 'output'), 'utf8')),
      summary: await readFile(join(dir, 'summary.md'), 'utf8'),
    };
  }

  const broken = 'fixtures/submissions/broken/host-bits-cidr';

  it('grades statically: annotations, summary, outputs, Classroom result, reports; exit 1', async () => {
    const run = await runAction({ path: broken, cluster: 'none' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`^::error file=${broken}/ippool\\.yaml,line=1,title=pools\\.cidr-valid::`, 'm'),
    );
    expect(run.outputs).toMatchObject({ status: 'fail', 'report-dir': join(dir, 'reports') });
    const score = Number(run.outputs.score);
    const maxScore = Number(run.outputs['max-score']);
    expect(score).toBeLessThan(maxScore);
    const classroom = JSON.parse(
      Buffer.from(run.outputs.result ?? '', 'base64').toString('utf-8'),
    ) as ClassroomResult;
    expect(classroom.max_score).toBe(maxScore);
    expect(classroom.tests.reduce((sum, t) => sum + t.score, 0)).toBeCloseTo(score, 9);
    expect(run.summary).toBe(await readFile(join(dir, 'reports', 'summary.md'), 'utf8'));
    for (const f of ['junit.xml', 'summary.md', 'results.json'])
      expect(existsSync(join(dir, 'reports', f))).toBe(true);
  });

  it('keeps the step green on failed checks with fail-on-failure: false', async () => {
    const run = await runAction({ path: broken, cluster: 'none', 'fail-on-failure': 'false' });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('fail');
  });

  it('reports an ungradable path as status error, not a stale earlier result', async () => {
    await mkdir(join(dir, 'reports'), { recursive: true });
    await writeFile(join(dir, 'reports', 'results.json'), '{"stale": true}');
    const run = await runAction({ path: 'no/such/submission', cluster: 'none' });
    expect(run.code).toBe(2);
    expect(run.outputs).toMatchObject({ score: '0', 'max-score': '0', status: 'error' });
    expect(run.stdout).toMatch(
      /^::error title=kube-lab-grader::kube-lab-grader could not grade this submission \(exit code 2\)/m,
    );
    expect(run.summary).toContain('## Lab grading failed');
  });

  it('refuses a bad cluster input before grading, exit 2', async () => {
    const run = await runAction({ path: broken, cluster: 'kind' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cluster must be none, sim or minikube');
    expect(run.outputs).toEqual({});
  });

  it('never runs an input as shell', async () => {
    const marker = join(dir, 'pwned');
    const run = await runAction({
      path: `$(touch ${marker})`,
      cluster: 'none',
      rubric: `\`touch ${marker}\``,
    });
    expect(run.code).toBe(2);
    expect(existsSync(marker)).toBe(false);
  });

  it('grades the reference live on the emulated cluster: full marks, exit 0', {
    timeout: 240_000,
  }, async () => {
    const run = await runAction({ path: 'fixtures/submissions/reference', cluster: 'sim' }, 200_000);
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('pass');
    expect(run.outputs.score).toBe(run.outputs['max-score']);
    expect(run.stdout).not.toMatch(/^::error/m);
    expect(existsSync(join(dir, 'reports', 'evidence.json'))).toBe(true);
  });
});
