import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The OCR libraries, loaded on first use only: `check --no-ocr` (and any run without an image to
 * read) never loads sharp (libvips) or tesseract.js. Both stay external to the CLI bundle
 * (bin/lib/compiled.mjs): sharp is native, and tesseract.js starts its worker script from its own
 * folder in node_modules.
 */

export type Sharp = typeof import('sharp');
export type Tesseract = typeof import('tesseract.js');

let sharpModule: Promise<Sharp> | undefined;
let tesseractModule: Promise<Tesseract> | undefined;

export function loadSharp(): Promise<Sharp> {
  sharpModule ??= import('sharp').then((m) => ((m as { default?: Sharp }).default ?? m) as Sharp);
  return sharpModule;
}

export function loadTesseract(): Promise<Tesseract> {
  tesseractModule ??= import('tesseract.js').then(
    (m) => ((m as { default?: Tesseract }).default ?? m) as Tesseract,
  );
  return tesseractModule;
}

const require = createRequire(import.meta.url);

/** The folder of the English traineddata shipped by @tesseract.js-data/eng (read offline, gzipped). */
export function traineddataDir(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/**
 * What makes an OCR result what it is, besides the image and the preprocessing: the engine's and the
 * traineddata's versions (read from their package.json, without loading them).
 */
export function engineVersion(): string {
  const version = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;
  return `tesseract.js@${version('tesseract.js')}+eng@${version('@tesseract.js-data/eng')}/4.0.0_best_int`;
}
