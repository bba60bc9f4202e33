/**
 * Seeded randomness for the emulated network: load balancing, ping round-trip times, MAC addresses.
 * Tests pin SimOptions.seed so every "random" choice is reproducible.
 */

/** mulberry32: tiny, fast, good enough for emulated jitter and backend choice. */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit of a string; used to derive independent PRNG streams from one seed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** An independent stream per purpose, so adding pings does not change which pod a request hits. */
export function derivedPrng(seed: number, purpose: string): () => number {
  return createPrng((seed ^ hashString(purpose)) >>> 0);
}

/** Integer in [0, n). */
export function pickIndex(random: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}
