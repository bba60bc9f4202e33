import { describe, expect, it } from 'vitest';
import { asList, describeValue, getPath, recordsOf, scalarMap, scalarText } from './shape.ts';

describe('guarded accessors', () => {
  it('follow only mappings, whatever sits on the path', () => {
    const body = { spec: { template: [{ spec: 1 }], ports: null } };
    expect(getPath(body, 'spec', 'template', 'spec')).toBeUndefined();
    expect(getPath(body, 'spec', 'ports', 'x')).toBeUndefined();
    expect(getPath('text', 'length')).toBeUndefined();
    expect(getPath({ a: { b: 2 } }, 'a', 'b')).toBe(2);
    expect(getPath({}, 'constructor')).toBeUndefined();
  });

  it('keep the right shapes only', () => {
    expect(asList({ 0: 'a' })).toEqual([]);
    expect(recordsOf([null, 1, 'x', [], { a: 1 }])).toEqual([{ a: 1 }]);
    expect(scalarMap({ app: 'web', v: 1, on: true, list: [1], map: {}, none: null })).toEqual({
      app: 'web',
      v: '1',
      on: 'true',
    });
    expect(scalarMap(['app'])).toEqual({});
    expect(scalarText({})).toBeUndefined();
  });

  it('describe values for messages without [object Object]', () => {
    expect([undefined, null, [], {}, 3, 'x'].map(describeValue)).toEqual([
      'missing',
      'null',
      'a list',
      'a mapping',
      'number 3',
      'string "x"',
    ]);
    expect(describeValue('y'.repeat(100))).toHaveLength(65);
  });
});
