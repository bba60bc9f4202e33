import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeResult } from '../testing/result-builder.ts';
import {
  actionOutputs,
  actionStatus,
  annotations,
  appendStepSummary,
  escapeData,
  escapeProperty,
  findLocations,
  formatOutputs,
  STEP_SUMMARY_LIMIT,
  writeOutputs,
} from './github-actions.ts';
import { writeWorkflowCommands } from './output.ts';
import { unsafeLines } from './safe-text.ts';

/*
 * The runner side, as docs/reference-facts.md, github-actions describes actions/runner's
 * ActionCommand.cs: a line is a v2 command when, trimmed at the start, it begins with `::`; the
 * command runs to the next `::`, properties split on `,` and the first `=`; values are un-escaped
 * (%0D %0A, and %3A %2C for properties, %25 last).
 */
function unescapeData(s: string): string {
  return s.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');
}
function unescapeProperty(s: string): string {
  return s
    .replaceAll('%0D', '\r')
    .replaceAll('%0A', '\n')
    .replaceAll('%3A', ':')
    .replaceAll('%2C', ',')
    .replaceAll('%25', '%');
}
interface ParsedCommand {
  command: string;
  props: Record<string, string>;
  data: string;
}
function runnerParse(line: string): ParsedCommand | undefined {
  const text = line.trimStart();
  if (!text.startsWith('::')) return undefined;
  const end = text.indexOf('::', 2);
  if (end < 0) return undefined;
  const head = text.slice(2, end);
  const space = head.indexOf(' ');
  const command = space < 0 ? head : head.slice(0, space);
  const props: Record<string, string> = {};
  if (space >= 0) {
    for (const pair of head.slice(space + 1).split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) props[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { command, props, data: unescapeData(text.slice(end + 2)) };
}

const HOSTILE = [
  '::add-mask::secret',
  '::stop-commands::token',
  '  ::set-output name=status::pass',
  '%0A::add-mask::x',
  'line one\n::error::injected\r\n##[set-output name=x]y',
  '<img src=x onerror=alert(1)>',
  'a:b,c=d%25',
  '\u0085::debug::nel',
];

describe('escapeData / escapeProperty (runner rules, docs/reference-facts.md, github-actions)', () => {
  it('escapes %, CR and LF in data; also : and , in properties', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeData('a:b,c')).toBe('a:b,c');
    expect(escapeProperty('C:\\x,y%\n')).toBe('C%3A\\x%2Cy%25%0A');
  });

  it('escapes an already-escaped sequence so it is read literally', () => {
    expect(escapeData('%0A')).toBe('%250A');
    expect(unescapeData(escapeData('%0A'))).toBe('%0A');
  });

  it('property: the runner un-escapes them back to the original, and they hold no line end', () => {
    const text = fc.string({
      unit: fc.constantFrom('%', '0', 'A', 'D', '3', '2', 'C', ':', ',', '\r', '\n', 'x'),
    });
    fc.assert(
      fc.property(text, (s) => {
        expect(unescapeData(escapeData(s))).toBe(s);
        expect(unescapeProperty(escapeProperty(s))).toBe(s);
        expect(escapeData(s)).not.toMatch(/[\r\n]/);
        expect(escapeProperty(s)).not.toMatch(/[\r\n:,]/);
      }),
    );
  });
});

describe('findLocations', () => {
  it('reads the evidence shapes the static checks use', () => {
    expect(findLocations({ command: 'minikube start', at: 'lab4_report.md:18' })).toEqual([
      { file: 'lab4_report.md', line: 18 },
    ]);
    expect(
      findLocations({
        broken: [{ file: 'service.yaml', message: 'bad', line: 7, col: 1 }],
        findings: [{ severity: 'error', file: 'service.yaml', line: 7, col: 1, message: 'YAML' }],
      }),
    ).toEqual([
      { file: 'service.yaml', line: 7, col: 1 },
      { file: 'service.yaml', line: 7, col: 1 },
    ]);
    expect(
      findLocations({ errors: [{ pool: 'rack-0', at: 'ippool.yaml:1', cidr: '192.168.0.1/24' }] }),
    ).toEqual([{ file: 'ippool.yaml', line: 1 }]);
    expect(findLocations({ problems: ['ippool.yaml:11 rack-1-ippool has no nodeSelector'] })).toEqual([
      { file: 'ippool.yaml', line: 11 },
    ]);
    expect(findLocations({ services: [{ name: 'service.yaml:1 Service lab4-service', ok: false }] })).toEqual(
      [{ file: 'service.yaml', line: 1 }],
    );
  });

  it('ignores what is not a location, and survives odd or deep evidence', () => {
    expect(findLocations(undefined)).toEqual([]);
    expect(findLocations('text')).toEqual([]);
    expect(findLocations({ notShown: true, pools: '192.168.0.0/24, 10.0.0.0/8', file: '' })).toEqual([]);
    expect(findLocations({ file: 'a.yaml', line: -1, col: 1.5 })).toEqual([{ file: 'a.yaml' }]);
    let deep: unknown = { at: 'x.yaml:1' };
    for (let i = 0; i < 100; i += 1) deep = { nested: deep };
    expect(findLocations(deep)).toEqual([]);
    const cyclic: Record<string, unknown> = { at: 'c.yaml:2' };
    cyclic.self = cyclic;
    expect(findLocations(cyclic)[0]).toEqual({ file: 'c.yaml', line: 2 });
  });
});

describe('annotations', () => {
  const repoRoot = '/repo';
  const cwd = '/repo';

  it('annotates a failed check at its file and line, relative to the repository root', () => {
    const result = makeResult(
      [
        { id: 'pools.defined' },
        {
          id: 'pools.cidr-valid',
          status: 'fail',
          message: 'rack-0-ippool: 192.168.0.1/24 is not strictly masked',
          hint: 'Use 192.168.0.0/24.',
          evidence: { errors: [{ pool: 'rack-0-ippool', at: 'ippool.yaml:1' }] },
        },
        { id: 'deployment.replicas', status: 'fail', message: 'no location', evidence: { replicas: 1 } },
      ],
      { submission: 'students/alice/lab4' },
    );
    expect(annotations(result, { repoRoot, cwd })).toEqual([
      '::error file=students/alice/lab4/ippool.yaml,line=1,title=pools.cidr-valid::rack-0-ippool: 192.168.0.1/24 is not strictly masked%0A%0AHint: Use 192.168.0.0/24.',
    ]);
  });

  it('uses the submission path as given: absolute, or relative to cwd', () => {
    const check = { id: 'a.b', status: 'fail' as const, evidence: { at: 'x.yaml:3' } };
    const abs = makeResult([check], { submission: '/repo/lab4' });
    expect(annotations(abs, { repoRoot, cwd: '/elsewhere' })[0]).toMatch(
      /^::error file=lab4\/x.yaml,line=3,/,
    );
    const rel = makeResult([check], { submission: 'lab4' });
    expect(annotations(rel, { repoRoot, cwd: '/repo/sub' })[0]).toMatch(
      /^::error file=sub\/lab4\/x.yaml,line=3,/,
    );
  });

  it('drops a location outside the repository (no file=), keeping the annotation', () => {
    const result = makeResult([{ id: 'a.b', status: 'error', evidence: { at: '../../../etc/passwd:1' } }], {
      submission: 'lab4',
    });
    expect(annotations(result, { repoRoot, cwd })).toEqual(['::error title=a.b::a.b is error']);
  });

  it('gives a column when the evidence has one', () => {
    const result = makeResult(
      [
        {
          id: 'submission.manifests',
          status: 'fail',
          evidence: { broken: [{ file: 's.yaml', line: 7, col: 3 }] },
        },
      ],
      { submission: '.' },
    );
    expect(annotations(result, { repoRoot, cwd })[0]).toMatch(/^::error file=s.yaml,line=7,col=3,title=/);
  });

  it('bounds a long message, cutting between code points', () => {
    const message = `${'x'.repeat(3999)}😀${'y'.repeat(2000)}`;
    const result = makeResult([{ id: 'a.b', status: 'fail', message, evidence: { at: 'x.yaml:1' } }], {
      submission: '.',
    });
    const data = runnerParse(annotations(result, { repoRoot, cwd })[0] as string)?.data;
    expect(data).toBe(`${'x'.repeat(3999)}…`);
  });

  it('emits warnings for the notes checks record, once each', () => {
    const result = makeResult([
      { id: 'pools.no-overlap', evidence: { warnings: ['rack-0 overlaps the service CIDR 10.96.0.0/12'] } },
      {
        id: 'submission.manifests',
        evidence: {
          findings: [
            { severity: 'warning', file: 'a.yaml', line: 2, message: 'duplicate key' },
            { severity: 'warning', file: 'a.yaml', line: 2, message: 'duplicate key' },
            { severity: 'info', file: 'a.yaml', message: 'fyi' },
          ],
        },
      },
    ]);
    expect(annotations(result, { repoRoot, cwd: '/repo/x' })).toEqual([
      '::warning title=pools.no-overlap::rack-0 overlaps the service CIDR 10.96.0.0/12',
      '::warning file=x/alice/a.yaml,line=2,title=submission.manifests::duplicate key',
    ]);
  });

  it('keeps hostile text inside one command: the runner reads back exactly one annotation per line', () => {
    for (const hostile of HOSTILE) {
      const result = makeResult(
        [
          {
            id: 'pools.cidr-valid',
            status: 'fail',
            message: hostile,
            evidence: { at: `${hostile.replace(/[\r\n]/g, '')}.yaml:4` },
          },
          { id: 'pools.no-overlap', evidence: { warnings: [hostile] } },
        ],
        { submission: 'lab4' },
      );
      const lines = annotations(result, { repoRoot, cwd });
      expect(lines).toHaveLength(2);
      const printed = `${lines.join('\n')}\n`;
      // Each is one line; none holds a second command or a legacy `##[` marker.
      expect(printed.split('\n').filter(Boolean)).toHaveLength(2);
      expect(unsafeLines(printed.replace(/^::(error|warning) /gm, 'X '))).toEqual([]);
      expect(() => writeWorkflowCommands({ write: () => undefined }, lines)).not.toThrow();
      const [error, warning] = lines.map(runnerParse);
      expect(error?.command).toBe('error');
      expect(error?.props.title).toBe('pools.cidr-valid');
      expect(error?.props.line).toBe('4');
      expect(warning?.command).toBe('warning');
      expect(error?.data).not.toMatch(/(^|\n)\s*::|##\[/);
    }
  });

  it('shows the student text as written where it is harmless, with `::`/`##[` broken where not', () => {
    const shown = (message: string) => {
      const result = makeResult([{ id: 'a.b', status: 'fail', message, evidence: { at: 'x.yaml:1' } }], {
        submission: '.',
      });
      return runnerParse(annotations(result, { repoRoot, cwd })[0] as string)?.data;
    };
    expect(shown('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    expect(shown('a:b,c=d%25 %0A')).toBe('a:b,c=d%25 %0A');
    expect(shown('two\r\nlines')).toBe('two\nlines');
    expect(shown('::add-mask::secret')).toBe('\\x3a:add-mask::secret');
    expect(shown('ok\n  ::stop-commands::t')).toBe('ok\n  \\x3a:stop-commands::t');
    expect(shown('x ##[group]y')).toBe('x ##\\x5bgroup]y');
    expect(shown('bell\u0007')).toBe('bell\\x07');
  });

  it('property: any message or file name gives lines the runner reads as the intended commands only', () => {
    const text = fc.string({
      unit: fc.constantFrom(':', ',', '%', '\n', '\r', '#', '[', ' ', 'a', '=', '\u0085', '/'),
    });
    fc.assert(
      fc.property(text, text, (message, file) => {
        const result = makeResult(
          [{ id: 'x.y', status: 'fail', message, evidence: { broken: [{ file: `${file}.yaml`, line: 1 }] } }],
          { submission: 'lab4' },
        );
        const lines = annotations(result, { repoRoot, cwd });
        expect(lines).toHaveLength(1);
        const line = lines[0] as string;
        expect(line).not.toMatch(/[\r\n\u0085]|##\[/);
        expect(runnerParse(line)?.command).toBe('error');
        expect(runnerParse(line)?.props.title).toBe('x.y');
      }),
    );
  });
});

describe('appendStepSummary / writeOutputs', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gha-'));
    env = { GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), GITHUB_OUTPUT: join(dir, 'output') };
    await writeFile(env.GITHUB_STEP_SUMMARY as string, '');
    await writeFile(env.GITHUB_OUTPUT as string, '');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

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
      const name = line.slice(0, heredoc);
      const delim = line.slice(heredoc + 2);
      const value: string[] = [];
      for (i += 1; lines[i] !== delim; i += 1) {
        if (i >= lines.length) throw new Error(`unterminated ${name}`);
        value.push(lines[i] as string);
      }
      out[name] = value.join('\n');
    }
    return out;
  }

  it('appends Markdown to $GITHUB_STEP_SUMMARY, with a final newline', async () => {
    expect(await appendStepSummary('# one', { env })).toBe(true);
    expect(await appendStepSummary('two\n', { env })).toBe(true);
    expect(await readFile(env.GITHUB_STEP_SUMMARY as string, 'utf8')).toBe('# one\ntwo\n');
  });

  it('does nothing outside GitHub Actions', async () => {
    expect(await appendStepSummary('x', { env: {} })).toBe(false);
    expect(await writeOutputs({ score: 1, 'max-score': 2, status: 'fail' }, { env: {} })).toBe(false);
  });

  it('cuts a summary that would pass the 1 MiB limit on a line end, saying so', async () => {
    await writeFile(env.GITHUB_STEP_SUMMARY as string, 'x'.repeat(1000));
    const big = `${'| row | é |\n'.repeat(120_000)}`;
    await appendStepSummary(big, { env });
    const text = await readFile(env.GITHUB_STEP_SUMMARY as string, 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    expect(text).toMatch(/\| row \| é \|\n\n_\(summary cut: GitHub limits a step summary to 1 MiB/);
  });

  it('writes score, max-score, status and the classroom result as the runner reads them', async () => {
    const result = makeResult([
      { id: 'a.b', maxPoints: 2 },
      { id: 'c.d', status: 'fail' },
    ]);
    expect(await writeOutputs(actionOutputs(result, 'eyJ2ZXJzaW9uIjoxfQ=='), { env })).toBe(true);
    const text = await readFile(env.GITHUB_OUTPUT as string, 'utf8');
    expect(text).toBe('score=2\nmax-score=3\nstatus=fail\nresult=eyJ2ZXJzaW9uIjoxfQ==\n');
    expect(readOutputs(text)).toEqual({
      score: '2',
      'max-score': '3',
      status: 'fail',
      result: 'eyJ2ZXJzaW9uIjoxfQ==',
    });
  });

  it('puts a multi-line value in a delimiter block that the value cannot close', async () => {
    const hostile = 'line\nghadelimiter_1\nstatus=pass\n::add-mask::x';
    const delims = ['ghadelimiter_1', 'ghadelimiter_2'];
    await writeOutputs(
      { score: 0, 'max-score': 1, status: 'error', note: hostile },
      { env, delimiter: () => delims.shift() ?? 'z' },
    );
    const text = await readFile(env.GITHUB_OUTPUT as string, 'utf8');
    expect(text).toContain('note<<ghadelimiter_2\n');
    expect(readOutputs(text)).toEqual({ score: '0', 'max-score': '1', status: 'error', note: hostile });
  });

  it('property: any values read back unchanged, and no value sets another output', () => {
    const value = fc.string({
      unit: fc.constantFrom('a', '=', '<', '\n', 'E', 'O', 'F', 'ghadelimiter_', ' '),
    });
    fc.assert(
      fc.property(value, value, (a, b) => {
        const text = formatOutputs({ status: a, other: b });
        expect(readOutputs(text)).toEqual({ status: a, other: b });
      }),
    );
  });

  it('refuses an invalid output name and a delimiter source that cannot avoid the value', () => {
    expect(() => formatOutputs({ 'bad name': 'x' })).toThrow(/invalid output name/);
    expect(() => formatOutputs({ x: 'a\nSAME' }, () => 'SAME')).toThrow(/no delimiter/);
  });

  it('reports status pass, fail or error from the exit code', () => {
    expect(actionStatus(makeResult([{ id: 'a.b' }]))).toBe('pass');
    expect(actionStatus(makeResult([{ id: 'a.b', status: 'fail' }]))).toBe('fail');
    expect(actionStatus(makeResult([{ id: 'a.b', status: 'error' }]))).toBe('error');
    expect(actionOutputs(makeResult([]))).toEqual({ score: 0, 'max-score': 0, status: 'pass' });
  });
});

describe('on a real static grade', () => {
  it('points a broken fixture at the manifest line', async () => {
    const { gradeStatic } = await import('../grade/static.ts');
    const { loadRubric } = await import('../rubric/rubric.ts');
    const fixture = 'fixtures/submissions/broken/host-bits-cidr';
    const result = await gradeStatic(fixture, await loadRubric());
    const lines = annotations(result, { repoRoot: resolve('.') });
    expect(
      lines.some((l) => l.startsWith(`::error file=${fixture}/ippool.yaml,line=1,title=pools.cidr-valid::`)),
    ).toBe(true);
  });
});
