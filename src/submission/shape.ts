/**
 * Guarded reads of untyped data from a submission (parsed YAML/JSON). Students are hostile input:
 * any value may be null, a list where a mapping belongs, a number where a string belongs. Every
 * accessor here returns a value of the type asked for, or undefined / an empty collection, and never
 * throws, so code that reads manifests through them cannot crash on a mutated manifest.
 */

export type JsonRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value when it is a mapping. */
export function asRecord(v: unknown): JsonRecord | undefined {
  return isRecord(v) ? v : undefined;
}

/** The value when it is a list, else `[]`. */
export function asList(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The mappings of a list (other items dropped), else `[]`. */
export function recordsOf(v: unknown): JsonRecord[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** The value when it is a string. */
export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A scalar as text (`3000`, `true`, `web`); undefined for null, lists and mappings. */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

/** Follows mapping keys from `v`; undefined as soon as a step is not a mapping. */
export function getPath(v: unknown, ...keys: readonly string[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (!isRecord(cur) || !Object.hasOwn(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/**
 * A mapping of scalars as strings (labels, selectors): `{app: web, tier: 1}` → `{app: 'web', tier: '1'}`.
 * Entries whose value is not a scalar are left out.
 */
export function scalarMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(v)) return out;
  for (const [k, value] of Object.entries(v)) {
    const s = scalarText(value);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** How a value looks, for messages: `null`, `a list`, `a mapping`, `number 3`, `string "x"`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  const shown = JSON.stringify(v) ?? String(v);
  return `${typeof v} ${shown.length > 60 ? `${shown.slice(0, 57)}…` : shown}`;
}
