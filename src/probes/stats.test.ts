import { describe, expect, it } from 'vitest';
import { chiSquareUniform, evenSplitPValue, logGamma, regularizedGammaQ } from './stats.ts';

describe('evenSplitPValue', () => {
  it('is 1 for a perfect split', () => {
    expect(evenSplitPValue([10, 10])).toBe(1);
    expect(evenSplitPValue([7, 7, 7])).toBe(1);
  });

  it('matches chi-square tables for two backends (df = 1: p = erfc(sqrt(X²/2)))', () => {
    // [20, 0]: X² = 20, p = erfc(sqrt(10)) = 7.7442e-6
    expect(evenSplitPValue([20, 0])).toBeCloseTo(7.7442e-6, 9);
    // [15, 5]: X² = 5, p = 0.025347
    expect(evenSplitPValue([15, 5])).toBeCloseTo(0.025347, 5);
    // [12, 8]: X² = 0.8, p = 0.371093
    expect(evenSplitPValue([12, 8])).toBeCloseTo(0.371093, 5);
    // X² = 3.841 is the 5% critical value for df = 1: [60, 40] gives X² = 4
    expect(evenSplitPValue([60, 40])).toBeCloseTo(0.0455003, 6);
  });

  it('matches the chi-square distribution for more backends', () => {
    // df = 2: Q(1, x/2) = exp(-x/2). [10, 5, 0]: X² = 10, p = exp(-5)
    expect(evenSplitPValue([10, 5, 0])).toBeCloseTo(Math.exp(-5), 10);
    // df = 3: Q(3/2, x/2) = erfc(sqrt(x/2)) + sqrt(2x/π)·exp(-x/2). [16, 4, 10, 10]: X² = 7.2, p = 0.0657891
    expect(evenSplitPValue([16, 4, 10, 10])).toBeCloseTo(0.0657891, 6);
  });

  it('is NaN when there is nothing to test', () => {
    expect(evenSplitPValue([])).toBeNaN();
    expect(evenSplitPValue([5])).toBeNaN();
    expect(evenSplitPValue([0, 0])).toBeNaN();
    expect(evenSplitPValue([3, -1])).toBeNaN();
  });

  it('falls as the split becomes more lopsided', () => {
    const ps = [10, 12, 14, 16, 18, 20].map((a) => evenSplitPValue([a, 20 - a]));
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeLessThan(ps[i - 1]!);
  });
});

describe('numerics', () => {
  it('chi-square statistic', () => {
    expect(chiSquareUniform([15, 5])).toBe(5);
    expect(chiSquareUniform([20, 0])).toBe(20);
  });

  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 9);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 9);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 9);
  });

  it('Q(a, x) on both branches (series below a + 1, continued fraction above)', () => {
    // Q(1, x) = exp(-x)
    expect(regularizedGammaQ(1, 0.5)).toBeCloseTo(Math.exp(-0.5), 12);
    expect(regularizedGammaQ(1, 30)).toBeCloseTo(Math.exp(-30), 20);
    // Q(3, x) = exp(-x)(1 + x + x²/2)
    for (const x of [0.1, 2, 3.9, 4.1, 12]) {
      expect(regularizedGammaQ(3, x)).toBeCloseTo(Math.exp(-x) * (1 + x + (x * x) / 2), 12);
    }
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaQ(0, 1)).toBeNaN();
  });
});
