import { describe, expect, it } from 'vitest';
import { renderTable } from './table.ts';

describe('renderTable (tablewriter v0.0.5 layout)', () => {
  it('centres headers, right-aligns numbers and left-aligns text', () => {
    const out = renderTable(['Profile', 'Port', 'Nodes'], [['minikube', '8443', '2']], {
      autoFormatHeaders: false,
    });
    expect(out).toBe(
      '|----------|------|-------|\n' +
        '| Profile  | Port | Nodes |\n' +
        '|----------|------|-------|\n' +
        '| minikube | 8443 |     2 |\n' +
        '|----------|------|-------|\n',
    );
  });

  it('upper-cases headers by default and spreads multi-line cells', () => {
    const out = renderTable(['Name', 'URL'], [['web', 'http://a:1\nhttp://a:2']]);
    expect(out.split('\n')).toEqual([
      '|------|------------|',
      '| NAME |    URL     |',
      '|------|------------|',
      '| web  | http://a:1 |',
      '|      | http://a:2 |',
      '|------|------------|',
      '',
    ]);
  });
});
