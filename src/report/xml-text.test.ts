import { describe, expect, it } from 'vitest';
import { childElements, parseXml, textOf } from '../testing/xml-parser.ts';
import { cdataSafe, neutralizeXmlCommands, xmlSafe } from './xml-text.ts';

describe('xmlSafe', () => {
  it('strips ANSI colour sequences, escapes controls and replaces what XML 1.0 forbids', () => {
    expect(xmlSafe('\u001b[1;31mred\u001b[0m')).toBe('red');
    expect(xmlSafe('a\u0000b\u000bc\u0085\u202ed\uFFFEe')).toBe('a\\x00b\\x0bc\\x85\\u202ed\uFFFDe');
    expect(xmlSafe('lone \ud800 and \udc00')).toBe('lone \uFFFD and \uFFFD');
  });

  it('keeps tabs, line breaks (as LF), markup characters and astral characters', () => {
    expect(xmlSafe('a\tb\r\nc\rd <&"> 😀')).toBe('a\tb\nc\nd <&"> 😀');
  });
});

describe('cdataSafe', () => {
  it('leaves the first `]]>` for the library and splits every later one', () => {
    expect(cdataSafe('no terminator')).toBe('no terminator');
    expect(cdataSafe('a]]>b')).toBe('a]]>b');
    expect(cdataSafe('a]]>b]]>c]]>')).toBe('a]]>b]]]]><![CDATA[>c]]]]><![CDATA[>');
  });
});

describe('neutralizeXmlCommands', () => {
  it('uses character references in text and attributes, and closes CDATA around them', () => {
    const xml = '<a t="##[x]">\n  ::b ##[c]<d><![CDATA[e\n::f ##[g]]]></d></a>';
    const safe = neutralizeXmlCommands(xml);
    expect(safe).toBe(
      '<a t="##&#91;x]">\n  &#58;:b ##&#91;c]<d><![CDATA[e\n]]>&#58;<![CDATA[:f ##]]>&#91;<![CDATA[g]]]></d></a>',
    );
    const root = parseXml(safe);
    expect(root.attrs.t).toBe('##[x]');
    expect(textOf(childElements(root, 'd')[0])).toBe('e\n::f ##[g]');
  });
});
