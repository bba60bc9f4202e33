import { readFile, stat } from 'node:fs/promises';
import { cacheKey, defaultCacheDir, OcrCache } from './cache.ts';
import { engineVersion, loadSharp } from './deps.ts';
import { fetchImage } from './fetch.ts';
import { checkSize, damaged, inspectImage } from './guard.ts';
import { findImages, type ImageTarget } from './images.ts';
import { OcrPool, TESSERACT_PARAMS } from './pool.ts';
import { PREPROCESS_VERSION, preprocess } from './preprocess.ts';
import { sniffImage } from './sniff.ts';
import type { ImageNote, OcrOptions, ScreenshotRead } from './types.ts';

export type { ImageNote, OcrLine, OcrOptions, OcrWord, ScreenshotRead } from './types.ts';

/**
 * The OCR engine: the images of a submission (images.ts) read into text. I/O edge only: what the
 * text means is for the parsers. An image that cannot be read is a `ScreenshotRead` with `read: false`
 * and a note saying why; nothing about an image makes this throw.
 *
 * One engine serves many submissions (a class shares its workers and cache); `readScreenshots` is
 * the one-submission form.
 */
export interface OcrEngine {
  read(
    submissionRoot: string,
    labDir: string,
    reportText: string,
    reportPath?: string,
  ): Promise<ScreenshotRead[]>;
  close(): Promise<void>;
}

export const NOT_FETCHED = "linked from GitHub's upload service; not fetched without --fetch-images";

export function createOcrEngine(opts: OcrOptions = {}): OcrEngine {
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  const cache = cacheDir === false ? undefined : new OcrCache(cacheDir);
  const recipe = `pre${PREPROCESS_VERSION}|${engineVersion()}|${JSON.stringify(TESSERACT_PARAMS)}`;
  let pool: OcrPool | undefined;
  const jobs = opts.jobs;
  const getPool = () => {
    pool ??= new OcrPool({ jobs });
    return pool;
  };

  async function readOne(target: ImageTarget): Promise<ScreenshotRead> {
    const base = { source: `image:${target.path}`, path: target.path, line: target.line };
    const unread = (...notes: ImageNote[]): ScreenshotRead => ({
      ...base,
      read: false,
      text: '',
      confidence: 0,
      lines: [],
      notes,
    });
    if (opts.noOcr) return unread({ severity: 'info', message: 'not read (--no-ocr)' });
    let bytes: Buffer;
    if (target.kind === 'skipped') return unread(target.note);
    if (target.kind === 'remote') {
      if (!opts.fetchImages) return unread({ severity: 'info', message: NOT_FETCHED });
      const got = await fetchImage(target.url);
      if (!got.ok) return unread({ severity: 'warning', message: `not downloaded: ${got.reason}` });
      bytes = got.bytes;
    } else {
      try {
        const tooBig = checkSize((await stat(target.abs)).size);
        if (tooBig) return unread(tooBig);
        bytes = await readFile(target.abs);
      } catch (e) {
        return unread({
          severity: 'warning',
          message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? e}`,
        });
      }
    }

    const key = cacheKey(bytes, recipe);
    const hit = cache?.get(key);
    if (hit) return { ...base, read: true, ...hit, cached: true };

    const sharp = await loadSharp();
    const verdict = await inspectImage(bytes, sharp);
    if (!verdict.ok) return unread(verdict.note);
    let png: Buffer;
    try {
      png = (await preprocess(bytes, sharp)).png;
    } catch (e) {
      return unread(damaged(sniffImage(bytes), e));
    }
    let page: Awaited<ReturnType<OcrPool['recognize']>>;
    try {
      page = await getPool().recognize(png);
    } catch (e) {
      return unread({
        severity: 'warning',
        message: `OCR failed: ${String((e as Error)?.message ?? e).slice(0, 160)}`,
      });
    }
    const read = { text: page.text, confidence: page.confidence, lines: page.lines, notes: verdict.notes };
    cache?.set(key, read);
    return { ...base, read: true, ...read };
  }

  return {
    async read(submissionRoot, labDir, reportText, reportPath = opts.reportPath) {
      if (opts.noOcr) return [];
      const targets = findImages(submissionRoot, labDir, reportText, { reportPath });
      // Decoding and hashing run ahead of the workers, but not the whole folder at once (memory).
      return mapLimited(targets, (jobs ?? 2) * 2, readOne);
    },
    async close() {
      await pool?.close();
    },
  };
}

/**
 * Every image of one submission, read (see OcrEngine). With `noOcr` it returns [] at once and loads
 * no image or OCR library.
 */
export async function readScreenshots(
  submissionRoot: string,
  labDir: string,
  reportText: string,
  opts: OcrOptions = {},
): Promise<ScreenshotRead[]> {
  if (opts.noOcr) return [];
  const engine = createOcrEngine(opts);
  try {
    return await engine.read(submissionRoot, labDir, reportText);
  } finally {
    await engine.close();
  }
}

async function mapLimited<I, O>(
  items: readonly I[],
  limit: number,
  fn: (item: I) => Promise<O>,
): Promise<O[]> {
  const out = new Array<O>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as I);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return out;
}
