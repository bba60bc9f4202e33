import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseGradeResult, parseGradeResults } from '../report/json.ts';
import { main } from './main.ts';

const repo = join(import.meta.dirname, '../..');
const reference = join(repo, 'fixtures/submissions/reference');
const broken = (name: string) => join(repo, 'fixtures/submissions/broken', name);

/** Runs the CLI in-process, capturing stdout and stderr. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    stderr += String(s);
    return true;
  });
  const saved = process.exitCode;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.exitCode = saved;
    out.mockRestore();
    err.mockRestore();
  }
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lab-grader-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('lab-grader check', () => {
  it('exits 0 on the reference and 1 on a broken submission', async () => {
    expect((await run('check', reference)).code).toBe(0);
    const bad = await run('check', broken('one-replica'));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('deployment.replicas');
  });

  it('prints one JSON object per line for several paths', async () => {
    const r = await run('check', reference, broken('wrong-image'), '--format', 'json');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const results = parseGradeResults(r.stdout);
    expect(results.map((x) => x.score < x.maxScore)).toEqual([false, true]);
  });

  it('writes junit.xml, summary.md and results.json with a testcase per check', async () => {
    const dir = join(tmp, 'out');
    const r = await run('check', broken('cni-typo'), '--report-dir', dir, '--format', 'markdown');
    expect(r.code).toBe(1);
    const result = parseGradeResult(await readFile(join(dir, 'results.json'), 'utf8'));
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(result.checks.length);
    expect(junit.match(/<failure /g)).toHaveLength(1);
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('minikube.start-flags');
  });

  it('exits 2 on a missing path or a bad rubric, and grades the other paths', async () => {
    const missing = await run('check', join(tmp, 'nope'), reference);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope');
    expect(missing.stdout).toContain('Score');
    const rubric = join(tmp, 'rubric.json');
    await writeFile(rubric, '{"lab": 4}');
    const bad = await run('check', reference, '--rubric', rubric);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('rubric.json');
  });

  it('exits 2 on bad usage', async () => {
    expect((await run('check')).code).toBe(2);
    expect((await run('check', reference, '--format', 'xml')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
  });
});

describe('lab-grader sim env', () => {
  it('prints the exports that put the minikube stand-in first on PATH', async () => {
    const r = await run('sim', 'env', '--home', join(tmp, 'sim'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^export PATH="${join(repo, 'bin')}:`, 'm'));
    expect(r.stdout).toContain(`export MINIKUBE_HOME="${join(tmp, 'sim', 'minikube')}"`);
    expect(r.stdout).toContain(`export KUBECONFIG="${join(tmp, 'sim', 'kubeconfig')}"`);
  });
});

describe('the bin', () => {
  it('runs from any directory through tsx', async () => {
    const r = await execa('node', [join(repo, 'bin/lab-grader.js'), 'check', reference, '--format', 'json'], {
      cwd: tmp,
      reject: false,
    });
    expect(r.exitCode).toBe(0);
    expect(parseGradeResult(r.stdout).checks.every((c) => c.status === 'pass')).toBe(true);
  });
});
