import { readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCsv } from '../batch/csv.ts';
import type { ClassroomResult } from '../report/classroom.ts';
import { gradescopeSchemas } from '../report/gradescope.ts';
import { parseGradeResult, parseGradeResults } from '../report/json.ts';
import type { GradeResult } from '../report/model.ts';
import { ENVIRONMENT } from './help.ts';
import { main } from './main.ts';

const repo = join(import.meta.dirname, '../..');
const reference = join(repo, 'fixtures/submissions/reference');
const broken = (name: string) => join(repo, 'fixtures/submissions/broken', name);

/** Runs the CLI in-process, capturing stdout and stderr, outside GitHub Actions and without colour. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runWith({}, ...args);
}

/** The same with environment variables set (undefined: unset) for the run. */
async function runWith(
  env: Record<string, string | undefined>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  // The project's own CI runs in GitHub Actions: its summary and outputs are not the tests' to write.
  for (const [name, value] of Object.entries({
    GITHUB_ACTIONS: undefined,
    GITHUB_OUTPUT: undefined,
    GITHUB_STEP_SUMMARY: undefined,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    ...env,
  }))
    vi.stubEnv(name, value);
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
    vi.unstubAllEnvs();
  }
}

const brokenNames = readdirSync(join(repo, 'fixtures/submissions/broken')).sort();

/** The fields of class.csv's rows by student (header dropped). */
async function classRows(dir: string): Promise<Map<string, string[]>> {
  const records = parseCsv(await readFile(join(dir, 'class.csv'), 'utf8')).map((r) => r.fields);
  expect(records[0]).toEqual(['student', 'submission', 'commit', 'status', 'score', 'maxScore', 'failed']);
  return new Map(records.slice(1).map((f) => [f[0] as string, f]));
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
    expect(results.map((x) => x.status === 'graded' && x.score < x.maxScore)).toEqual([false, true]);
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

  it('exits 2 on one missing path or a bad rubric', async () => {
    const missing = await run('check', join(tmp, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`lab-grader: submission path does not exist: ${join(tmp, 'nope')}\n`);
    const rubric = join(tmp, 'rubric.json');
    await writeFile(rubric, '{"lab": 4}');
    const bad = await run('check', reference, '--rubric', rubric);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('rubric.json');
  });

  it('grades the other paths of several when one is missing: that one is ungraded, exit 3', async () => {
    const r = await run('check', join(tmp, 'nope'), reference, '--format', 'json');
    expect(r.code).toBe(3);
    const [nope, ref] = parseGradeResults(r.stdout) as [GradeResult, GradeResult];
    expect(nope).toMatchObject({ status: 'ungraded', score: null, maxScore: null, checks: [] });
    expect(nope.status === 'ungraded' && nope.error.step).toBe('read');
    expect(ref).toMatchObject({ status: 'graded', score: 23, maxScore: 23 });
    expect(r.stderr).toMatch(/^\[\d\/2\] nope not graded: read: submission path does not exist: /m);
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

describe('lab-grader check of a class', () => {
  it('grades reference and broken/*/ with --jobs 2: a folder each, class.csv agreeing with single runs, class.md, junit.xml', async () => {
    const out = join(tmp, 'class');
    const paths = [reference, ...brokenNames.map((n) => `${broken(n)}/`)];
    const r = await run('check', ...paths, '--jobs', '2', '--report-dir', out);
    expect(r.code).toBe(1);
    const students = ['reference', ...brokenNames];
    const rows = await classRows(out);
    expect([...rows.keys()]).toEqual(students);
    for (const [i, student] of students.entries()) {
      const single = await run('check', paths[i] as string, '--format', 'json');
      const result = parseGradeResult(single.stdout);
      if (result.status !== 'graded') throw new Error(`${student} not graded`);
      const failed = result.checks
        .filter((c) => c.status === 'fail' || c.status === 'error')
        .map((c) => c.id);
      expect(rows.get(student)).toEqual([
        student,
        result.submission,
        '',
        'graded',
        String(result.score),
        String(result.maxScore),
        failed.join(' '),
      ]);
      const own = parseGradeResult(await readFile(join(out, student, 'results.json'), 'utf8'));
      expect({ ...own, startedAt: '', durationMs: 0 }).toEqual({ ...result, startedAt: '', durationMs: 0 });
      expect(await readFile(join(out, student, 'summary.md'), 'utf8')).toContain(`\`${result.submission}\``);
      expect((await readFile(join(out, student, 'junit.xml'), 'utf8')).match(/<testcase /g)).toHaveLength(
        result.checks.length,
      );
    }
    const md = await readFile(join(out, 'class.md'), 'utf8');
    expect(md).toContain(`${students.length} student(s): ${students.length} graded, 0 ungraded`);
    expect(md).toContain('## Pass rate by check');
    expect(md).toMatch(/^\| pools\.defined \| \d+ \/ 18 \| \d+% \|$/m);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testsuite /g)).toHaveLength(students.length);
    expect(r.stderr.split('\n').filter((l) => /^\[\d+\/18\] /.test(l))).toHaveLength(18);
    expect(r.stderr).toMatch(/elapsed \d+s/);
    expect(r.stderr).toContain(`class: ${join(out, 'class.csv')}`);
  });

  it('makes a path that is a file one ungraded row, and grades the others', async () => {
    const out = join(tmp, 'class-file');
    const file = join(repo, 'package.json');
    const r = await run('check', file, reference, broken('one-replica'), '--report-dir', out);
    expect(r.code).toBe(3);
    const rows = await classRows(out);
    expect(rows.get('package.json')?.slice(3, 7)).toEqual(['ungraded', '', '', '']);
    expect(rows.get('reference')?.slice(3, 6)).toEqual(['graded', '23', '23']);
    expect(rows.get('one-replica')?.slice(3)).toEqual(['graded', '22', '23', 'deployment.replicas']);
    const own = parseGradeResult(await readFile(join(out, 'package.json', 'results.json'), 'utf8'));
    expect(own).toMatchObject({ status: 'ungraded', score: null, maxScore: null, checks: [] });
    expect(own.status === 'ungraded' && own.error).toEqual({
      step: 'read',
      message: expect.stringContaining('not a directory'),
    });
    expect(r.stdout).toMatch(/^‼ not graded: read: submission path is not a directory/m);
    expect(await readFile(join(out, 'class.md'), 'utf8')).toContain(
      '**ungraded**: read: submission path is not a directory',
    );
  });

  it('reads a roster (paths relative to it, names from it, commit kept) and grades one shard of it', async () => {
    const dir = join(tmp, 'roster');
    await mkdir(dir, { recursive: true });
    await cp(reference, join(dir, 'subs', 'ref'), { recursive: true });
    await cp(broken('wrong-image'), join(dir, 'subs', 'img'), { recursive: true });
    await writeFile(
      join(dir, 'roster.csv'),
      'student,path,commit\nIvanova A.,subs/ref,abc123\nPetrov,subs/img,\nSidorov,subs/missing,\n',
    );
    const out = join(tmp, 'roster-out');
    const all = await run('check', '--roster', join(dir, 'roster.csv'), '--report-dir', out);
    expect(all.code).toBe(3);
    const rows = await classRows(out);
    expect([...rows.keys()]).toEqual(['Ivanova_A', 'Petrov', 'Sidorov']);
    expect(rows.get('Ivanova_A')?.slice(2, 6)).toEqual(['abc123', 'graded', '23', '23']);
    expect(rows.get('Petrov')?.slice(3)).toEqual(['graded', '22', '23', 'deployment.image']);
    expect(rows.get('Sidorov')?.[3]).toBe('ungraded');

    const shardOut = join(tmp, 'roster-shard');
    const shard = await run(
      'check',
      '--roster',
      join(dir, 'roster.csv'),
      '--shard',
      '2/2',
      '--report-dir',
      shardOut,
    );
    expect(shard.code).toBe(1);
    expect([...(await classRows(shardOut)).keys()]).toEqual(['Petrov']);
  });

  it('refuses one-submission formats, and paths with a roster, as bad usage before grading', async () => {
    for (const format of ['classroom', 'gradescope']) {
      const r = await run('check', reference, broken('one-replica'), '--format', format);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`--format ${format} describes one submission`);
    }
    expect((await run('check', reference, '--roster', 'x.csv')).code).toBe(2);
    expect((await run('check', reference, reference, '--jobs', 'many')).code).toBe(2);
    expect((await run('check', reference, '--shard', '3/2')).code).toBe(2);
    expect((await run('check', '--roster', join(tmp, 'no-roster.csv'))).stderr).toContain(
      'cannot read roster',
    );
  });
});

describe('lab-grader check --format classroom | gradescope', () => {
  it('classroom: decodes as the Classroom reporter decodes it, and its points add up to the score', async () => {
    const dir = join(tmp, 'gha-classroom');
    await mkdir(dir, { recursive: true });
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    };
    const r = await runWith(env, 'check', broken('host-bits-cidr'), '--format', 'classroom');
    expect(r.code).toBe(1);
    const json = parseGradeResult((await run('check', broken('host-bits-cidr'), '--format', 'json')).stdout);
    if (json.status !== 'graded') throw new Error('not graded');
    const printed = JSON.parse(r.stdout) as ClassroomResult;
    const outputs = Object.fromEntries(
      (await readFile(env.GITHUB_OUTPUT, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    // autograding-grading-reporter src/main.js: Buffer.from(value, 'base64').toString('utf-8'), JSON.parse.
    const decoded = JSON.parse(
      Buffer.from(outputs.result ?? '', 'base64').toString('utf-8'),
    ) as ClassroomResult;
    expect(decoded).toEqual(printed);
    expect(decoded.tests.reduce((sum, t) => sum + t.score, 0)).toBe(json.score);
    expect(decoded.max_score).toBe(json.maxScore);
    expect(decoded.status).toBe('fail');
    expect(outputs).toMatchObject({
      score: String(json.score),
      'max-score': String(json.maxScore),
      status: 'fail',
    });
    // The annotations went to stderr: stdout is the JSON alone.
    expect(r.stderr).toMatch(/^::error file=.*title=pools\.cidr-valid::/m);
  });

  it('gradescope: validates against the spec schema, and --report-dir also writes gradescope.json', async () => {
    const out = join(tmp, 'gradescope');
    const r = await run('check', broken('one-replica'), '--format', 'gradescope', '--report-dir', out);
    expect(r.code).toBe(1);
    const printed = JSON.parse(r.stdout);
    expect(gradescopeSchemas().results.safeParse(printed).success).toBe(true);
    expect(printed.score).toBe(22);
    expect(JSON.parse(await readFile(join(out, 'gradescope.json'), 'utf8'))).toEqual(printed);
    expect(parseGradeResult(await readFile(join(out, 'results.json'), 'utf8')).status).toBe('graded');
  });
});

describe('lab-grader check in GitHub Actions', () => {
  const EVIL = '::add-mask::x %0A ::stop-commands::tok ##[group] <img src=x onerror=alert(1)>';

  /** A copy of the reference with EVIL (and line breaks) in every place a student writes text. */
  async function hostileRepo(): Promise<string> {
    const root = join(tmp, 'gha-hostile');
    await rm(root, { recursive: true, force: true });
    await mkdir(join(root, '.git'), { recursive: true });
    const dir = join(root, 'lab4');
    await cp(reference, dir, { recursive: true });
    const pools = await readFile(join(dir, 'ippool.yaml'), 'utf8');
    await writeFile(
      join(dir, 'ippool.yaml'),
      pools.replace('name: rack-0-ippool', `name: ${JSON.stringify(`\n${EVIL}\n${EVIL}`)}`),
    );
    const deployment = await readFile(join(dir, 'deployment.yaml'), 'utf8');
    await writeFile(
      join(dir, 'deployment.yaml'),
      deployment.replace('"ivanova-as"', JSON.stringify(`\n${EVIL}\r\n${EVIL}`)),
    );
    const report = await readFile(join(dir, 'lab4_report.md'), 'utf8');
    await writeFile(
      join(dir, 'lab4_report.md'),
      report
        .replace(/^Group: .*$/m, `Group: ${EVIL}`)
        .replace(/^Author: .*$/m, `Author: ${EVIL}`)
        .replace('kubectl label nodes minikube rack=0', `kubectl label nodes minikube 'rack=${EVIL}'`),
    );
    await writeFile(join(dir, `evil\n${EVIL}.yaml`.replaceAll('/', '_')), `kind: [unclosed\n${EVIL}\n`);
    await writeFile(
      join(dir, 'evil2.yaml'),
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: ${EVIL}\n`,
    );
    return dir;
  }

  const ALLOWED_TAGS = new Set(['details', 'summary', 'code', 'br', 'pre']);

  it.each(['console', 'json'])(
    "with --format %s: only the grader's one-line annotations act, the summary has no raw HTML, the outputs no extra keys",
    async (format) => {
      const dir = await hostileRepo();
      const files = join(tmp, `gha-files-${format}`);
      await rm(files, { recursive: true, force: true });
      await mkdir(files, { recursive: true });
      const env = {
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: join(files, 'output'),
        GITHUB_STEP_SUMMARY: join(files, 'summary.md'),
      };
      const r = await runWith(env, 'check', dir, '--format', format, '--report-dir', join(files, 'reports'));
      expect(r.code).toBe(1);
      const [commands, other] = format === 'console' ? [r.stdout, r.stderr] : [r.stderr, r.stdout];
      const acting = (text: string) =>
        text.split(/\r\n|\r|\n/).filter((l) => l.trimStart().startsWith('::') || l.includes('##['));
      const annotations = acting(commands);
      expect(annotations.length).toBeGreaterThan(0);
      for (const line of annotations)
        expect(line).toMatch(
          /^::(error|warning) (file=lab4\/[^,:]+,(line=\d+,)?(col=\d+,)?)?title=[a-z]+\.[a-z-]+::[^\r\n]*$/,
        );
      expect(annotations.some((l) => l.startsWith('::error file=lab4/evil'))).toBe(true);
      expect(acting(other)).toEqual([]);
      expect(
        acting(
          commands
            .split('\n')
            .filter((l) => !annotations.includes(l))
            .join('\n'),
        ),
      ).toEqual([]);

      const summary = await readFile(env.GITHUB_STEP_SUMMARY, 'utf8');
      expect(acting(summary)).toEqual([]);
      expect(summary).not.toMatch(/<img/i);
      const tags = [...summary.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => (m[1] as string).toLowerCase());
      expect(tags.filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);

      const outputLines = (await readFile(env.GITHUB_OUTPUT, 'utf8')).trimEnd().split('\n');
      expect(outputLines.map((l) => l.slice(0, l.indexOf('=')))).toEqual([
        'score',
        'max-score',
        'status',
        'result',
      ]);
      expect(outputLines[2]).toBe('status=fail');
    },
  );
});

describe('lab-grader --version and --help', () => {
  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as { version: string };
    const r = await run('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('lists the exit codes, the two maxima and every LAB_ variable the code reads', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const code of ['0', '1', '2', '3']) expect(r.stdout).toMatch(new RegExp(`^  ${code}  `, 'm'));
    expect(r.stdout).toContain('out of 23');
    expect(r.stdout).toContain('out of 41');
    const { stdout: grep } = await execa(
      'grep',
      ['-rhoE', String.raw`(env\.|['"])LAB_[A-Z_]+`, 'src', 'scenarios'],
      {
        cwd: repo,
        reject: false,
      },
    );
    const inCode = new Set(
      grep
        .split('\n')
        .filter(Boolean)
        .map((m) => m.replace(/^(env\.|['"])/, '')),
    );
    expect(inCode.size).toBeGreaterThan(10);
    const listed = new Set(ENVIRONMENT.map(([name]) => name));
    expect([...inCode].filter((name) => !listed.has(name))).toEqual([]);
    for (const name of listed) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('honours NO_COLOR over FORCE_COLOR in check and evaluate', async () => {
    const colored = await runWith({ FORCE_COLOR: '1' }, 'check', reference);
    expect(colored.stdout).toContain('\u001b[');
    const plain = await runWith({ FORCE_COLOR: '1', NO_COLOR: '1' }, 'check', reference);
    expect(plain.stdout).not.toContain('\u001b[');
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
