import { z } from 'zod';
import { compareVersions } from '../minikube/versions.ts';
import { safeJson } from '../report/safe-text.ts';
import { MATRIX_SCHEMA, type MatrixCell, type MatrixDocument } from './model.ts';

/*
 * matrix.json: written by `lab-grader matrix`, read back by the merge of a workflow's cells
 * (scripts/matrix-merge.ts). The zod schema mirrors model.ts; the assertion at the bottom makes tsc
 * fail when they drift apart.
 */

const version = z.string().regex(/^v\d+\.\d+\.\d+$/);

const cellSchema = z.strictObject({
  versions: z.strictObject({ calico: version, kubernetes: version, minikube: version.optional() }),
  observed: z.strictObject({
    calico: z.string().optional(),
    kubernetes: z.string().optional(),
    minikube: z.string().optional(),
    runtime: z.string().optional(),
  }),
  status: z.enum(['pass', 'fail', 'no-install', 'error']),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  failing: z.array(z.string()),
  firstError: z.string().nullable(),
  durations: z.strictObject({
    totalMs: z.number().min(0),
    steps: z.record(z.string(), z.number().min(0)),
  }),
  reports: z.string(),
});

const documentSchema = z.strictObject({
  schema: z.literal(MATRIX_SCHEMA),
  lab: z.string(),
  submission: z.string(),
  cluster: z.enum(['sim', 'minikube']),
  startedAt: z.string(),
  durationMs: z.number().min(0),
  calico: z.array(version),
  kubernetes: z.array(version),
  minikube: z.array(version),
  cells: z.array(cellSchema),
});

export class MatrixJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatrixJsonError';
  }
}

export function renderMatrixJson(doc: MatrixDocument): string {
  return `${safeJson(JSON.stringify(doc, null, 2))}\n`;
}

/** A matrix.json's text as a document; MatrixJsonError naming the file and the first bad field. */
export function parseMatrixJson(text: string, source: string): MatrixDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new MatrixJsonError(`${source}: not JSON (${(e as Error).message})`);
  }
  const parsed = documentSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MatrixJsonError(
      `${source}: not a ${MATRIX_SCHEMA} document (${issue?.path.join('.') || 'top level'}: ${issue?.message})`,
    );
  }
  return parsed.data as MatrixDocument;
}

const cellKey = (c: MatrixCell) =>
  `${c.versions.minikube ?? ''}|${c.versions.calico}|${c.versions.kubernetes}`;

/**
 * One document from several (a workflow's jobs, one cell each): axes are the union, in version order;
 * cells sorted by minikube, Calico, Kubernetes. They must grade the same lab and submission on the
 * same kind of cluster, and no cell may come twice.
 */
export function mergeMatrices(docs: readonly { source: string; doc: MatrixDocument }[]): MatrixDocument {
  const [first] = docs;
  if (!first) throw new MatrixJsonError('no matrix.json files to merge');
  const seen = new Map<string, string>();
  const cells: MatrixCell[] = [];
  for (const { source, doc } of docs) {
    for (const key of ['lab', 'submission', 'cluster'] as const)
      if (doc[key] !== first.doc[key])
        throw new MatrixJsonError(
          `${source}: ${key} is ${JSON.stringify(doc[key])}, ${first.source} has ${JSON.stringify(first.doc[key])}`,
        );
    for (const cell of doc.cells) {
      const before = seen.get(cellKey(cell));
      if (before)
        throw new MatrixJsonError(
          `${source}: the cell calico ${cell.versions.calico} × kubernetes ${cell.versions.kubernetes} is also in ${before}`,
        );
      seen.set(cellKey(cell), source);
      cells.push(cell);
    }
  }
  const axis = (pick: (d: MatrixDocument) => string[]) =>
    [...new Set(docs.flatMap(({ doc }) => pick(doc)))].sort(compareVersions);
  const minikube = axis((d) => d.minikube);
  const calico = axis((d) => d.calico);
  const kubernetes = axis((d) => d.kubernetes);
  const rank = (list: string[], v: string | undefined) => (v === undefined ? -1 : list.indexOf(v));
  cells.sort(
    (a, b) =>
      rank(minikube, a.versions.minikube) - rank(minikube, b.versions.minikube) ||
      rank(calico, a.versions.calico) - rank(calico, b.versions.calico) ||
      rank(kubernetes, a.versions.kubernetes) - rank(kubernetes, b.versions.kubernetes),
  );
  const starts = docs.map(({ doc }) => doc.startedAt).sort();
  return {
    schema: MATRIX_SCHEMA,
    lab: first.doc.lab,
    submission: first.doc.submission,
    cluster: first.doc.cluster,
    startedAt: starts[0] ?? first.doc.startedAt,
    // Jobs run side by side: the longest one is the matrix's wall time.
    durationMs: Math.max(...docs.map(({ doc }) => doc.durationMs)),
    calico,
    kubernetes,
    minikube,
    cells,
  };
}

// tsc fails here when the schema and model.ts drift apart.
type Parsed = z.infer<typeof documentSchema>;
const _toModel = (p: Parsed): MatrixDocument => p;
const _fromModel = (m: MatrixDocument): Parsed => m;
void _toModel;
void _fromModel;
