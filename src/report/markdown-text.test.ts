import { describe, expect, it } from 'vitest';
import {
  cellCodeSpan,
  codeSpan,
  escapeCell,
  escapeInline,
  escapeLine,
  htmlText,
  preBlock,
} from './markdown-text.ts';

describe('markdown text helpers', () => {
  it('escapes emphasis, links, HTML and mentions; code spans stay code', () => {
    expect(escapeInline('*a* <b> `x *y*` [c] @bob')).toBe('\\*a\\* &lt;b&gt; `x *y*` \\[c\\] @&#8203;bob');
  });

  it('writes a code span that needs references as <code>, its Markdown escaped', () => {
    expect(escapeInline('see `x <y> *z*`')).toBe('see <code>x &lt;y&gt; \\*z\\*</code>');
    expect(codeSpan('a ##[group] `b`')).toBe('<code>a ##\\[group\\] \\`b\\`</code>');
  });

  it('shows control characters as escapes and keeps only real line breaks', () => {
    expect(escapeInline('a\u001b[2Jb\r\nc\u2028d')).toBe('a\\\\x1b\\[2Jb\nc\\\\u2028d');
    expect(codeSpan('two\nlines')).toBe('`two\\nlines`');
    expect(htmlText('<a>\n@x')).toBe('&lt;a&gt;\\n@&#8203;x');
    // Backslash escaped as Markdown wants outside code; a code span shows its text literally.
    expect(escapeLine('lab\n# 4 `a\nb`')).toBe('lab\\\\n# 4 `a\\nb`');
  });

  it('escapes pipes and newlines in cells, also inside code spans', () => {
    expect(escapeCell('a|b\r\nc `d|e`')).toBe('a\\|b<br>c `d\\|e`');
    expect(cellCodeSpan('x|y')).toBe('`x\\|y`');
  });

  it('makes code spans and <pre> blocks that the content cannot close', () => {
    expect(codeSpan('plain')).toBe('`plain`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`edge`')).toBe('`` `edge` ``');
    expect(preBlock('x\n</pre>\n& y\n')).toBe('<pre>x\n&lt;/pre&gt;\n&amp; y</pre>');
  });
});
