/**
 * The check model shared by static checks (files only) and live checks (cluster evidence).
 * A check is a pure function of what was read; its id is a public interface (CI configs and
 * rubrics reference it), so never rename one.
 */
export type CheckStatus = 'pass' | 'fail' | 'skip' | 'error';

/** What a check function returns; the runner adds id, group, title and points. */
export interface CheckOutcome {
  status: CheckStatus;
  /** Precise statement of what was found ("pool rack-1 selects no node"). */
  message: string;
  /** What the student can do about it. Required for fail/error, optional otherwise. */
  hint?: string;
  /** Machine-readable facts the message was derived from. Must be JSON-serialisable. */
  evidence?: unknown;
  /** Longer diagnostics (pod states, logs, CNI config) attached to JUnit system-out. */
  diagnostics?: string;
  /** Partial credit; defaults to maxPoints on pass and 0 otherwise. */
  points?: number;
}

export interface CheckResult {
  id: string;
  group: string;
  title: string;
  status: CheckStatus;
  points: number;
  maxPoints: number;
  message: string;
  hint?: string;
  evidence?: unknown;
  diagnostics?: string;
}

/** The group of a check id is its first dotted segment: `pools.cidr-valid` -> `pools`. */
export function groupOf(id: string): string {
  const dot = id.indexOf('.');
  return dot === -1 ? id : id.slice(0, dot);
}
