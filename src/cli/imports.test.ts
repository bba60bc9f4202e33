/**
 * The CLI never loads vitest: `grade` runs the live engine in its own process, and `check`,
 * `evaluate` and `--help` have no use for it. Checked on the import graph esbuild resolves from the
 * CLI's entry (static and dynamic imports alike), which is what bin/lab-grader.js runs.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const fromTsx = createRequire(createRequire(join(ROOT, 'package.json')).resolve('tsx/package.json'));
const esbuild = fromTsx('esbuild') as typeof import('esbuild');

describe('the lab-grader CLI', () => {
  it('imports no vitest module, statically or dynamically', async () => {
    const { metafile } = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: ['src/cli/main.ts'],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      outdir: 'out',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const packages = new Set(
      Object.values(metafile.outputs)
        .flatMap((o) => o.imports)
        .filter((i) => i.external)
        .map((i) =>
          i.path
            .split('/')
            .slice(0, i.path.startsWith('@') ? 2 : 1)
            .join('/'),
        ),
    );
    expect(packages.has('@kubernetes/client-node')).toBe(true); // the graph is really walked
    expect([...packages].filter((p) => p.startsWith('vitest') || p.startsWith('@vitest'))).toEqual([]);
  });
});
