import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_NAME_BYTES,
  safeStudentName,
  studentNameFromPath,
  studentNamesFromPaths,
  truncateUtf8,
  uniqueStudentNames,
} from './names.ts';

// Hostile characters often, any code point (lone surrogates included) otherwise.
const anyChar = fc.oneof(
  fc.constantFrom(
    '/',
    '\\',
    '.',
    '-',
    '_',
    ' ',
    '\n',
    '\r',
    '\t',
    '\u0000',
    '\u202E',
    '\u200B',
    '\u2028',
    ':',
    '~',
    'a',
    'Я',
  ),
  fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
);
const anyName = fc.string({ unit: anyChar, maxLength: 200 });

describe('safeStudentName', () => {
  it.each([
    ['alice', 'alice'],
    ['Ivanova Anna', 'Ivanova_Anna'],
    ['Иванова Анна Сергеевна', 'Иванова_Анна_Сергеевна'],
    ['../../etc/passwd', 'etc_passwd'],
    ['..\\..\\windows', 'windows'],
    ['.hidden', 'hidden'],
    ['--help', 'help'],
    ['-rf', 'rf'],
    ['a..b', 'a.b'],
    ['trailing.', 'trailing'],
    ['tab\there\nnewline', 'tab_here_newline'],
    ['zero\u200Bwidth\u202Ebidi', 'zerowidthbidi'],
    ['$(rm -rf ~)', 'rm_-rf'],
    ['`whoami`;echo', 'whoami_echo'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['', 'student'],
    ['..', 'student'],
    ['/', 'student'],
    ['@@@', 'student'],
    ['😀 emoji', 'emoji'],
    [
      'AnyaSok__2022_2023-introduction_to_distributed_technologies-k4111c-sokolova_a_a',
      'AnyaSok__2022_2023-introduction_to_distributed_technologies-k4111c-sokolova_a_a',
    ],
  ])('%j → %j', (raw, safe) => {
    expect(safeStudentName(raw)).toBe(safe);
  });

  it('is NFC: the same name typed with combining marks gives the same folder', () => {
    expect(safeStudentName('Jose\u0301')).toBe(safeStudentName('José'));
  });

  it('bounds the length in UTF-8 bytes without splitting a character', () => {
    const name = safeStudentName('Я'.repeat(100));
    expect(Buffer.byteLength(name, 'utf8')).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name).toBe('Я'.repeat(MAX_NAME_BYTES / 2));
    expect(safeStudentName(`a${'Я'.repeat(100)}`)).toBe(`a${'Я'.repeat(MAX_NAME_BYTES / 2 - 1)}`);
  });

  it('property: any input gives a non-empty single path segment that stays inside its parent', () => {
    fc.assert(
      fc.property(anyName, (raw) => {
        const name = safeStudentName(raw);
        expect(name.length).toBeGreaterThan(0);
        expect(Buffer.byteLength(name, 'utf8')).toBeLessThanOrEqual(MAX_NAME_BYTES);
        expect(name).not.toMatch(/[/\\\p{Cc}\p{Cf}\s]/u);
        expect(name).not.toContain('..');
        expect(name).not.toMatch(/^[.-]/);
        expect(name).not.toMatch(/\.$/);
        expect(path.join('/out', name)).toBe(`/out/${name}`);
        expect(path.dirname(path.resolve('/out', name))).toBe('/out');
      }),
    );
  });

  it('property: idempotent (a safe name is its own safe name)', () => {
    fc.assert(
      fc.property(anyName, (raw) => {
        const once = safeStudentName(raw);
        expect(safeStudentName(once)).toBe(once);
      }),
    );
  });
});

describe('uniqueStudentNames', () => {
  it('suffixes later duplicates in input order, case-insensitively', () => {
    expect(uniqueStudentNames(['alice', 'Alice', 'bob', 'alice', 'alice-2'])).toEqual([
      'alice',
      'Alice-2',
      'bob',
      'alice-3',
      'alice-2-2',
    ]);
  });

  it('never takes the name of a class file beside the student folders', () => {
    expect(uniqueStudentNames(['junit.xml', 'Class.CSV', 'class.md', 'class'])).toEqual([
      'junit.xml-2',
      'Class.CSV-2',
      'class.md-2',
      'class',
    ]);
  });

  it('treats names that are only different before sanitising as duplicates', () => {
    expect(uniqueStudentNames(['a/b', 'a\\b', 'a b'])).toEqual(['a_b', 'a_b-2', 'a_b-3']);
  });

  it('keeps a suffixed long name within the byte bound', () => {
    const long = 'x'.repeat(500);
    const [first, second] = uniqueStudentNames([long, long]);
    expect(first).toHaveLength(MAX_NAME_BYTES);
    expect(second).toHaveLength(MAX_NAME_BYTES);
    expect(second?.endsWith('-2')).toBe(true);
  });

  it('property: names are unique (case-folded), safe, and the same for the same input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'A', 'a-2', '', '..', 'b/c', 'b_c', 'x'.repeat(130)), {
          maxLength: 30,
        }),
        (raws) => {
          const names = uniqueStudentNames(raws);
          expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
          for (const n of names) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(MAX_NAME_BYTES);
          expect(uniqueStudentNames(raws)).toEqual(names);
        },
      ),
    );
  });
});

describe('studentNameFromPath', () => {
  it.each([
    ['/subs/alice/lab4', 'alice'],
    ['/subs/alice/Lab 4', 'alice'],
    ['/subs/bob/lab_04_calico', 'bob'],
    ['/subs/bob/лаб4', 'bob'],
    ['/subs/carol', 'carol'],
    ['/subs/carol/', 'carol'],
    ['/subs/labrador', 'labrador'],
    ['/subs/.hidden repo/lab4', 'hidden_repo'],
  ])('%s → %s', (p, name) => {
    expect(studentNameFromPath(p)).toBe(name);
  });

  it('makes the names of several submissions unique, in the order given', () => {
    expect(studentNamesFromPaths(['/a/alice/lab4', '/b/alice/Lab 4', '/c/alice', '/d/bob/lab4'])).toEqual([
      'alice',
      'alice-2',
      'alice-3',
      'bob',
    ]);
  });

  it('resolves a relative path first (`.` is the current folder)', () => {
    expect(studentNameFromPath('.')).toBe(safeStudentName(path.basename(process.cwd())));
  });
});

describe('truncateUtf8', () => {
  it('cuts between code points', () => {
    expect(truncateUtf8('aé😀b', 3)).toBe('aé');
    expect(truncateUtf8('aé😀b', 7)).toBe('aé😀');
  });
});
