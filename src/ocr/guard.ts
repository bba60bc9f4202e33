import type { Sharp } from './deps.ts';
import { type ImageKind, sniffImage } from './sniff.ts';
import type { ImageNote } from './types.ts';

/**
 * Untrusted images, checked before anything decodes them: the file size, what the bytes are (not
 * what the name says), and the dimensions from the header alone (a decompression bomb claims huge
 * ones in a few bytes). Each refusal is a clear note; nothing here throws.
 */

/** Larger image files are not read. A full-HD PNG screenshot is 0.1–3 MB. */
export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
/** At most this many pixels are decoded (an 8K screen is 33 Mpx). */
export const MAX_PIXELS = 40_000_000;
/** Neither side may exceed this (sharp's own limit is 0x3fff for some formats). */
export const MAX_SIDE = 16_384;

export type Verdict =
  | { ok: true; kind: ImageKind; width: number; height: number; notes: ImageNote[] }
  | { ok: false; note: ImageNote };

const KIND_NAME: Record<ImageKind, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  tiff: 'TIFF',
};

export function checkSize(size: number): ImageNote | undefined {
  if (size > MAX_IMAGE_BYTES)
    return {
      severity: 'warning',
      message: `${size} bytes, over the ${MAX_IMAGE_BYTES}-byte limit; not read`,
    };
  if (size === 0) return { severity: 'warning', message: 'an empty file; not read' };
  return undefined;
}

export async function inspectImage(bytes: Buffer, sharp: Sharp): Promise<Verdict> {
  const tooBig = checkSize(bytes.length);
  if (tooBig) return { ok: false, note: tooBig };
  const kind = sniffImage(bytes);
  if (!kind) return { ok: false, note: { severity: 'warning', message: `not an image: ${describe(bytes)}` } };
  let meta: Awaited<ReturnType<ReturnType<Sharp>['metadata']>>;
  try {
    // The header only: no pixel is decoded here, so the limit is ours (below), not sharp's.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (e) {
    return { ok: false, note: damaged(kind, e) };
  }
  const { width, height } = meta;
  if (!width || !height) return { ok: false, note: damaged(kind, new Error('no dimensions')) };
  if (width * height > MAX_PIXELS || width > MAX_SIDE || height > MAX_SIDE)
    return {
      ok: false,
      note: {
        severity: 'warning',
        message: `claims ${width}×${height} pixels, over the ${MAX_PIXELS / 1e6} Mpx limit (a decompression bomb?); not read`,
      },
    };
  const notes: ImageNote[] = [];
  if ((meta.pages ?? 1) > 1)
    notes.push({
      severity: 'info',
      message: `an animated ${KIND_NAME[kind]} of ${meta.pages} frames: only its first frame is read`,
    });
  return { ok: true, kind, width, height, notes };
}

/** The note for an image that fails to decode (truncated, corrupt). */
export function damaged(kind: ImageKind | undefined, e: unknown): ImageNote {
  const reason = String((e as Error)?.message ?? e)
    .split('\n')[0]
    ?.slice(0, 160);
  const what = kind ? `a ${KIND_NAME[kind]}` : 'an image';
  return { severity: 'warning', message: `${what} that is truncated or damaged (${reason}); not read` };
}

/** What a non-image file looks like, for the note. */
function describe(bytes: Buffer): string {
  const head = bytes.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'an HTML page with an image name';
  if (head.startsWith('<svg') || head.startsWith('<?xml')) return 'an XML/SVG file with a raster image name';
  if (head.startsWith('version https://git-lfs')) return 'a Git LFS pointer, not the image itself';
  const printable = bytes
    .subarray(0, 512)
    .every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 128);
  return printable ? 'a text file with an image name' : 'unknown binary content with an image name';
}
