import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

  it('exits 1 when a check worth points is not verified, and never shows it as passed', async () => {
    // The report shows no `kubectl label`: labels.match-pools is skipped, withholding its 3 points.
    const r = await run('check', broken('no-labels'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\? labels\.match-pools .* 0\/3\n {4}not verified: /m);
    const md = await run('check', broken('no-labels'), '--format', 'markdown');
    expect(md.stdout).toMatch(/^## ❔ /);
    expect(md.stdout).toMatch(/^\| ❔ \| .*`labels\.match-pools`/m);
  });

  it('exits 1, with no error status, on an empty folder', async () => {
    const empty = join(tmp, 'empty');
    await mkdir(empty, { recursive: true });
    const r = await run('check', empty, '--format', 'json');
    expect(r.code).toBe(1);
    expect(parseGradeResult(r.stdout).checks.filter((c) => c.status === 'error')).toEqual([]);
  });
});

describe('a bad --report-dir', () => {
  it.each([
    ['check', () => [reference]],
    ['evaluate', () => [join(tmp, 'evidence.json')]],
    ['grade', () => [reference, '--cluster', 'sim']],
  ])('makes %s exit 2 at once with one line saying why', async (command, args) => {
    const file = join(tmp, 'a-file');
    await writeFile(file, '');
    for (const [dir, why] of [
      ['/proc/x', 'under /proc'],
      ['/sys/kernel/x', 'under /sys'],
      [file, 'is a file'],
      [join(file, 'sub'), 'is a file'],
    ]) {
      const started = performance.now();
      const r = await run(command, ...args(), '--report-dir', dir as string);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(why);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('student text in the output', () => {
  const EVIL =
    '\n::add-mask::x\r\n::error title=x::y %0A::stop-commands::tok ##[group] <img src=x onerror=alert(1)> @everyone \u001b[2J \u2028';

  /** A copy of the reference whose pool names, header and a file name carry EVIL. */
  async function hostileSubmission(): Promise<string> {
    const dir = join(tmp, 'hostile');
    await rm(dir, { recursive: true, force: true });
    await cp(reference, dir, { recursive: true });
    const pools = await readFile(join(dir, 'ippool.yaml'), 'utf8');
    await writeFile(
      join(dir, 'ippool.yaml'),
      pools.replace('name: rack-0-ippool', `name: ${JSON.stringify(EVIL)}`),
    );
    const report = await readFile(join(dir, 'lab4_report.md'), 'utf8');
    await writeFile(
      join(dir, 'lab4_report.md'),
      report.replace(/^Group: .*$/m, `Group: ${EVIL.replace(/\r?\n/g, ' ')}`),
    );
    const fileName = `evil${EVIL.replace(/\r?\n/g, '\n')}.yaml`.replaceAll('/', '_');
    await writeFile(join(dir, fileName), 'kind: [unclosed\n');
    return dir;
  }

  it.each(['console', 'json', 'junit', 'markdown'])(
    'cannot hijack --format %s or the report files',
    async (format) => {
      const dir = await hostileSubmission();
      const reports = join(tmp, `hostile-${format}`);
      const r = await run('check', dir, '--format', format, '--verbose', '--report-dir', reports);
      expect(r.code).toBe(1);
      const files = await Promise.all(
        ['junit.xml', 'summary.md', 'results.json'].map((f) => readFile(join(reports, f), 'utf8')),
      );
      for (const text of [r.stdout, r.stderr, ...files]) {
        const lines = text.split(/\r\n|\r|\n/);
        expect(lines.filter((l) => l.trimStart().startsWith('::') || l.includes('##['))).toEqual([]);
        expect(text).not.toContain('\u001b');
        expect(text).not.toContain('\u2028');
      }
      expect(files[1]).not.toMatch(/<img/);
      if (format === 'markdown') expect(r.stdout).not.toMatch(/<img/);
      expect(JSON.stringify(parseGradeResult(files[2]))).toContain('add-mask');
    },
  );
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
