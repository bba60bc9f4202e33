/**
 * The OCR engine runs from an esbuild bundle as the CLI does (bin/lib/compiled.mjs: same options,
 * same external packages): tesseract.js finds its worker script and wasm core in node_modules, and
 * the traineddata package is found from the bundle's folder. No network: the model is read from npm's
 * @tesseract.js-data/eng.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importEntry } from '../../bin/lib/compiled.mjs';
import type { readScreenshots } from './index.ts';

const ROOT = path.join(import.meta.dirname, '../..');
mkdirSync(path.join(ROOT, 'node_modules/.cache'), { recursive: true });
const work = mkdtempSync(path.join(ROOT, 'node_modules/.cache/ocr-compiled-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the OCR engine from a bundle', () => {
  it('reads a screenshot with tesseract.js and sharp left external', async () => {
    const cacheDir = path.join(work, 'build');
    const mod = await importEntry('ocr', { entries: { ocr: 'src/ocr/index.ts' }, cacheDir });
    const bundled = readdirSync(cacheDir).find((d) => d.startsWith('build-'));
    expect(bundled).toBeDefined();
    const lab = path.join(work, 'lab');
    mkdirSync(lab);
    copyFileSync(
      path.join(ROOT, 'fixtures/screenshots/delete-light-mono-2x.png'),
      path.join(lab, 'delete.png'),
    );
    const read = mod.readScreenshots as typeof readScreenshots;
    const [r] = await read(lab, lab, '', { jobs: 1, cacheDir: false });
    expect(r?.lines.map((l) => l.text.replace(/\s+/g, ' '))).toEqual([
      '$ calicoctl delete ippool default-ipv4-ippool',
      "Successfully deleted 1 'IPPool' resource(s)",
    ]);
  }, 120_000);
});
