/**
 * A TypeScript re-implementation of Go's `math/rand` source (`rand.New(rand.NewSource(seed))`,
 * the Mitchell/Reeds additive lagged Fibonacci generator) and of `big.Int.Rand`, as far as
 * Calico's `randomBlockGenerator` needs them. Must stay bit-exact: the block a node claims
 * first depends on it (docs/reference-facts.md, calico-ippool §5).
 */
import { GO_RNG_COOKED } from './go-rand-table.ts';

const RNG_LEN = 607;
const RNG_TAP = 273;
const INT32_MAX = 2147483647;
const MASK63 = (1n << 63n) - 1n;
const MASK32 = 0xffffffffn;

/** One step of the seeding LCG x' = 48271·x mod (2³¹−1), Schrage's method as in Go. */
function seedStep(x: number): number {
  const hi = Math.trunc(x / 44488);
  const lo = x % 44488;
  let next = 48271 * lo - 3399 * hi;
  if (next < 0) next += INT32_MAX;
  return next;
}

export class GoRand {
  private tap = 0;
  private feed = RNG_LEN - RNG_TAP;
  private readonly vec: bigint[] = new Array<bigint>(RNG_LEN);

  constructor(seed: bigint | number) {
    let s = BigInt(seed) % BigInt(INT32_MAX);
    if (s < 0n) s += BigInt(INT32_MAX);
    if (s === 0n) s = 89482311n;
    let x = Number(s);
    for (let i = -20; i < RNG_LEN; i++) {
      x = seedStep(x);
      if (i >= 0) {
        let u = BigInt(x) << 40n;
        x = seedStep(x);
        u ^= BigInt(x) << 20n;
        x = seedStep(x);
        u ^= BigInt(x);
        u ^= GO_RNG_COOKED[i];
        this.vec[i] = u & MASK63;
      }
    }
  }

  /** `Rand.Int63()`: a non-negative 63-bit value. */
  int63(): bigint {
    this.tap = this.tap === 0 ? RNG_LEN - 1 : this.tap - 1;
    this.feed = this.feed === 0 ? RNG_LEN - 1 : this.feed - 1;
    const x = (this.vec[this.feed] + this.vec[this.tap]) & MASK63;
    this.vec[this.feed] = x;
    return x;
  }

  /** `Rand.Uint32()` = uint32(Int63() >> 31). */
  uint32(): bigint {
    return (this.int63() >> 31n) & MASK32;
  }

  /**
   * `new(big.Int).Rand(rnd, limit)` on a 64-bit platform: rejection sampling of 64-bit words
   * built from two Uint32 draws each (low half first), the top word masked to limit's bit length.
   */
  bigIntRand(limit: bigint): bigint {
    if (limit <= 0n) return 0n;
    const bitLen = limit.toString(2).length;
    const words = Math.ceil(bitLen / 64);
    const topBits = bitLen % 64 === 0 ? 64 : bitLen % 64;
    const topMask = (1n << BigInt(topBits)) - 1n;
    for (;;) {
      let value = 0n;
      for (let i = 0; i < words; i++) {
        let word = this.uint32() | (this.uint32() << 32n);
        if (i === words - 1) word &= topMask;
        value |= word << BigInt(64 * i);
      }
      if (value < limit) return value;
    }
  }
}
