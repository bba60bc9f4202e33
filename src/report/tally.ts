import type { CheckResult, CheckStatus } from '../checks/types.ts';

export type StatusCounts = Record<CheckStatus, number>;

export function countStatuses(checks: readonly CheckResult[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, fail: 0, skip: 0, error: 0 };
  for (const c of checks) counts[c.status] += 1;
  return counts;
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
