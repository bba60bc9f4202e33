import { z } from 'zod';
import type { CheckResult } from '../checks/types.ts';
import {
  type ClusterInfo,
  type GradedResult,
  type GradeError,
  type GradeResult,
  type Interruption,
  RESULT_SCHEMA,
  type UngradedResult,
} from './model.ts';

/*
 * The zod mirror of model.ts and checks/types.ts. The type assertions at the bottom of this file make
 * tsc fail when the two drift apart.
 */

export const checkStatusSchema = z.enum(['pass', 'fail', 'skip', 'error']);

export const checkResultSchema = z.strictObject({
  id: z.string().min(1).describe('Stable check id, `<group>.<name>`; referenced by CI configs and rubrics'),
  group: z.string().min(1),
  title: z.string(),
  status: checkStatusSchema,
  points: z.number().describe('Points earned (partial credit possible)'),
  maxPoints: z.number(),
  message: z.string().describe('What was found'),
  hint: z.string().optional().describe('What the student can do about it'),
  evidence: z.unknown().optional().describe('Machine-readable facts the message was derived from'),
  diagnostics: z.string().optional().describe('Longer diagnostics: pod states, logs, CNI config'),
});

export const clusterInfoSchema = z.strictObject({
  kind: z.enum(['sim', 'minikube', 'existing']),
  kubernetes: z.string().optional(),
  calico: z.string().optional(),
  runtime: z.string().optional(),
  minikube: z.string().optional(),
});

export const interruptionSchema = z.strictObject({
  signal: z.string().min(1).describe('SIGINT, SIGTERM'),
  step: z.string().optional().describe('The live step that was running'),
});

export const gradeErrorSchema = z.strictObject({
  step: z.string().min(1).describe('The step that could not be done: read, grade, or a live step (cluster…)'),
  message: z.string(),
});

const resultBase = {
  schema: z.literal(RESULT_SCHEMA),
  lab: z.string().min(1),
  submission: z.string(),
  cluster: clusterInfoSchema
    .nullable()
    .describe('The cluster the live checks ran on; null for static grading'),
  startedAt: z.iso.datetime({ offset: true }),
  durationMs: z.number().nonnegative(),
  interrupted: interruptionSchema
    .optional()
    .describe('Set when a signal stopped the grade: the checks of the steps that never ran are not verified'),
};

export const gradedResultSchema = z.strictObject({
  ...resultBase,
  status: z.literal('graded'),
  score: z.number(),
  maxScore: z.number(),
  checks: z.array(checkResultSchema),
});

export const ungradedResultSchema = z.strictObject({
  ...resultBase,
  status: z.literal('ungraded').describe('No grade: no score, no maximum, no checks; error says why'),
  score: z.null(),
  maxScore: z.null(),
  checks: z.tuple([]),
  error: gradeErrorSchema,
});

/**
 * One result. `status` was added within result@1: a result written before it has none and is read
 * as graded.
 */
export const gradeResultSchema = z
  .preprocess(
    (value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value) && !('status' in value)
        ? { ...value, status: 'graded' }
        : value,
    z.discriminatedUnion('status', [gradedResultSchema, ungradedResultSchema]),
  )
  .meta({
    title: 'kube-lab-grader result',
    description: `One submission's result (${RESULT_SCHEMA}), as written to results.json`,
  });

// The writers, without zod (the schemas here are for reading results back): json-render.ts.
export { renderJson, renderJsonLine } from './json-render.ts';

/** Validates one result; the error names the JSON path of every problem. */
export function parseGradeResult(text: string): GradeResult {
  return validate(parseJson(text, 'result'), 'result');
}

/** Reads a results.json (one object or an array) or JSON Lines (one object per line; blank lines ignored). */
export function parseGradeResults(text: string): GradeResult[] {
  const whole = tryParseJson(text);
  if (Array.isArray(whole)) return whole.map((v, i) => validate(v, `result #${i + 1}`));
  if (whole !== undefined) return [validate(whole, 'result')];
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines.map((line, i) => validate(parseJson(line, `line ${i + 1}`), `result #${i + 1}`));
}

/** The JSON Schema (draft 2020-12) of results.json entries, documented in the README. */
export function gradeResultJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(gradeResultSchema) as Record<string, unknown>;
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function validate(value: unknown, what: string): GradeResult {
  const parsed = gradeResultSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(`${what} does not match ${RESULT_SCHEMA}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

// Compile-time proof that the schema mirrors the interfaces exactly (both directions).
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type _SchemaMirrorsModel = [
  Assert<Equal<z.infer<typeof checkResultSchema>, CheckResult>>,
  Assert<Equal<z.infer<typeof clusterInfoSchema>, ClusterInfo>>,
  Assert<Equal<z.infer<typeof interruptionSchema>, Interruption>>,
  Assert<Equal<z.infer<typeof gradeErrorSchema>, GradeError>>,
  Assert<Equal<z.infer<typeof gradedResultSchema>, GradedResult>>,
  Assert<Equal<z.infer<typeof ungradedResultSchema>, UngradedResult>>,
  Assert<Equal<z.infer<typeof gradeResultSchema>, GradeResult>>,
];
