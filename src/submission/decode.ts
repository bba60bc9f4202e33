/**
 * Text of a submitted file. Students commit what their editor or shell wrote: UTF-8 (with or without a
 * BOM), UTF-16 with a BOM (Windows PowerShell 5's `>`), and UTF-16 without one (some editors'
 * "Unicode" save, `Out-File -Encoding unicode` piped through tools that drop the BOM).
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export type Decoded =
  | { kind: 'text'; text: string; encoding: TextEncodingName; bom: boolean }
  /** NUL bytes that do not follow the UTF-16 pattern: not a text file. */
  | { kind: 'binary' };

/** Only this much of a file is looked at to tell text from binary. */
export const BINARY_PROBE_BYTES = 8 * 1024;
/** C0 controls other than tab, newline, form feed, carriage return and escape (ANSI colours in logs). */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001a\u001c-\u001f]/;

export function decodeBytes(buf: Buffer): Decoded {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe)
    return { kind: 'text', text: utf16(buf.subarray(2), 'le'), encoding: 'utf-16le', bom: true };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff)
    return { kind: 'text', text: utf16(buf.subarray(2), 'be'), encoding: 'utf-16be', bom: true };
  const probe = buf.subarray(0, BINARY_PROBE_BYTES);
  if (probe.includes(0)) {
    // UTF-16 comes in pairs of bytes: an odd length (the whole of a small file) cannot be UTF-16.
    const order = buf.length % 2 === 0 ? sniffUtf16(probe) : undefined;
    if (!order) return { kind: 'binary' };
    const text = utf16(buf, order);
    // control characters (a decoded NUL among them) mean the guess was wrong: the file is binary
    if (CONTROL.test(text.slice(0, BINARY_PROBE_BYTES / 2))) return { kind: 'binary' };
    return { kind: 'text', text, encoding: order === 'le' ? 'utf-16le' : 'utf-16be', bom: false };
  }
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  return { kind: 'text', text: buf.toString('utf8', bom ? 3 : 0), encoding: 'utf-8', bom };
}

/**
 * Text of a file: UTF-8 (BOM dropped), or UTF-16 with or without a BOM. Returns null for binary content
 * (a NUL byte in the first 8 KiB that is not the UTF-16 pattern).
 */
export function decodeText(buf: Buffer): string | null {
  const d = decodeBytes(buf);
  return d.kind === 'text' ? d.text : null;
}

/**
 * UTF-16 without a BOM: every ASCII character (spaces, newlines, Markdown, YAML syntax, commands) has a
 * zero high byte, so zeros sit at odd offsets (little-endian) or even ones (big-endian) and almost never
 * at the other parity; binary data has zeros at both.
 */
export function sniffUtf16(probe: Buffer): 'le' | 'be' | undefined {
  const pairs = probe.length >> 1;
  if (pairs === 0) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i + 1 < probe.length; i += 2) {
    if (probe[i] === 0) zeroEven++;
    if (probe[i + 1] === 0) zeroOdd++;
  }
  // a report is mostly ASCII (markup, commands); Russian prose alone still has a space in ~7 characters
  const minZeros = Math.max(2, Math.ceil(pairs / 16));
  if (zeroOdd >= minZeros && zeroEven * 50 <= zeroOdd) return 'le';
  if (zeroEven >= minZeros && zeroOdd * 50 <= zeroEven) return 'be';
  return undefined;
}

function utf16(bytes: Buffer, order: 'le' | 'be'): string {
  const even = bytes.subarray(0, bytes.length & ~1);
  if (order === 'le') return even.toString('utf16le');
  return Buffer.from(even).swap16().toString('utf16le');
}
