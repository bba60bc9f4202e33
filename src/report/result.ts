import { relative } from 'node:path';
import type { CheckResult } from '../checks/types.ts';
import {
  type ClusterInfo,
  type GradedResult,
  type GradeScale,
  type Interruption,
  RESULT_SCHEMA,
  summarize,
  type UngradedResult,
} from './model.ts';

/*
 * The one place GradeResults are made (static grading, live grading, a class run's failures): the
 * score is always the sum of the checks, and a run without a grade never carries a score.
 */

export interface GradedInit {
  lab: string;
  /** The folder graded; shown relative to the working directory when inside it. */
  submission: string;
  cluster: ClusterInfo | null;
  checks: CheckResult[];
  /** ms since the epoch, or an ISO timestamp. */
  startedAt: number | string;
  durationMs: number;
  interrupted?: Interruption;
}

/** A graded submission: score and maximum are the sums of its checks' points. */
export function gradedResult(init: GradedInit): GradedResult {
  return {
    schema: RESULT_SCHEMA,
    status: 'graded',
    lab: init.lab,
    submission: displayPath(init.submission),
    cluster: init.cluster,
    ...summarize(init.checks),
    checks: init.checks,
    startedAt: isoTime(init.startedAt),
    durationMs: roundMs(init.durationMs),
    ...(init.interrupted ? { interrupted: init.interrupted } : {}),
  };
}

export interface UngradedInit {
  lab: string;
  /** The path that was to be graded (as given: it may not exist). */
  submission: string;
  /** The step that could not be done: `read`, `grade`, a live step name. */
  step: string;
  message: string;
  /** ms since the epoch, or an ISO timestamp. */
  startedAt: number | string;
  /** @default the time since startedAt (0 for an ISO timestamp) */
  durationMs?: number;
  /** The cluster, when a live grade got as far as knowing it. @default null */
  cluster?: ClusterInfo | null;
  interrupted?: Interruption;
}

/** A run that produced no grade: no score, no maximum, no checks, and the reason. */
export function ungradedResult(init: UngradedInit): UngradedResult {
  const durationMs =
    init.durationMs ?? (typeof init.startedAt === 'number' ? Date.now() - init.startedAt : 0);
  return {
    schema: RESULT_SCHEMA,
    status: 'ungraded',
    lab: init.lab,
    submission: displayPath(init.submission),
    cluster: init.cluster ?? null,
    score: null,
    maxScore: null,
    checks: [],
    error: { step: init.step, message: init.message },
    startedAt: isoTime(init.startedAt),
    durationMs: roundMs(Math.max(0, durationMs)),
    ...(init.interrupted ? { interrupted: init.interrupted } : {}),
  };
}

/** Relative to the working directory when inside it (stable in CI logs), absolute otherwise. */
export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

/**
 * A rubric's two maxima: the static checks' points, and every check's (a live grade runs the static
 * checks too, its own replacing those of the same id, which the rubric lists once).
 */
export function gradeScale(rubric: {
  checks: Record<string, { points: number; live?: boolean }>;
}): GradeScale {
  const specs = Object.values(rubric.checks);
  const sum = (list: typeof specs) => list.reduce((total, c) => total + c.points, 0);
  return { static: sum(specs.filter((c) => !c.live)), live: sum(specs) };
}

function isoTime(t: number | string): string {
  return typeof t === 'number' ? new Date(t).toISOString() : t;
}

function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}
