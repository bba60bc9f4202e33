/**
 * Kubernetes resource quantities (`500m`, `512Mi`, `1e3`, `100Ti`) as numbers of base units, as
 * k8s.io/apimachinery/pkg/api/resource parses them: a signed decimal, then one suffix — binary
 * (Ki Mi Gi Ti Pi Ei), decimal SI (n u m "" k M G T P E) or a decimal exponent (e3, E-2).
 * Enough precision for comparing requests with caps and node allocatable; not a Quantity clone.
 */

/** The apiserver's own pattern: `quantities must match the regular expression '…'`. */
export const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** The value of a quantity (a string, or a YAML number) in base units; undefined when it does not parse. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?[0-9.]+)(.*)$/.exec(q.trim());
  if (!m || !NUMBER_RE.test(m[1] as string)) return undefined;
  const value = Number(m[1]);
  const suffix = m[2] as string;
  if (suffix in BINARY) return value * (BINARY[suffix] as number);
  if (suffix in DECIMAL) return value * (DECIMAL[suffix] as number);
  const exp = /^[eE]([-+]?\d+)$/.exec(suffix);
  if (exp) return value * 10 ** Number(exp[1]);
  return undefined;
}

/** `1.5` cpu → `1500m`, 536870912 bytes → `512Mi`: a short form for messages. */
export function formatQuantity(value: number, kind: 'cpu' | 'memory'): string {
  if (kind === 'cpu') return Number.isInteger(value) ? String(value) : `${Math.round(value * 1000)}m`;
  for (const s of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const unit = BINARY[s] as number;
    if (value >= unit && Number.isInteger(value / unit)) return `${value / unit}${s}`;
  }
  return String(value);
}
