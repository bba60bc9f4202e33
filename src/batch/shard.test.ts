import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SHARDS, parseShard, ShardError, selectShard } from './shard.ts';

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['2/4', { index: 2, count: 4 }],
    [' 3 / 3 ', { index: 3, count: 3 }],
  ])('%j', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each([
    ['0/4', /shard number must be between 1 and 4/],
    ['5/4', /shard number must be between 1 and 4/],
    ['1/0', /shard count must be between 1 and/],
    [`1/${MAX_SHARDS + 1}`, /shard count must be between 1 and/],
    ['1', /must look like i\/n/],
    ['a/b', /must look like i\/n/],
    ['-1/4', /must look like i\/n/],
    ['1.5/4', /must look like i\/n/],
    ['1/4/2', /must look like i\/n/],
    ['', /must look like i\/n/],
  ])('rejects %j', (text, message) => {
    expect(() => parseShard(text)).toThrow(ShardError);
    expect(() => parseShard(text)).toThrow(message);
  });
});

describe('selectShard', () => {
  it('gives item k to shard (k mod n) + 1, with its index in the whole list', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    expect(selectShard(items, { index: 1, count: 2 })).toEqual([
      { item: 'a', index: 0 },
      { item: 'c', index: 2 },
      { item: 'e', index: 4 },
    ]);
    expect(selectShard(items, { index: 2, count: 2 }).map((x) => x.item)).toEqual(['b', 'd']);
    expect(selectShard(items, { index: 7, count: 7 })).toEqual([]);
  });

  it('property: the shards partition the list, sizes differ by at most one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        (items, count) => {
          const shards = Array.from({ length: count }, (_, i) => selectShard(items, { index: i + 1, count }));
          const indices = shards.flatMap((s) => s.map((x) => x.index)).sort((a, b) => a - b);
          expect(indices).toEqual(items.map((_, i) => i));
          for (const s of shards) for (const x of s) expect(x.item).toBe(items[x.index]);
          const sizes = shards.map((s) => s.length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
