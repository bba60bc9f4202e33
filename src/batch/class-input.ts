import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ClassSubmission } from './class-run.ts';
import { studentNamesFromPaths } from './names.ts';
import { parseRoster, RosterError } from './roster.ts';
import { type Shard, selectShard } from './shard.ts';

/** Where a class comes from: paths on the command line, or a roster CSV. */
export type ClassSource = { paths: readonly string[] } | { roster: string };

/**
 * The submissions of a class (or of one shard of it), in roster or argument order. Names are made
 * safe and unique over the whole class before sharding, so every shard names a student alike. A
 * roster's paths are relative to the roster's folder. Throws RosterError for a roster that cannot be
 * read or parsed (bad usage: nothing is graded).
 */
export async function classSubmissions(source: ClassSource, shard?: Shard): Promise<ClassSubmission[]> {
  const all = 'roster' in source ? await fromRoster(source.roster) : fromPaths(source.paths);
  return shard ? selectShard(all, shard).map(({ item }) => item) : all;
}

function fromPaths(paths: readonly string[]): ClassSubmission[] {
  const names = studentNamesFromPaths(paths);
  return paths.map((path, i) => ({ student: names[i] as string, path }));
}

async function fromRoster(file: string): Promise<ClassSubmission[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new RosterError(`cannot read roster ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let entries: ReturnType<typeof parseRoster>;
  try {
    entries = parseRoster(text);
  } catch (e) {
    if (e instanceof RosterError) throw new RosterError(`roster ${file}: ${e.message}`);
    throw e;
  }
  const base = dirname(resolve(file));
  return entries.map((e) => ({
    student: e.student,
    path: resolve(base, e.path),
    ...(e.repo ? { repo: e.repo } : {}),
    ...(e.commit ? { commit: e.commit } : {}),
  }));
}
