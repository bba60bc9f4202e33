/**
 * The CLI never loads vitest: `grade` runs the live engine in its own process, and `check`,
 * `evaluate` and `--help` have no use for it. Checked on the import graph esbuild resolves from the
 * CLI's entry (static and dynamic imports alike), which is what bin/lab-grader.js runs.
 */
import { describe, expect, it } from 'vitest';
import { cliMetafile, packageOf } from '../testing/cli-graph.ts';

describe('the lab-grader CLI', () => {
  it('imports no vitest module, statically or dynamically', async () => {
    const metafile = await cliMetafile();
    const packages = new Set(
      Object.values(metafile.outputs)
        .flatMap((o) => o.imports)
        .filter((i) => i.external)
        .map((i) => packageOf(i.path)),
    );
    expect(packages.has('@kubernetes/client-node')).toBe(true); // the graph is really walked
    expect([...packages].filter((p) => p.startsWith('vitest') || p.startsWith('@vitest'))).toEqual([]);
  });
});
