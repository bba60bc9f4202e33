import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecord } from './csv.ts';
import { parseRoster, RosterError } from './roster.ts';

function rosterError(text: string): RosterError {
  try {
    parseRoster(text);
  } catch (e) {
    if (e instanceof RosterError) return e;
    throw e;
  }
  throw new Error('expected a RosterError');
}

describe('parseRoster', () => {
  it('reads student and path, with repo and commit when present', () => {
    const roster =
      'student,path,repo,commit\nalice,subs/alice,https://github.com/a/lab,abc123\nbob,subs/bob,,\n';
    expect(parseRoster(roster)).toEqual([
      {
        student: 'alice',
        rosterName: 'alice',
        path: 'subs/alice',
        repo: 'https://github.com/a/lab',
        commit: 'abc123',
        line: 2,
      },
      { student: 'bob', rosterName: 'bob', path: 'subs/bob', line: 3 },
    ]);
  });

  it('takes columns in any order and case, ignores extra columns, a BOM, CRLF and blank lines', () => {
    const roster =
      '\uFEFFEmail, Path ,group,STUDENT\r\na@x.org,subs/a,K4110c,Anna Ivanova\r\n\r\nb@x.org,subs/b,K4111c,Boris\r\n';
    expect(parseRoster(roster).map((e) => [e.student, e.rosterName, e.path, e.line])).toEqual([
      ['Anna_Ivanova', 'Anna Ivanova', 'subs/a', 2],
      ['Boris', 'Boris', 'subs/b', 4],
    ]);
  });

  it('reads quoted fields with commas, quotes and line ends, numbering entries by their first line', () => {
    const roster = 'student,path\n"Smith, John","subs/john ""js"""\n"two\nlines",subs/t\nlast,subs/l\n';
    const entries = parseRoster(roster);
    expect(entries.map((e) => [e.rosterName, e.path, e.line])).toEqual([
      ['Smith, John', 'subs/john "js"', 2],
      ['two\nlines', 'subs/t', 3],
      ['last', 'subs/l', 5],
    ]);
    expect(entries[1]?.student).toBe('two_lines');
  });

  it('makes duplicate names unique in roster order', () => {
    const entries = parseRoster('student,path\nalice,a1\nAlice,a2\nalice,a3\n');
    expect(entries.map((e) => e.student)).toEqual(['alice', 'Alice-2', 'alice-3']);
  });

  it('makes hostile names safe folder names', () => {
    const entries = parseRoster('student,path\n../../etc,x\n"=HYPERLINK(""http://x"")",y\n');
    expect(entries.map((e) => e.student)).toEqual(['etc', 'HYPERLINK_http_x']);
  });

  it('needs a header naming student and path', () => {
    expect(rosterError('').message).toMatch(/empty/);
    const e = rosterError('name,folder\nalice,a\n');
    expect(e.line).toBe(1);
    expect(e.message).toMatch(
      /^line 1: the header row must name the columns student and path \(missing: student, path/,
    );
    expect(rosterError('student,path,Student\n').message).toMatch(/^line 1: .*"student" twice/);
  });

  it('names the line of an entry without a student or path', () => {
    expect(rosterError('student,path\nalice,a\n,b\n').message).toBe(
      'line 3: the student column is empty or missing',
    );
    expect(rosterError('student,path\nalice\n').message).toBe('line 2: the path column is empty or missing');
    expect(rosterError('student,path\nalice,   \n').line).toBe(2);
  });

  it('names the line of a CSV syntax error', () => {
    const e = rosterError('student,path\nalice,a\nbob,"b\n');
    expect(e.line).toBe(3);
    expect(e.message).toBe('line 3: a quoted field is never closed');
  });

  it('property: any names and paths written as CSV read back, in order, with unique safe names', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '/', '.', 'Я', '=') });
    const nonBlank = text.filter((s) => s.trim() !== '');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(nonBlank, nonBlank), { maxLength: 10 }),
        fc.boolean(),
        (rows, pathFirst) => {
          const header = pathFirst ? ['path', 'student'] : ['student', 'path'];
          const csv =
            csvRecord(header) + rows.map(([s, p]) => csvRecord(pathFirst ? [p, s] : [s, p])).join('');
          const entries = parseRoster(csv);
          expect(entries.map((e) => [e.rosterName, e.path])).toEqual(
            rows.map(([s, p]) => [s.trim(), p.trim()]),
          );
          expect(new Set(entries.map((e) => e.student.toLowerCase())).size).toBe(entries.length);
        },
      ),
    );
  });

  it('property: arbitrary text either parses or fails with a RosterError', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('student', 'path', ',', '"', '\n', '\r', 'x') }),
        (text) => {
          try {
            const entries = parseRoster(text);
            for (const e of entries) expect(e.path).not.toBe('');
          } catch (e) {
            expect(e).toBeInstanceOf(RosterError);
          }
        },
      ),
    );
  });
});
