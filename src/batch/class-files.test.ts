import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { unsafeLines } from '../report/safe-text.ts';
import { makeResult } from '../testing/result-builder.ts';
import { childElements, findAll, parseXml } from '../testing/xml-parser.ts';
import {
  CLASS_CSV_COLUMNS,
  type ClassEntry,
  classCsv,
  classJUnit,
  classMarkdown,
  mergeClassCsv,
  spreadsheetSafe,
  writeClassFiles,
} from './class-files.ts';
import { parseCsv } from './csv.ts';
import { type BatchRow, rowFromError, rowFromResult } from './row.ts';

const HEADER = 'student,submission,commit,status,score,maxScore,failed\r\n';

function graded(student: string, checks: Parameters<typeof makeResult>[0], commit?: string): ClassEntry {
  const result = makeResult(checks, { submission: `subs/${student}/lab4` });
  return { row: rowFromResult({ student, submission: `subs/${student}/lab4`, commit }, result), result };
}

function ungraded(student: string, message: string, step?: string): ClassEntry {
  const err = Object.assign(new Error(message), step ? { step } : {});
  return { row: rowFromError({ student, submission: `subs/${student}` }, err) };
}

const alice = graded(
  'alice',
  [
    { id: 'pools.defined', maxPoints: 2 },
    { id: 'pools.cidr-valid', status: 'fail', maxPoints: 2 },
    { id: 'service.lb-spread', status: 'error', maxPoints: 1 },
  ],
  '0123abc',
);
const bob = graded('bob', [
  { id: 'pools.defined', maxPoints: 2 },
  { id: 'pools.cidr-valid', maxPoints: 2 },
  { id: 'service.lb-spread', maxPoints: 1 },
]);
const carol = ungraded('carol', 'minikube start failed', 'cluster');

describe('classCsv', () => {
  it('has exactly the documented columns, one CRLF line per student', () => {
    expect(CLASS_CSV_COLUMNS.join(',')).toBe('student,submission,commit,status,score,maxScore,failed');
    expect(classCsv([alice.row, bob.row, carol.row])).toBe(
      `${HEADER}alice,subs/alice/lab4,0123abc,graded,2,5,pools.cidr-valid service.lb-spread\r\n` +
        'bob,subs/bob/lab4,,graded,5,5,\r\n' +
        'carol,subs/carol,,ungraded,,,\r\n',
    );
  });

  it('quotes fields per RFC 4180 and neutralises spreadsheet formulas', () => {
    const row: BatchRow = {
      student: '=HYPERLINK("http://evil","x")',
      submission: 'subs/a, b\nc',
      status: 'graded',
      score: 1.5,
      maxScore: 2,
      failed: [],
      exitCode: 1,
    };
    const text = classCsv([
      row,
      { ...row, student: '@SUM(A1)' },
      { ...row, student: '-2+3' },
      { ...row, student: '\tx' },
    ]);
    const fields = parseCsv(text)
      .slice(1)
      .map((r) => r.fields);
    expect(fields.map((f) => f[0])).toEqual([
      '\'=HYPERLINK("http://evil","x")',
      "'@SUM(A1)",
      "'-2+3",
      "'\tx",
    ]);
    expect(fields[0]?.[1]).toBe('subs/a, b\nc');
    expect(fields[0]?.[4]).toBe('1.5');
  });

  it('property: every field reads back as written, none can start a formula', () => {
    const text = fc.string({
      unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ',', '"', 'a', ' ', 'Я'),
    });
    const row = fc.record({ student: text, submission: text, commit: fc.option(text, { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), (ids) => {
        const rows = ids.map((id) => ({ ...rowFromResult(id, makeResult([])), commit: id.commit }));
        const records = parseCsv(classCsv(rows));
        expect(records[0]?.fields).toEqual([...CLASS_CSV_COLUMNS]);
        records.slice(1).forEach((r, i) => {
          expect(r.fields).toHaveLength(CLASS_CSV_COLUMNS.length);
          expect(r.fields[0]).toBe(spreadsheetSafe(rows[i]?.student ?? ''));
          for (const f of r.fields) expect(f).not.toMatch(/^[=+\-@\t\r]/);
        });
      }),
    );
  });
});

describe('mergeClassCsv', () => {
  const shard1 = classCsv([carol.row, alice.row]);
  const shard2 = classCsv([bob.row]);

  it('merges shards into one file sorted by student, with the class exit code', () => {
    const merged = mergeClassCsv([
      { source: 'shard-1/class.csv', text: shard1 },
      { source: 'shard-2/class.csv', text: shard2 },
    ]);
    expect(merged.text).toBe(classCsv([alice.row, bob.row, carol.row]));
    expect(merged.students).toBe(3);
    expect(merged.exitCode).toBe(3);
    expect(mergeClassCsv([{ source: 'b', text: shard2 }]).exitCode).toBe(0);
    expect(mergeClassCsv([{ source: 'a', text: classCsv([alice.row]) }]).exitCode).toBe(1);
  });

  it('keeps already neutralised fields as they are (no double apostrophe)', () => {
    const hostile = { ...bob.row, student: '=cmd' };
    const merged = mergeClassCsv([{ source: 'x', text: classCsv([hostile]) }]);
    expect(merged.text).toBe(classCsv([hostile]));
  });

  it('rejects a file whose header differs, naming it', () => {
    expect(() =>
      mergeClassCsv([
        { source: 'shard-1/class.csv', text: shard1 },
        { source: 'shard-2/class.csv', text: 'student,score\r\nbob,5\r\n' },
      ]),
    ).toThrow(
      /^shard-2\/class.csv: the header is "student,score", expected "student,submission,commit,status,score,maxScore,failed"$/,
    );
    expect(() => mergeClassCsv([{ source: 'empty.csv', text: '' }])).toThrow(/empty.csv: the header is ""/);
    expect(() => mergeClassCsv([])).toThrow(/no class.csv files/);
  });

  it('rejects a student found in two shards and a short row, naming file and line', () => {
    expect(() =>
      mergeClassCsv([
        { source: 'a.csv', text: shard1 },
        { source: 'b.csv', text: classCsv([alice.row]) },
      ]),
    ).toThrow('b.csv: line 2: student alice is also in a.csv line 3');
    expect(() => mergeClassCsv([{ source: 'c.csv', text: `${HEADER}x,y\r\n` }])).toThrow(
      'c.csv: line 2 has 2 fields, expected 7',
    );
    expect(() => mergeClassCsv([{ source: 'd.csv', text: `${HEADER}"x\r\n` }])).toThrow(
      /^d.csv: line 2: a quoted field is never closed/,
    );
  });

  it('accepts a BOM and a missing final line end (a file edited in a spreadsheet)', () => {
    const edited = `\uFEFF${shard2.replace(/\r\n$/, '')}`;
    expect(mergeClassCsv([{ source: 'e', text: edited }]).text).toBe(shard2);
  });

  it('property: the merge does not depend on the order of the files', () => {
    const names = fc.uniqueArray(
      fc.string({ unit: fc.constantFrom('a', 'B', 'c', '"', ',', 'é'), minLength: 1 }),
      {
        maxLength: 12,
      },
    );
    fc.assert(
      fc.property(names, fc.integer({ min: 1, max: 4 }), (students, n) => {
        const rows = students.map((s) => ({ ...bob.row, student: s }));
        const files = Array.from({ length: n }, (_, i) => ({
          source: `shard-${i + 1}`,
          text: classCsv(rows.filter((_, k) => k % n === i)),
        }));
        const merged = mergeClassCsv(files).text;
        expect(mergeClassCsv([...files].reverse()).text).toBe(merged);
        expect(parseCsv(merged).length).toBe(students.length + 1);
      }),
    );
  });
});

describe('classMarkdown', () => {
  it('tables students, then each check pass rate over graded students', () => {
    const md = classMarkdown([alice, bob, carol]);
    expect(md).toContain('3 student(s): 2 graded, 1 ungraded; mean score 3.5 / 5.');
    expect(md).toContain('| alice | graded | 2 / 5 | pools.cidr-valid, service.lb-spread |');
    expect(md).toContain('| bob | graded | 5 / 5 |  |');
    expect(md).toContain('| carol | **ungraded**: cluster: minikube start failed | — |  |');
    expect(md).toContain('| pools.defined | 2 / 2 | 100% |');
    expect(md).toContain('| pools.cidr-valid | 1 / 2 | 50% |');
    expect(md).toContain('| service.lb-spread | 1 / 2 | 50% |');
  });

  it('counts an unverified skip as not passed and a neutral skip as passed', () => {
    const dave = graded('dave', [
      { id: 'labels.match-pools', status: 'skip', maxPoints: 3 },
      { id: 'pods.shown', status: 'skip', maxPoints: 0 },
    ]);
    const md = classMarkdown([dave]);
    expect(md).toContain('| labels.match-pools | 0 / 1 | 0% |');
    expect(md).toContain('| pods.shown | 1 / 1 | 100% |');
  });

  it('rates the given check ids; rows without results count what did not fail', () => {
    const md = classMarkdown([{ row: alice.row }, { row: bob.row }], ['pools.defined', 'pools.cidr-valid']);
    expect(md).toContain('| pools.defined | 2 / 2 | 100% |');
    expect(md).toContain('| pools.cidr-valid | 1 / 2 | 50% |');
    expect(md).not.toContain('| service.lb-spread |');
  });

  it('renders hostile student text inert: no HTML, no mention, no table break, no command', () => {
    const hostile = ungraded(
      'eve',
      '<img src=x onerror=alert(1)> @octocat | x\n::add-mask::secret\n  ::stop-commands::t ##[set-output name=x]%0A',
    );
    hostile.row.student = '<script>@team|';
    const md = classMarkdown([hostile, bob]);
    const line = md.split('\n').find((l) => l.includes('script')) ?? '';
    expect(
      line.startsWith('| &lt;script&gt;@&#8203;team\\| | **ungraded**: &lt;img src=x onerror=alert(1)&gt;'),
    ).toBe(true);
    expect(line.split(/(?<!\\)\|/)).toHaveLength(6);
    expect(md).not.toMatch(/<img|<script|@octocat|@team/);
    expect(unsafeLines(md)).toEqual([]);
  });

  it('says so when nobody was graded', () => {
    const md = classMarkdown([carol]);
    expect(md).toContain('1 student(s): 0 graded, 1 ungraded.');
    expect(md).not.toContain('Pass rate');
  });
});

describe('classJUnit', () => {
  it('has one testsuite per student and one testcase per check; ungraded is one error', () => {
    const doc = parseXml(classJUnit([alice, bob, carol]));
    const suites = findAll(doc, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['alice', 'bob', 'carol']);
    expect(childElements(suites[0]!, 'testcase').map((t) => t.attrs.name)).toEqual([
      'pools.defined: pools.defined',
      'pools.cidr-valid: pools.cidr-valid',
      'service.lb-spread: service.lb-spread',
    ]);
    expect(suites[0]?.attrs).toMatchObject({ tests: '3', failures: '1', errors: '1' });
    expect(suites[1]?.attrs).toMatchObject({ tests: '3', failures: '0', errors: '0' });
    const carolCases = childElements(suites[2]!, 'testcase');
    expect(carolCases).toHaveLength(1);
    expect(carolCases[0]?.attrs.name).toBe('grading');
    expect(childElements(carolCases[0]!, 'error')[0]?.attrs).toMatchObject({
      message: 'cluster: minikube start failed',
      type: 'Ungraded',
    });
    const props = findAll(suites[0]!, 'property').map((p) => [p.attrs.name, p.attrs.value]);
    expect(props).toEqual(
      expect.arrayContaining([
        ['submission', 'subs/alice/lab4'],
        ['commit', '0123abc'],
        ['score', '2'],
        ['maxScore', '5'],
      ]),
    );
  });

  it('falls back to the failing ids for a graded row without a result', () => {
    const doc = parseXml(classJUnit([{ row: alice.row }]));
    expect(findAll(doc, 'testcase').map((t) => t.attrs.name)).toEqual([
      'pools.cidr-valid',
      'service.lb-spread',
    ]);
    expect(findAll(doc, 'failure')).toHaveLength(2);
  });

  it('stays well-formed and inert with hostile names and messages', () => {
    const eve = ungraded('eve', 'bad \u0000\u001b[31m ]]> <x>\n::add-mask::s ##[group]');
    eve.row.student = 'eve<&"\'>';
    const xml = classJUnit([eve]);
    const doc = parseXml(xml);
    expect(findAll(doc, 'testsuite')[0]?.attrs.name).toBe('eve<&"\'>');
    expect(unsafeLines(xml)).toEqual([]);
  });
});

describe('writeClassFiles', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes class.csv, class.md and junit.xml into OUT, creating it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'class-files-'));
    const out = join(dir, 'nested', 'out');
    const paths = await writeClassFiles(out, [alice, bob, carol]);
    expect(paths).toEqual({
      csv: join(out, 'class.csv'),
      markdown: join(out, 'class.md'),
      junit: join(out, 'junit.xml'),
    });
    expect(await readFile(paths.csv, 'utf8')).toBe(classCsv([alice.row, bob.row, carol.row]));
    expect(await readFile(paths.markdown, 'utf8')).toBe(classMarkdown([alice, bob, carol]));
    expect(await readFile(paths.junit, 'utf8')).toBe(classJUnit([alice, bob, carol]));
  });
});
