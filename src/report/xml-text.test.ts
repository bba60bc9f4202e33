import { describe, expect, it } from 'vitest';
import { cdataSafe, xmlSafe } from './xml-text.ts';

describe('xmlSafe', () => {
  it('strips ANSI colour sequences and replaces characters XML 1.0 forbids', () => {
    expect(xmlSafe('\u001b[1;31mred\u001b[0m')).toBe('red');
    expect(xmlSafe('a\u0000b\u000bc\uFFFEd')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(xmlSafe('lone \ud800 and \udc00')).toBe('lone \uFFFD and \uFFFD');
  });

  it('keeps tabs, newlines, markup characters and astral characters', () => {
    const text = 'a\tb\r\nc <&"> 😀';
    expect(xmlSafe(text)).toBe(text);
  });
});

describe('cdataSafe', () => {
  it('leaves the first `]]>` for the library and splits every later one', () => {
    expect(cdataSafe('no terminator')).toBe('no terminator');
    expect(cdataSafe('a]]>b')).toBe('a]]>b');
    expect(cdataSafe('a]]>b]]>c]]>')).toBe('a]]>b]]]]><![CDATA[>c]]]]><![CDATA[>');
  });
});
