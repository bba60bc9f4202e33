/**
 * A minimal non-validating XML 1.0 parser for the writers' tests (xmllint is not on this machine).
 * It rejects what breaks well-formedness in practice: bad nesting, unescaped `<` or `&`, `]]>` in text,
 * unknown entities, characters outside the XML Char range, duplicate attributes, several roots.
 * No DTDs, no namespaces. Written with plain character scanning, no regular expressions.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlSyntaxError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(text: string): XmlElement {
  return new Parser(text).document();
}

/** All elements called `name` in document order (the root included). */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (el: XmlElement): void => {
    if (el.name === name) found.push(el);
    for (const child of el.children) if (typeof child !== 'string') visit(child);
  };
  visit(root);
  return found;
}

export function childElements(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter(
    (c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name),
  );
}

/** Concatenated text and CDATA content of an element (direct children only). */
export function textOf(el: XmlElement): string {
  return el.children.filter((c): c is string => typeof c === 'string').join('');
}

/** `<properties><property name value/>` of an element, as a record. */
export function propertiesOf(el: XmlElement): Record<string, string> {
  const props: Record<string, string> = {};
  for (const group of childElements(el, 'properties')) {
    for (const p of childElements(group, 'property')) props[p.attrs.name] = p.attrs.value;
  }
  return props;
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function isNameStart(ch: string): boolean {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch === '_' || ch === ':' || ch > '\u00bf';
}

function isNameChar(ch: string): boolean {
  return isNameStart(ch) || (ch >= '0' && ch <= '9') || ch === '-' || ch === '.';
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {
    for (const ch of src) {
      const code = ch.codePointAt(0) ?? 0;
      if (!isXmlChar(code))
        throw new XmlSyntaxError(`character U+${code.toString(16)} is not allowed in XML`);
    }
  }

  document(): XmlElement {
    if (this.src.startsWith('<?xml', 0)) this.processingInstruction();
    this.misc();
    if (this.peek() !== '<') this.fail('expected the root element');
    const root = this.element();
    this.misc();
    if (this.pos < this.src.length) this.fail('content after the root element');
    return root;
  }

  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.src.startsWith('<?', this.pos)) this.processingInstruction();
      else if (this.src.startsWith('<!--', this.pos)) this.comment();
      else return;
    }
  }

  private element(): XmlElement {
    this.expect('<');
    const name = this.name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const hadSpace = this.skipSpace();
      if (this.src.startsWith('/>', this.pos)) {
        this.pos += 2;
        return { name, attrs, children: [] };
      }
      if (this.peek() === '>') {
        this.pos += 1;
        break;
      }
      if (!hadSpace) this.fail('expected whitespace between attributes');
      const attr = this.name();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      if (Object.hasOwn(attrs, attr)) this.fail(`duplicate attribute ${attr}`);
      attrs[attr] = this.attributeValue();
    }
    const children = this.content();
    this.expect('</');
    const closing = this.name();
    if (closing !== name) this.fail(`</${closing}> closes <${name}>`);
    this.skipSpace();
    this.expect('>');
    return { name, attrs, children };
  }

  private content(): XmlNode[] {
    const children: XmlNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') children.push(text);
      text = '';
    };
    for (;;) {
      if (this.pos >= this.src.length) this.fail('unexpected end of document inside an element');
      if (this.src.startsWith('</', this.pos)) break;
      if (this.src.startsWith('<![CDATA[', this.pos)) {
        const end = this.src.indexOf(']]>', this.pos + 9);
        if (end === -1) this.fail('unterminated CDATA section');
        text += this.src.slice(this.pos + 9, end);
        this.pos = end + 3;
      } else if (this.src.startsWith('<!--', this.pos)) {
        this.comment();
      } else if (this.src.startsWith('<?', this.pos)) {
        this.processingInstruction();
      } else if (this.peek() === '<') {
        flush();
        children.push(this.element());
      } else if (this.peek() === '&') {
        text += this.reference();
      } else {
        if (this.src.startsWith(']]>', this.pos)) this.fail("']]>' is not allowed in text");
        text += this.src[this.pos];
        this.pos += 1;
      }
    }
    flush();
    return children;
  }

  private attributeValue(): string {
    const quote = this.peek();
    if (quote !== '"' && quote !== "'") this.fail('attribute value must be quoted');
    this.pos += 1;
    let value = '';
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) this.fail('unterminated attribute value');
      if (ch === quote) break;
      if (ch === '<') this.fail("'<' is not allowed in an attribute value");
      if (ch === '&') {
        value += this.reference();
        continue;
      }
      // Attribute-value normalisation: literal whitespace characters become spaces.
      value += ch === '\n' || ch === '\t' || ch === '\r' ? ' ' : ch;
      this.pos += 1;
    }
    this.pos += 1;
    return value;
  }

  private reference(): string {
    const end = this.src.indexOf(';', this.pos);
    if (end === -1 || end - this.pos > 12) this.fail("'&' does not start a reference");
    const body = this.src.slice(this.pos + 1, end);
    this.pos = end + 1;
    if (body.startsWith('#')) {
      const hex = body.startsWith('#x');
      const digits = body.slice(hex ? 2 : 1);
      const code = Number.parseInt(digits, hex ? 16 : 10);
      const valid =
        digits !== '' &&
        [...digits].every((d) => (hex ? '0123456789abcdefABCDEF' : '0123456789').includes(d));
      if (!valid || !isXmlChar(code)) this.fail(`bad character reference &${body};`);
      return String.fromCodePoint(code);
    }
    const decoded = ENTITIES[body];
    if (decoded === undefined) this.fail(`unknown entity &${body};`);
    return decoded;
  }

  private comment(): void {
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end === -1) this.fail('unterminated comment');
    if (this.src.slice(this.pos + 4, end).includes('--')) this.fail("'--' inside a comment");
    this.pos = end + 3;
  }

  private processingInstruction(): void {
    const end = this.src.indexOf('?>', this.pos + 2);
    if (end === -1) this.fail('unterminated processing instruction');
    this.pos = end + 2;
  }

  private name(): string {
    const start = this.pos;
    if (!isNameStart(this.peek() ?? '')) this.fail('expected a name');
    while (isNameChar(this.peek() ?? '')) this.pos += 1;
    return this.src.slice(start, this.pos);
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (isSpace(this.peek() ?? '')) this.pos += 1;
    return this.pos > start;
  }

  private expect(token: string): void {
    if (!this.src.startsWith(token, this.pos)) this.fail(`expected '${token}'`);
    this.pos += token.length;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private fail(message: string): never {
    const line = this.src.slice(0, this.pos).split('\n').length;
    throw new XmlSyntaxError(`${message} (line ${line}, offset ${this.pos})`);
  }
}
