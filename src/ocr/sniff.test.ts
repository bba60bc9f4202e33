import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sniffImage } from './sniff.ts';

// Signatures: PNG https://www.w3.org/TR/png-3/#3PNGsignature, JPEG SOI+marker (ITU T.81 B.1.1.2),
// GIF87a/89a (https://www.w3.org/Graphics/GIF/spec-gif89a.txt §17), RIFF…WEBP
// (https://developers.google.com/speed/webp/docs/riff_container), BMP "BM", TIFF II*\0 / MM\0*.
describe('sniffImage', () => {
  const bytes = (...xs: (number | string)[]) =>
    Buffer.concat(xs.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : Buffer.from([x]))));

  it('knows the image formats by their first bytes', () => {
    expect(sniffImage(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe('png');
    expect(sniffImage(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(sniffImage(bytes('GIF89a', 0))).toBe('gif');
    expect(sniffImage(bytes('GIF87a', 0))).toBe('gif');
    expect(sniffImage(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('webp');
    expect(sniffImage(Buffer.concat([bytes('BM'), Buffer.alloc(30)]))).toBe('bmp');
    expect(sniffImage(bytes('II*', 0))).toBe('tiff');
  });

  it('says text, HTML, SVG and Git LFS pointers named .png are not images', () => {
    for (const text of [
      'hello',
      '<!DOCTYPE html><html>',
      '<svg xmlns=…>',
      'version https://git-lfs.github.com/spec/v1',
      '',
    ])
      expect(sniffImage(Buffer.from(text))).toBeUndefined();
    expect(sniffImage(bytes(0x89, 'PNG'))).toBeUndefined(); // a cut signature
  });

  it('never throws on any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => void sniffImage(b)));
  });
});
