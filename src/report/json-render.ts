import { bigintAsString } from './evidence.ts';
import type { GradeResult } from './model.ts';
import { safeJson } from './safe-text.ts';

/*
 * results.json as text. Apart from json.ts, whose zod schemas read results back (evaluate, merges,
 * the README's JSON Schema): writing a result needs none of them, and `check` starts faster without zod.
 */

/** Pretty JSON (2 spaces, trailing newline); an array for several results, as in results.json. */
export function renderJson(results: GradeResult | readonly GradeResult[]): string {
  return `${safeJson(JSON.stringify(results, bigintAsString, 2))}\n`;
}

/** One result on one line (no newline), for JSON Lines output of `check A B C --format json`. */
export function renderJsonLine(result: GradeResult): string {
  return safeJson(JSON.stringify(result, bigintAsString));
}
