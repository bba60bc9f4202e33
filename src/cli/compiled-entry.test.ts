/**
 * bin/lib/compiled.mjs: an entry runs from its bundle while its sources are unchanged, and an edited
 * source is rebuilt before it runs — never run stale. A throwaway project under node_modules/.cache
 * (so that tsx, and esbuild through it, resolve as in the repository).
 */
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importEntry } from '../../bin/lib/compiled.mjs';

const ROOT = join(import.meta.dirname, '../..');
let project: { root: string; entries: Record<string, string>; cacheDir: string };

beforeAll(async () => {
  await mkdir(join(ROOT, 'node_modules/.cache'), { recursive: true });
  const root = await mkdtemp(join(ROOT, 'node_modules/.cache/compiled-test-'));
  await source(
    join(root, 'main.ts'),
    "import { word } from './word.ts';\nexport const said: string = word;\n",
    60,
  );
  await source(join(root, 'word.ts'), "export const word = 'first';\n", 60);
  project = { root, entries: { main: 'main.ts' }, cacheDir: join(root, 'cache') };
});
afterAll(() => rm(project.root, { recursive: true, force: true }));

/** Writes a source last modified `ageSeconds` ago (a fresh edit is not trusted to a lasting build). */
async function source(file: string, text: string, ageSeconds: number): Promise<void> {
  await writeFile(file, text);
  const t = Date.now() / 1000 - ageSeconds;
  await utimes(file, t, t);
}

const builds = async () => (await readdir(project.cacheDir)).filter((e) => e.startsWith('build-'));

describe('importEntry', () => {
  it('builds once, then runs the same bundle while no source changed', async () => {
    expect((await importEntry('main', project)).said).toBe('first');
    expect(await builds()).toHaveLength(1);
    expect((await importEntry('main', project)).said).toBe('first');
    expect(await builds()).toHaveLength(1);
  });

  it('rebuilds when a source it was built from changed', async () => {
    await source(join(project.root, 'word.ts'), "export const word = 'second';\n", 30);
    expect((await importEntry('main', project)).said).toBe('second');
    expect(await builds()).toHaveLength(2);
    expect((await importEntry('main', project)).said).toBe('second');
    expect(await builds()).toHaveLength(2);
  });

  it('does not keep a build for later runs when a source was edited as it was built', async () => {
    await source(join(project.root, 'word.ts'), "export const word = 'third';\n", 0);
    expect((await importEntry('main', project)).said).toBe('third');
    expect((await importEntry('main', project)).said).toBe('third');
    expect(await builds()).toHaveLength(4);
  });
});
