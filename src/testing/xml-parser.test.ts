import { describe, expect, it } from 'vitest';
import { childElements, findAll, parseXml, propertiesOf, textOf, XmlSyntaxError } from './xml-parser.ts';

// The JUnit tests trust this parser to reject broken XML, so its rejections are tested first.
describe('parseXml (test helper)', () => {
  it('parses elements, attributes, entities, CDATA and properties', () => {
    const doc = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n<a x="1 &lt; 2 &amp; &quot;q&quot;" y='&#65;&#x42;'>` +
        `t&amp;t<![CDATA[<raw> & ]]]]><![CDATA[>]]><b/><properties><property name="k" value="v"/></properties></a>`,
    );
    expect(doc.name).toBe('a');
    expect(doc.attrs).toEqual({ x: '1 < 2 & "q"', y: 'AB' });
    expect(textOf(doc)).toBe('t&t<raw> & ]]>');
    expect(childElements(doc).map((e) => e.name)).toEqual(['b', 'properties']);
    expect(findAll(doc, 'property')).toHaveLength(1);
    expect(propertiesOf(doc)).toEqual({ k: 'v' });
  });

  it('normalises whitespace characters written literally in attribute values', () => {
    expect(parseXml('<a v="x\ny\tz"/>').attrs.v).toBe('x y z');
    expect(parseXml('<a v="x&#xA;y"/>').attrs.v).toBe('x\ny');
  });

  it.each([
    ['mismatched close tag', '<a><b></a></b>'],
    ['unclosed element', '<a><b></b>'],
    ['two roots', '<a/><b/>'],
    ['raw < in an attribute', '<a x="<"/>'],
    ['unquoted attribute', '<a x=1/>'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['bare ampersand in text', '<a>fish & chips</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['character reference to NUL', '<a>&#0;</a>'],
    [']]> in text', '<a>x ]]> y</a>'],
    ['unterminated CDATA', '<a><![CDATA[x</a>'],
    ['control character', '<a>\u0001</a>'],
    ['ESC character', '<a>\u001b[31m</a>'],
    ['lone surrogate', '<a>\ud800</a>'],
    ['double hyphen in a comment', '<a><!-- a -- b --></a>'],
    ['text after the root', '<a/>x'],
  ])('rejects %s', (_what, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
  });
});
