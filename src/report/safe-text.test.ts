import { describe, expect, it } from 'vitest';
import {
  escapeControls,
  HTML_ENCODING,
  neutralizeCommands,
  safeJson,
  safeText,
  unsafeLines,
} from './safe-text.ts';

describe('escapeControls', () => {
  it('shows C0, DEL, C1, bidi controls and separators as escapes; keeps tabs and text', () => {
    expect(escapeControls('a\tb\u001b[2J\u0000\u007f\u009b\u0085é😀')).toBe(
      'a\tb\\x1b[2J\\x00\\x7f\\x9b\\x85é😀',
    );
    expect(escapeControls('x\u202ey\u2066z\u200f\u2028\u2029')).toBe(
      'x\\u202ey\\u2066z\\u200f\\u2028\\u2029',
    );
  });

  it('puts everything on one line by default, or keeps line breaks as LF', () => {
    expect(escapeControls('a\nb\r\nc\rd')).toBe('a\\nb\\r\\nc\\rd');
    expect(escapeControls('a\nb\r\nc\rd', { newlines: 'keep' })).toBe('a\nb\nc\nd');
  });
});

describe('neutralizeCommands', () => {
  it('breaks `::` at the start of any line, after any whitespace or colour codes', () => {
    expect(neutralizeCommands('::a::b')).toBe('\\x3a:a::b');
    expect(neutralizeCommands('x\n    ::add-mask::s\r\n\t::error::e\r::warning::w')).toBe(
      'x\n    \\x3a:add-mask::s\r\n\t\\x3a:error::e\r\\x3a:warning::w',
    );
    expect(neutralizeCommands('x\n\u00a0\u3000\u0085::a')).toBe('x\n\u00a0\u3000\u0085\\x3a:a');
    expect(neutralizeCommands('\u001b[2m  ::a\u001b[22m')).toBe('\u001b[2m  \\x3a:a\u001b[22m');
  });

  it('breaks `##[` anywhere, and leaves other colons and hashes alone', () => {
    expect(neutralizeCommands('x ##[group]y ###[z')).toBe('x ##\\x5bgroup]y ###\\x5bz');
    expect(neutralizeCommands('a::b: c # [d] ## [e]')).toBe('a::b: c # [d] ## [e]');
  });

  it('takes the encoding of the format, also per offset', () => {
    expect(neutralizeCommands('::a ##[b', HTML_ENCODING)).toBe('&#58;:a ##&#91;b');
    const byOffset = neutralizeCommands('::a\n::b', (offset) => ({ colon: `<${offset}>`, bracket: '' }));
    expect(byOffset).toBe('<0>:a\n<4>:b');
  });

  it('stays linear on long runs of blank lines', () => {
    const text = `${'\n '.repeat(200_000)}x`;
    const started = performance.now();
    expect(neutralizeCommands(text)).toBe(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('unsafeLines', () => {
  it('finds the lines the runner would act on', () => {
    expect(unsafeLines('ok\n  ::add-mask::x\r\nfine ##[group]\r\u00a0::y\n: :z')).toEqual([
      '  ::add-mask::x',
      'fine ##[group]',
      '\u00a0::y',
    ]);
    expect(unsafeLines(neutralizeCommands('  ::add-mask::x\n##[group]'))).toEqual([]);
  });
});

describe('safeText and safeJson', () => {
  it('make plain text one safe line', () => {
    expect(safeText('pool\n::add-mask::x')).toBe('pool\\n::add-mask::x');
    expect(safeText('pool\n::add-mask::x', { newlines: 'keep' })).toBe('pool\n\\x3a:add-mask::x');
  });

  it('escape JSON text without changing its value', () => {
    const value = { name: 'a\u0085b\u202ec\u2028 ##[group]', n: 1 };
    const json = safeJson(JSON.stringify(value, null, 2));
    expect(json).toContain('"a\\u0085b\\u202ec\\u2028 ##\\u005bgroup]"');
    expect(JSON.parse(json)).toEqual(value);
    expect(unsafeLines(json)).toEqual([]);
  });
});
