import { describe, expect, it } from 'vitest';
import { cellCodeSpan, codeSpan, escapeCell, escapeInline, fencedBlock } from './markdown-text.ts';

describe('markdown text helpers', () => {
  it('escapes emphasis, links and HTML outside code spans only', () => {
    expect(escapeInline('*a* <b> `x <y>` [c]')).toBe('\\*a\\* &lt;b&gt; `x <y>` \\[c\\]');
  });

  it('escapes pipes and newlines in cells, also inside code spans', () => {
    expect(escapeCell('a|b\r\nc `d|e`')).toBe('a\\|b<br>c `d\\|e`');
    expect(cellCodeSpan('x|y')).toBe('`x\\|y`');
  });

  it('makes code spans and fences that the content cannot close', () => {
    expect(codeSpan('plain')).toBe('`plain`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`edge`')).toBe('`` `edge` ``');
    expect(codeSpan('two\nlines')).toBe('`two lines`');
    expect(fencedBlock('x\n````\ny\n', 'text')).toBe('`````text\nx\n````\ny\n`````');
  });
});
