/**
 * Is a load balancer's split of requests over its backends plausibly even?
 *
 * Pearson's chi-square goodness-of-fit against a uniform split, with the p-value from the
 * regularized upper incomplete gamma function Q(df/2, X²/2). Written here rather than taken from a
 * library: the project has no statistics dependency, one function does not justify adding one
 * (jStat and friends are large and untyped), and the numerics below (Numerical Recipes §6.1-6.2:
 * Lanczos log-gamma, series + Lentz continued fraction) are short and tested against known values.
 */

/** Chi-square statistic of observed counts against an even split; NaN with < 2 categories or no observations. */
export function chiSquareUniform(counts: readonly number[]): number {
  const total = counts.reduce((s, c) => s + c, 0);
  if (counts.length < 2 || total <= 0) return Number.NaN;
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

/**
 * p-value of "these counts come from an even split": 1 for a perfect split, small when one backend
 * gets far more than its share. NaN when it cannot be computed (fewer than 2 backends, no requests,
 * negative or non-finite counts).
 */
export function evenSplitPValue(counts: readonly number[]): number {
  if (counts.some((c) => !Number.isFinite(c) || c < 0)) return Number.NaN;
  const x2 = chiSquareUniform(counts);
  if (Number.isNaN(x2)) return Number.NaN;
  return regularizedGammaQ((counts.length - 1) / 2, x2 / 2);
}

const LANCZOS = [
  76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2,
  -0.5395239384953e-5,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, |error| < 2e-10). */
export function logGamma(x: number): number {
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const c of LANCZOS) ser += c / ++y;
  return -tmp + Math.log((2.5066282746310007 * ser) / x);
}

const EPS = 1e-15;
const MAX_ITER = 1000;
const TINY = 1e-300;

/** Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function, for a > 0, x ≥ 0. */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperContinuedFraction(a, x);
}

/** P(a, x) by its power series; converges fast for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let ap = a;
  let del = 1 / a;
  let sum = del;
  for (let n = 0; n < MAX_ITER; n++) {
    del *= x / ++ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Q(a, x) by its continued fraction (modified Lentz); converges fast for x ≥ a + 1. */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}
