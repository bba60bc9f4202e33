import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classSubmissions } from './class-input.ts';
import { RosterError } from './roster.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'class-input-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('classSubmissions', () => {
  it('names path submissions after their folders (the repo above a lab folder), safe and unique', async () => {
    const subs = await classSubmissions({ paths: ['subs/alice/lab4', 'other/alice', 'x/junit.xml', 'bob/'] });
    expect(subs).toEqual([
      { student: 'alice', path: 'subs/alice/lab4' },
      { student: 'alice-2', path: 'other/alice' },
      { student: 'junit.xml-2', path: 'x/junit.xml' },
      { student: 'bob', path: 'bob/' },
    ]);
  });

  it("reads a roster, paths relative to the roster's folder, with repo and commit", async () => {
    const roster = join(dir, 'roster.csv');
    await writeFile(
      roster,
      'Student,Path,Repo,Commit,email\nAlice A.,subs/alice,org/alice,abc123,a@x\nbob,/abs/bob,,,\n',
    );
    expect(await classSubmissions({ roster })).toEqual([
      { student: 'Alice_A', path: join(dir, 'subs/alice'), repo: 'org/alice', commit: 'abc123' },
      { student: 'bob', path: '/abs/bob' },
    ]);
  });

  it('takes one shard, named as in the whole class', async () => {
    const paths = ['a/alice', 'b/alice', 'c/carol', 'd/dave', 'e/erin'];
    const names = (await classSubmissions({ paths }, { index: 2, count: 2 })).map((s) => s.student);
    expect(names).toEqual(['alice-2', 'dave']);
    expect(await classSubmissions({ paths: ['a'] }, { index: 2, count: 2 })).toEqual([]);
  });

  it('refuses a roster it cannot read or parse, naming it', async () => {
    await expect(classSubmissions({ roster: join(dir, 'nope.csv') })).rejects.toThrow(
      new RosterError(`cannot read roster ${join(dir, 'nope.csv')}: ENOENT`),
    );
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'name,folder\nalice,a\n');
    await expect(classSubmissions({ roster: bad })).rejects.toThrow(
      /roster .*bad\.csv: line 1: the header row must name/,
    );
  });
});
