/**
 * `check --no-ocr`, `check --help` and every run without an image load neither sharp (libvips) nor
 * tesseract.js: the OCR engine imports them dynamically (deps.ts), and nothing on the CLI's start-up
 * path or in `check` imports them statically. Checked on what esbuild bundles, as
 * src/cli/lazy-imports.test.ts does for the CLI entry.
 */
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { cliMetafile, packageOf } from '../testing/cli-graph.ts';

const OCR_PACKAGES = ['sharp', 'tesseract.js', '@tesseract.js-data/eng'];

/** Packages reached by static imports from the output chunk(s) holding `source`. */
function staticPackagesFrom(metafile: Metafile, source: string): { packages: string[]; chunks: number } {
  const outputs = metafile.outputs;
  const starts = Object.keys(outputs).filter((o) => outputs[o]?.inputs[source]);
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const imp of outputs[name]?.imports ?? []) {
      if (imp.kind !== 'import-statement' && imp.kind !== 'require-call') continue;
      if (imp.external) packages.add(packageOf(imp.path));
      else visit(imp.path);
    }
  };
  for (const s of starts) visit(s);
  return { packages: [...packages], chunks: starts.length };
}

describe('the OCR libraries load lazily', () => {
  it('not on the CLI entry, nor with check', async () => {
    const metafile = await cliMetafile();
    for (const source of ['src/cli/main.ts', 'src/cli/check.ts', 'src/cli/grade.ts']) {
      const { packages, chunks } = staticPackagesFrom(metafile, source);
      expect(chunks, source).toBeGreaterThan(0);
      expect(
        packages.filter((p) => OCR_PACKAGES.includes(p)),
        source,
      ).toEqual([]);
    }
  });

  it('not even when the OCR engine itself is imported, only when it reads an image', async () => {
    const metafile = await cliMetafile('src/ocr/index.ts');
    const { packages } = staticPackagesFrom(metafile, 'src/ocr/index.ts');
    expect(packages.filter((p) => OCR_PACKAGES.includes(p))).toEqual([]);
    // …and they are there, dynamically: the test would pass vacuously otherwise.
    const dynamic = Object.values(metafile.outputs).flatMap((o) =>
      o.imports.filter((i) => i.kind === 'dynamic-import' && i.external).map((i) => packageOf(i.path)),
    );
    expect(dynamic).toEqual(expect.arrayContaining(['sharp', 'tesseract.js']));
  });
});
