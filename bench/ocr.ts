import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { createOcrEngine, type ScreenshotRead } from '../src/ocr/index.ts';

const ROOT = path.join(import.meta.dirname, '..');
const CORPUS = path.join(ROOT, '../shared/corpus');

/** A folder whose images are read as one submission (its report, if any, links some of them). */
interface Folder {
  name: string;
  dir: string;
  report: string;
  reportPath?: string;
}

/** The corpus's submissions when it is there (../shared/corpus), else the screenshots made here. */
export function ocrFolders(): { label: string; folders: Folder[] } {
  if (existsSync(CORPUS)) {
    const folders = readdirSync(CORPUS, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => {
        const dir = path.join(CORPUS, e.name);
        const md = readdirSync(dir).find((f) => /\.md$/i.test(f));
        return {
          name: e.name,
          dir,
          report: md ? readFileSync(path.join(dir, md), 'utf8') : '',
          reportPath: md,
        };
      });
    return { label: '../shared/corpus', folders };
  }
  const dir = path.join(ROOT, 'fixtures/screenshots');
  return { label: 'fixtures/screenshots', folders: [{ name: 'screenshots', dir, report: '' }] };
}

/**
 * OCR throughput through the engine (src/ocr/): every image of every folder read cold (an empty
 * cache, workers started on demand: `--jobs` min(2, CPUs)), then again from that cache. Images per
 * second each way. With OCR_DUMP=DIR, each image's text goes to DIR/<folder>/<path, / as __>.txt and
 * its lines with confidences to the same name with .json.
 */
export async function benchOcr(opts: { dump?: string } = {}): Promise<string[]> {
  const { label, folders } = ocrFolders();
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'lab-grader-bench-ocr-'));
  const jobs = Math.max(1, Math.min(2, availableParallelism()));
  try {
    const run = async () => {
      const engine = createOcrEngine({ jobs, cacheDir });
      const started = performance.now();
      const reads: [Folder, ScreenshotRead][] = [];
      try {
        for (const f of folders)
          for (const r of await engine.read(f.dir, f.dir, f.report, f.reportPath)) reads.push([f, r]);
      } finally {
        await engine.close();
      }
      return { seconds: (performance.now() - started) / 1000, reads };
    };
    const cold = await run();
    const cached = await run();
    const read = cold.reads.filter(([, r]) => r.read).length;
    const hits = cached.reads.filter(([, r]) => r.cached).length;
    if (opts.dump) dump(opts.dump, cold.reads);
    const meanConf =
      cold.reads.filter(([, r]) => r.read).reduce((s, [, r]) => s + r.confidence, 0) / (read || 1);
    const rate = (n: number, s: number) => (n / s).toFixed(2);
    return [
      `ocr (${label}, ${jobs} workers): ${read} images read of ${cold.reads.length} found; cold ${cold.seconds.toFixed(1)} s = ${rate(read, cold.seconds)} images/s (target: 170 in ≤ 240 s), cached ${cached.seconds.toFixed(2)} s = ${rate(hits, cached.seconds)} images/s (${hits} hits; target ≤ 5 s); mean confidence ${meanConf.toFixed(1)}`,
    ];
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

function dump(dir: string, reads: readonly [Folder, ScreenshotRead][]): void {
  for (const [f, r] of reads) {
    if (!r.read || /^[a-z]+:/i.test(r.path)) continue;
    const base = path.join(dir, f.name, r.path.split('/').join('__'));
    mkdirSync(path.dirname(base), { recursive: true });
    writeFileSync(`${base}.txt`, r.text);
    const { text: _text, ...rest } = r;
    writeFileSync(`${base}.json`, `${JSON.stringify(rest, null, 1)}\n`);
  }
}
