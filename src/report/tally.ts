import type { CheckResult } from '../checks/types.ts';
import { type Verdict, verdictOf } from './model.ts';

export type VerdictCounts = Record<Verdict, number>;

export function countVerdicts(checks: readonly CheckResult[]): VerdictCounts {
  const counts: VerdictCounts = { pass: 0, fail: 0, unverified: 0, skip: 0, error: 0 };
  for (const c of checks) counts[verdictOf(c)] += 1;
  return counts;
}

/** `3 passed`, `1 failed`, `2 not verified`, `1 error`…: zero counts of skips (neutral) left out. */
export function verdictCountWords(n: VerdictCounts): string[] {
  const words = [`${n.pass} passed`, `${n.fail} failed`, `${n.unverified} not verified`];
  if (n.skip > 0) words.push(`${n.skip} skipped`);
  words.push(`${n.error} ${n.error === 1 ? 'error' : 'errors'}`);
  return words;
}

/** Checks grouped by `group`, groups in the order their first check appears (stable, deterministic output). */
export function groupChecks(checks: readonly CheckResult[]): Map<string, CheckResult[]> {
  const groups = new Map<string, CheckResult[]>();
  for (const c of checks) {
    const list = groups.get(c.group);
    if (list) list.push(c);
    else groups.set(c.group, [c]);
  }
  return groups;
}

/** `27`, `1.5`: points are already rounded to 2 decimals by `summarize`. */
export function formatPoints(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export function isResultList<T extends object>(value: T | readonly T[]): value is readonly T[] {
  return Array.isArray(value);
}

/** A single result as a one-element list; a list as is (same reference). */
export function asList<T extends object>(value: T | readonly T[]): readonly T[] {
  return isResultList(value) ? value : [value];
}
