import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imageLinks } from './links.ts';

// Image syntax: https://spec.commonmark.org/0.31.2/#images (inline, reference, <…> destinations,
// titles) and GitHub's HTML <img> in Markdown (https://github.github.com/gfm/#raw-html).
describe('imageLinks', () => {
  it('finds inline, reference and HTML images with their lines, in order', () => {
    const md = [
      '# Report', // 1
      '![pods](images/pods.png)', // 2
      'text ![a](<images/with space.png> "title") and ![b](./img/b.jpg \'t\')', // 3
      '<p align="center"><img width="600" src="images/ping.png" alt="x"></p>', // 4
      '![ref image][pools]', // 5
      '', // 6
      '[pools]: images/pools.png', // 7
      '[![linked](images/linked.png)](https://example.com)', // 8
    ].join('\n');
    expect(imageLinks(md)).toEqual([
      { target: 'images/pods.png', line: 2 },
      { target: 'images/with space.png', line: 3 },
      { target: './img/b.jpg', line: 3 },
      { target: 'images/ping.png', line: 4 },
      { target: 'images/pools.png', line: 5 },
      { target: 'images/linked.png', line: 8 },
    ]);
  });

  it('ignores images inside fenced code blocks and plain links', () => {
    const md = ['```md', '![not](a.png)', '```', '[a link](b.png)', '~~~', '<img src="c.png">', '~~~'].join(
      '\n',
    );
    expect(imageLinks(md)).toEqual([]);
  });

  it('reads CRLF reports and HTML entities in src', () => {
    expect(imageLinks('x\r\n<img src="a.png?x=1&amp;y=2">\r\n')).toEqual([
      { target: 'a.png?x=1&y=2', line: 2 },
    ]);
  });

  it('never throws, and every target is text of the report on a line that exists', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.constantFrom('![a](', ')', '<img src="', '">', '```', '[r]: ', '![x][r]', '\n', ' "t"'),
          ),
          { maxLength: 30 },
        ),
        (parts) => {
          const md = parts.join('');
          const lines = md.split(/\r?\n/).length;
          for (const link of imageLinks(md)) {
            expect(link.line).toBeGreaterThanOrEqual(1);
            expect(link.line).toBeLessThanOrEqual(lines);
            expect(link.target.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});
