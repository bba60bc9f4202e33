import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeText, sniffUtf16 } from './decode.ts';

const RUSSIAN_REPORT =
  'University: ITMO\nLab: Lab4\n\n# Лабораторная работа 4\n\n```bash\nminikube start --nodes 2\n```\n';

describe('decodeBytes', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeBytes(Buffer.from('\ufeffkind: Pod', 'utf8'))).toEqual({
      kind: 'text',
      text: 'kind: Pod',
      encoding: 'utf-8',
      bom: true,
    });
    expect(decodeBytes(Buffer.from('kind: Pod'))).toMatchObject({ text: 'kind: Pod', bom: false });
  });

  it('reads UTF-16 LE and BE with a BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(RUSSIAN_REPORT, 'utf16le')]);
    expect(decodeBytes(le)).toMatchObject({ text: RUSSIAN_REPORT, encoding: 'utf-16le', bom: true });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(RUSSIAN_REPORT, 'utf16le').swap16()]);
    expect(decodeBytes(be)).toMatchObject({ text: RUSSIAN_REPORT, encoding: 'utf-16be', bom: true });
  });

  it('recognises UTF-16 LE and BE without a BOM by where the zero bytes sit (Cyrillic included)', () => {
    const le = Buffer.from(RUSSIAN_REPORT, 'utf16le');
    expect(decodeBytes(le)).toEqual({ kind: 'text', text: RUSSIAN_REPORT, encoding: 'utf-16le', bom: false });
    const be = Buffer.from(RUSSIAN_REPORT, 'utf16le').swap16();
    expect(decodeBytes(be)).toEqual({ kind: 'text', text: RUSSIAN_REPORT, encoding: 'utf-16be', bom: false });
  });

  it('calls binary what has zero bytes in no UTF-16 pattern, or decodes to control characters', () => {
    // an ELF header, a PNG-like blob, a NUL in the middle of ASCII, an odd length
    expect(decodeBytes(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]))).toEqual({ kind: 'binary' });
    expect(decodeBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 0, 0, 0]))).toEqual({
      kind: 'binary',
    });
    expect(decodeBytes(Buffer.from('kind: Pod\u0000spec: {}'))).toEqual({ kind: 'binary' });
    expect(decodeBytes(Buffer.from([0x61, 0x00, 0x62]))).toEqual({ kind: 'binary' });
    expect(decodeText(Buffer.from([0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00]))).toBeNull();
  });
});

describe('sniffUtf16', () => {
  it('needs zeros on one side only, at least one pair in sixteen', () => {
    expect(sniffUtf16(Buffer.from('abcdefgh', 'utf16le'))).toBe('le');
    expect(sniffUtf16(Buffer.from('abcdefgh', 'utf16le').swap16())).toBe('be');
    // mostly Cyrillic (no zero bytes) with a few ASCII spaces: still UTF-16 LE
    expect(sniffUtf16(Buffer.from('Лабораторная работа номер четыре', 'utf16le'))).toBe('le');
    expect(sniffUtf16(Buffer.from([0, 0, 0, 0, 1, 2, 3, 4]))).toBeUndefined();
    expect(sniffUtf16(Buffer.alloc(0))).toBeUndefined();
  });
});
