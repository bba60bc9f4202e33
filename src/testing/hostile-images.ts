import { deflateSync } from 'node:zlib';
import type { Sharp } from '../ocr/deps.ts';

/**
 * Untrusted images for the OCR engine's tests, made in memory: a PNG header claiming huge dimensions
 * (a decompression bomb), a PNG cut short, text with an image name, an animated GIF.
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function crc32(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid PNG header (8-bit grayscale) claiming `width`×`height`, with a tiny IDAT: a few hundred bytes. */
export function bombPng(width = 100_000, height = 100_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The first `fraction` of a file: what an interrupted upload or copy leaves. */
export function truncated(bytes: Buffer, fraction = 0.5): Buffer {
  return bytes.subarray(0, Math.floor(bytes.length * fraction));
}

export const TEXT_NAMED_PNG = Buffer.from('$ kubectl get pods -o wide\nthis is text, not a screenshot\n');

/** An animated GIF: `frames` frames of `width`×`height`, the first one an SVG `first` rendered. */
export async function animatedGif(
  sharp: Sharp,
  opts: { width: number; height: number; frames: number; first: Buffer },
): Promise<Buffer> {
  const { width, height, frames } = opts;
  const first = await sharp(opts.first).resize(width, height).flatten().removeAlpha().raw().toBuffer();
  // Each later frame a different grey: an encoder may merge identical frames.
  const rest = Array.from({ length: frames - 1 }, (_, k) =>
    Buffer.alloc(width * height * 3, 0x40 + k * 0x20),
  );
  return sharp(Buffer.concat([first, ...rest]), {
    raw: { width, height: height * frames, channels: 3, pageHeight: height },
  } as never)
    .gif({ loop: 0, delay: Array.from({ length: frames }, () => 100) })
    .toBuffer();
}

/** An SVG of `lines` in DejaVu Sans Mono, black on white, 14 px, as the fixtures are made. */
export function textSvg(lines: readonly string[], width = 600): Buffer {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = lines
    .map((l, i) => `<text x="10" y="${24 + i * 19}" xml:space="preserve">${esc(l)}</text>`)
    .join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${20 + lines.length * 19}"><rect width="100%" height="100%" fill="#fff"/><g font-family="DejaVu Sans Mono" font-size="14" fill="#111">${body}</g></svg>`,
  );
}
