/** FNV-1 32-bit hash (Go `hash/fnv.New32`, multiply THEN xor — not FNV-1a) of a string's UTF-8 bytes. */
export function fnv1_32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash = Math.imul(hash, 0x01000193) >>> 0;
    hash = (hash ^ byte) >>> 0;
  }
  return hash;
}
