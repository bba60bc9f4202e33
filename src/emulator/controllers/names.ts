/** Generated names and ids, drawn from a seeded stream so tests are reproducible. */
import { createHash } from 'node:crypto';

/** apimachinery `utilrand` alphabet: consonants and digits without look-alikes. */
const SUFFIX_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** 5 chars like `k6tfh` (`utilrand.String(5)`). */
export function randomSuffix(random: () => number, length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += SUFFIX_CHARS[Math.floor(random() * SUFFIX_CHARS.length)];
  return s;
}

export function randomHex(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += Math.floor(random() * 16).toString(16);
  return s;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with sorted object keys: equal templates hash equally whatever their key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** FNV-1a 32-bit (what `controller.ComputeHash` feeds the pod template into). */
function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * `pod-template-hash` like `84dcb7ccff`: the decimal FNV-1a hash of the template, each digit mapped
 * through `rand.SafeEncodeString` (byte value modulo the alphabet), as the deployment controller does.
 * The real hash is 10 chars for 3 templates in 4 and shorter otherwise; here it is always 10 chars
 * (zero-padded) so name patterns stay uniform.
 */
export function templateHash(template: unknown, collisionCount = 0): string {
  const hash = fnv1a32(stableStringify(template) + (collisionCount ? `#${collisionCount}` : ''));
  const decimal = String(hash).padStart(10, '0');
  return [...decimal].map((c) => SUFFIX_CHARS[c.charCodeAt(0) % SUFFIX_CHARS.length]).join('');
}
