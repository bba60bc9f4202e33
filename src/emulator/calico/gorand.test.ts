import { describe, expect, it } from 'vitest';
import { fnv1_32 } from './fnv.ts';
import { GoRand } from './gorand.ts';

describe('GoRand (Go math/rand)', () => {
  it('reproduces rand.New(rand.NewSource(1)).Int63() — the well-known Go sequence', () => {
    const r = new GoRand(1);
    expect([r.int63(), r.int63(), r.int63()]).toEqual([
      5577006791947779410n,
      8674665223082153551n,
      6129484611666145821n,
    ]);
  });

  it('draws big.Int.Rand values below the limit', () => {
    const r = new GoRand(42);
    for (let i = 0; i < 100; i++) expect(r.bigIntRand(1000n)).toBeLessThan(1000n);
  });
});

describe('fnv1_32 (Go hash/fnv New32, FNV-1 not FNV-1a)', () => {
  it('matches the FNV-1 test vectors', () => {
    expect(fnv1_32('')).toBe(0x811c9dc5);
    expect(fnv1_32('a')).toBe(0x050c5d7e);
    expect(fnv1_32('foobar')).toBe(0x31f0b262);
  });
});
