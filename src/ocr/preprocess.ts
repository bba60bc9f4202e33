import type { Sharp } from './deps.ts';
import { MAX_PIXELS } from './guard.ts';

/**
 * Terminal screenshots made readable for tesseract: one decode to grayscale (first frame, EXIF
 * orientation applied, transparency on white), dark backgrounds inverted (tesseract's LSTM models
 * are trained on dark text on light), small text scaled up, contrast stretched. Interlaced PNGs and
 * progressive JPEGs decode like any other. Throws when the image does not decode (guard.ts `damaged`).
 */

/** Part of every cache key: bump it whenever the output of `preprocess` changes. */
export const PREPROCESS_VERSION = 1;
/** Images narrower than this are scaled up (at most MAX_SCALE times) so that text is ~20 px high. */
const TARGET_WIDTH = 1600;
const MAX_SCALE = 3;

export interface Preprocessed {
  png: Buffer;
  width: number;
  height: number;
  /** Mean luminance of the original, 0–255. */
  mean: number;
  inverted: boolean;
  scale: number;
}

export async function preprocess(bytes: Buffer, sharp: Sharp): Promise<Preprocessed> {
  const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS, pages: 1 })
    .rotate()
    .flatten({ background: '#ffffff' })
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const mean = meanOf(data, info.channels);
  const inverted = mean < 128;
  const scale = info.width < TARGET_WIDTH ? Math.min(MAX_SCALE, TARGET_WIDTH / info.width) : 1;
  let img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  if (info.channels > 1) img = img.extractChannel(0);
  if (scale > 1.05) img = img.resize(Math.round(info.width * scale), null, { kernel: 'lanczos3' });
  if (inverted) img = img.negate();
  // A resolution in the PNG: without one tesseract guesses it and warns on stderr.
  const out = await img
    .normalise()
    .withMetadata({ density: 300 })
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  return { png: out.data, width: out.info.width, height: out.info.height, mean, inverted, scale };
}

function meanOf(data: Buffer, channels: number): number {
  let sum = 0;
  let n = 0;
  // Every 4th pixel is plenty for a mean.
  for (let i = 0; i < data.length; i += channels * 4) {
    sum += data[i] as number;
    n++;
  }
  return n === 0 ? 255 : sum / n;
}
