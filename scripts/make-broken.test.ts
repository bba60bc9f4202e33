import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BROKEN = join(ROOT, 'fixtures/submissions/broken');

it('scripts/make-broken.mjs regenerates fixtures/submissions/broken byte for byte', async () => {
  const out = await mkdtemp(join(tmpdir(), 'make-broken-'));
  try {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/make-broken.mjs'), '--out', out], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const variants = (await readdir(BROKEN)).sort();
    expect((await readdir(out)).sort()).toEqual(variants);
    for (const variant of variants) {
      const files = (await readdir(join(BROKEN, variant))).sort();
      expect((await readdir(join(out, variant))).sort()).toEqual(files);
      for (const file of files)
        expect(await readFile(join(out, variant, file)), `${variant}/${file}`).toEqual(
          await readFile(join(BROKEN, variant, file)),
        );
    }
    expect(run.stdout).toContain(`wrote ${variants.length} variants`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
