import type { CheckOutcome } from '../types.ts';

/** Small constructors so every check states its outcome the same way. */
export const pass = (message: string, evidence?: unknown): CheckOutcome => ({
  status: 'pass',
  message,
  evidence,
});

export const fail = (message: string, hint: string, evidence?: unknown): CheckOutcome => ({
  status: 'fail',
  message,
  hint,
  evidence,
});

export const skip = (message: string, hint?: string, evidence?: unknown): CheckOutcome => ({
  status: 'skip',
  message,
  hint,
  evidence,
});

/**
 * A failure because the submission does not show what the check needs (nothing committed, only a
 * screenshot). Marked in the evidence so a verdict "on what is written" can tell it apart.
 */
export const notShown = (
  message: string,
  hint: string,
  evidence: Record<string, unknown> = {},
): CheckOutcome => fail(message, hint, { ...evidence, notShown: true });

export function where(file: string, line?: number): string {
  return line ? `${file}:${line}` : file;
}

/** `a`, `a and b`, `a, b and c` */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
