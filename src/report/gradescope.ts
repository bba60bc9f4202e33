import { createRequire } from 'node:module';
import type { z as Zod } from 'zod';
import type { CheckResult } from '../checks/types.ts';
import {
  type GradedResult,
  type GradeResult,
  interruptionText,
  isUngraded,
  notGradedText,
  type UngradedResult,
  verdictOf,
} from './model.ts';
import { escapeControls, safeJson } from './safe-text.ts';

/*
 * `--format gradescope`: Gradescope's autograder results.json (/autograder/results/results.json).
 * The schema below is Gradescope's "Autograder Specifications", Output format section
 * (https://gradescope-autograders.readthedocs.io/en/latest/specs/, source
 * gradescope/autograder_samples docs/specs.md as of af5dee4, 2025-01-15). Everything is optional
 * there except that a score must be given at the top level or on every test.
 */

/** The spec's schemas, built with zod (loaded by gradescopeSchemas, on the first use). */
function buildSchemas(z: typeof Zod) {
  const gradescopeVisibilitySchema = z.enum(['hidden', 'after_due_date', 'after_published', 'visible']);
  /** "Output String Formatting": text is the default for tests and names, simple_format for the top output. */
  const gradescopeFormatSchema = z.enum(['text', 'html', 'simple_format', 'md', 'ansi']);

  const gradescopeTestSchema = z.object({
    score: z.number().optional(),
    max_score: z.number().optional(),
    status: z.enum(['passed', 'failed']).optional(),
    name: z.string().optional(),
    name_format: gradescopeFormatSchema.optional(),
    number: z.string().optional(),
    output: z.string().optional(),
    output_format: gradescopeFormatSchema.optional(),
    tags: z.array(z.string()).optional(),
    visibility: gradescopeVisibilitySchema.optional(),
    extra_data: z.record(z.string(), z.unknown()).optional(),
  });

  const gradescopeLeaderboardEntrySchema = z.object({
    name: z.string(),
    value: z.union([z.number(), z.string()]),
    order: z.enum(['asc', 'desc']).optional(),
  });

  const gradescopeResultsSchema = z
    .object({
      score: z.number().optional(),
      execution_time: z.number().optional(),
      output: z.string().optional(),
      output_format: gradescopeFormatSchema.optional(),
      test_output_format: gradescopeFormatSchema.optional(),
      test_name_format: gradescopeFormatSchema.optional(),
      visibility: gradescopeVisibilitySchema.optional(),
      stdout_visibility: gradescopeVisibilitySchema.optional(),
      extra_data: z.record(z.string(), z.unknown()).optional(),
      tests: z.array(gradescopeTestSchema).optional(),
      leaderboard: z.array(gradescopeLeaderboardEntrySchema).optional(),
    })
    .refine((r) => r.score !== undefined || r.tests?.every((t) => t.score !== undefined) === true, {
      message: 'a score is required at the top level or on every test',
    });
  return {
    visibility: gradescopeVisibilitySchema,
    test: gradescopeTestSchema,
    results: gradescopeResultsSchema,
  };
}

type Schemas = ReturnType<typeof buildSchemas>;
let schemas: Schemas | undefined;

/**
 * Gradescope's results.json schemas. zod is loaded on the first use: only `--format gradescope` needs
 * it, and loading it is a sixth of `check`'s cold start (issue 8). Required, not bundled.
 */
export function gradescopeSchemas(): Schemas {
  schemas ??= buildSchemas((createRequire(import.meta.url)('zod') as { z: typeof Zod }).z);
  return schemas;
}

export type GradescopeResults = Zod.infer<Schemas['results']>;
export type GradescopeTest = Zod.infer<Schemas['test']>;
export type GradescopeVisibility = Zod.infer<Schemas['visibility']>;

export interface GradescopeOptions {
  /** Visibility of the tests (and the top-level output). @default 'visible' */
  visibility?: GradescopeVisibility;
  /** Visibility of run_autograder's stdout to students. @default 'hidden' (Gradescope's default) */
  stdoutVisibility?: GradescopeVisibility;
}

/**
 * One test per check (name `id: title`, points, passed/failed, the message and hint as text); the
 * top-level score is the grader's (the sum of the checks' points). Every output is `text` format:
 * Gradescope renders the top-level output as HTML (`simple_format`) by default, and messages quote
 * what students wrote.
 */
export function gradescopeResults(result: GradeResult, opts: GradescopeOptions = {}): GradescopeResults {
  const visibility = opts.visibility ?? 'visible';
  if (isUngraded(result)) return ungradedResults(result, visibility, opts);
  return {
    score: result.score,
    execution_time: Math.round(result.durationMs / 1000),
    output: topOutput(result),
    output_format: 'text',
    test_output_format: 'text',
    test_name_format: 'text',
    visibility,
    stdout_visibility: opts.stdoutVisibility ?? 'hidden',
    tests: result.checks.map((check, i) => gradescopeTest(check, i, visibility)),
  };
}

/**
 * Gradescope needs a score, so an ungraded run gets 0 with no tests, and the output says that this is
 * no grade and what to do (extra_data carries the status for scripts that read results.json).
 */
function ungradedResults(
  result: UngradedResult,
  visibility: GradescopeVisibility,
  opts: GradescopeOptions,
): GradescopeResults {
  const lines = [
    `${result.lab}: ${notGradedText(result.error)}`,
    'This is not a grade: the score 0 only stands in until the submission can be graded.',
    'Check that it holds your Lab 4 folder (manifests and the Markdown report) and resubmit; if this persists, contact the course staff.',
  ];
  if (result.interrupted) lines.push(interruptionText(result.interrupted));
  return {
    score: 0,
    execution_time: Math.round(result.durationMs / 1000),
    output: escapeControls(lines.join('\n'), { newlines: 'keep' }),
    output_format: 'text',
    visibility,
    stdout_visibility: opts.stdoutVisibility ?? 'hidden',
    extra_data: { status: 'ungraded', error: result.error },
    tests: [],
  };
}

function topOutput(result: GradedResult): string {
  const lines = [
    `${result.lab}: ${result.score}/${result.maxScore} points (kube-lab-grader, ${result.submission})`,
  ];
  if (result.interrupted) lines.push(interruptionText(result.interrupted));
  return escapeControls(lines.join('\n'), { newlines: 'keep' });
}

function gradescopeTest(check: CheckResult, index: number, visibility: GradescopeVisibility): GradescopeTest {
  return {
    name: `${check.id}: ${check.title}`,
    name_format: 'text',
    number: String(index + 1),
    score: check.points,
    max_score: check.maxPoints,
    // Explicit, as the exit code sees it: a skip worth points (not verified) fails, one worth nothing passes.
    status: verdictOf(check) === 'pass' || verdictOf(check) === 'skip' ? 'passed' : 'failed',
    output: testOutput(check),
    output_format: 'text',
    tags: [check.group],
    visibility,
  };
}

const PREFIX = { unverified: 'Not verified: ', skip: 'Skipped: ' } as Partial<Record<string, string>>;

function testOutput(check: CheckResult): string {
  const lines = [`${PREFIX[verdictOf(check)] ?? ''}${check.message}`];
  if (check.hint && check.status !== 'pass') lines.push('', `Hint: ${check.hint}`);
  if (check.diagnostics && check.status !== 'pass') lines.push('', check.diagnostics);
  // Unix line ends, as Gradescope asks; other controls (colour codes in logs) shown as escapes.
  return escapeControls(lines.join('\n'), { newlines: 'keep' });
}

/** `--format gradescope`: results.json text, validated against the spec's schema. */
export function renderGradescope(result: GradeResult, opts: GradescopeOptions = {}): string {
  const results = gradescopeSchemas().results.parse(gradescopeResults(result, opts));
  return `${safeJson(JSON.stringify(results, null, 2))}\n`;
}
