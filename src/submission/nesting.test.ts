import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonTooDeep, yamlTooDeep } from './nesting.ts';

const reference = join(import.meta.dirname, '../../fixtures/submissions/reference');

describe('jsonTooDeep', () => {
  it('counts brackets and braces outside strings, exactly', () => {
    expect(jsonTooDeep('[[[]]]', 3)).toBeUndefined();
    expect(jsonTooDeep('[[[[]]]]', 3)).toEqual({ line: 1, col: 4 });
    expect(jsonTooDeep('{"a": "[[[[[[", "b": "\\"[[[["}', 1)).toBeUndefined();
    expect(jsonTooDeep('{\n  "a": {\n    "b": [1]\n  }\n}', 2)).toEqual({ line: 3, col: 10 });
    expect(jsonTooDeep('[]'.repeat(10_000), 1)).toBeUndefined();
  });

  it('finds 20 000 levels at once', () => {
    expect(jsonTooDeep(`{"spec": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`, 100)).toEqual({
      line: 1,
      col: 109,
    });
  });
});

describe('yamlTooDeep', () => {
  it('counts block levels by indentation', () => {
    const nested = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    expect(yamlTooDeep(nested(100), 100)).toBeUndefined();
    expect(yamlTooDeep(nested(101), 100)).toEqual({ line: 101, col: 101 });
  });

  it('counts flow collections and compact sequences on one line', () => {
    expect(yamlTooDeep(`spec:\n  x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, 100)).toEqual({
      line: 2,
      col: 104,
    });
    expect(yamlTooDeep(`x:\n  ${'- '.repeat(20_000)}y\n`, 100)).toEqual({ line: 2, col: 199 });
    expect(yamlTooDeep(`a: {b: {c: [1, 2]}}\n`, 4)).toBeUndefined();
    expect(yamlTooDeep(`a: {b: {c: [1, 2]}}\n`, 3)).toEqual({ line: 1, col: 12 });
  });

  it('ignores brackets in quoted scalars, comments and block scalars', () => {
    const text = [
      "a: '[[[[[[[['",
      'b: "{{{{{{{{"',
      'c: 1 # [[[[[[[[[',
      'd: |',
      '  [[[[[[[[[[',
      '  {{{{{{{{{{',
      'e: >-',
      '    - - - - - - - -',
      "f: it's [fine]",
    ].join('\n');
    expect(yamlTooDeep(text, 3)).toBeUndefined();
  });

  it('passes the reference manifests and a CRD-like schema with a wide margin', () => {
    for (const f of ['deployment.yaml', 'ippool.yaml', 'service.yaml'])
      expect(yamlTooDeep(readFileSync(join(reference, f), 'utf8'), 20), f).toBeUndefined();
    const schema = Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}properties:`).join('\n');
    expect(yamlTooDeep(schema, 100)).toBeUndefined();
  });
});
