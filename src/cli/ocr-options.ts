import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseJobs } from '../batch/pool.ts';
import type { OcrOptions } from '../ocr/types.ts';

/** The screenshot flags of `check` and `grade`, as commander gives them. */
export interface OcrFlags {
  /** false with `--no-ocr`. */
  ocr?: boolean;
  cacheDir?: string;
  fetchImages?: boolean;
  jobs?: string;
}

/**
 * The OCR engine's options (src/ocr/) from the command line: `--no-ocr`, `--cache-dir`,
 * `--fetch-images`, and `--jobs` for the size of its worker pool (default 2; never more than the CPUs: a
 * tesseract worker is a CPU-bound thread of 100–150 MB). Throws RangeError on a bad value (a usage error).
 * Only types come from src/ocr/: nothing of the OCR engine loads here.
 */
export function ocrOptionsOf(flags: OcrFlags, cpus: number = availableParallelism()): OcrOptions {
  if (flags.ocr === false) return { noOcr: true };
  if (flags.cacheDir !== undefined && flags.cacheDir.trim() === '')
    throw new RangeError('--cache-dir must name a folder');
  return {
    noOcr: false,
    // More workers than CPUs only add memory: each is CPU-bound.
    jobs: Math.min(flags.jobs === undefined ? 2 : parseJobs(flags.jobs), Math.max(1, cpus)),
    cacheDir: flags.cacheDir === undefined ? undefined : path.resolve(flags.cacheDir),
    fetchImages: flags.fetchImages === true,
  };
}
