/**
 * A version matrix (`lab-grader matrix`): one submission graded live in every combination of a
 * Calico and a Kubernetes version (optionally per minikube release), each on a fresh cluster of its
 * own. `matrix.json` is this document; a public interface (the workflow merges the cells' files).
 */

export const MATRIX_SCHEMA = 'kube-lab-grader/matrix@1' as const;

/**
 * What a cell came to:
 * - `pass`: graded, full marks (✅);
 * - `fail`: graded, short of full marks (❌ with the failing check ids);
 * - `no-install`: the cluster or Calico could not be brought up in this combination (⛔ with the
 *   first error) — the versions do not work together, whatever the submission;
 * - `error`: no grade for a reason outside the versions (interrupted, cancelled, a check errored,
 *   an image registry timing out, a crash).
 */
export type CellStatus = 'pass' | 'fail' | 'no-install' | 'error';

export interface CellVersions {
  calico: string;
  kubernetes: string;
  /** The minikube release asked for (`--minikube-version`); absent when not asked. */
  minikube?: string;
}

export interface MatrixCell {
  /** As asked for. */
  versions: CellVersions;
  /** What the cluster reported running (may differ from the request on a real minikube). */
  observed: { calico?: string; kubernetes?: string; minikube?: string; runtime?: string };
  status: CellStatus;
  score: number | null;
  maxScore: number | null;
  /** Ids of checks that failed, errored, were not verified or got partial credit, in check order. */
  failing: string[];
  /** The first thing that went wrong (`step: message`, or `check.id: message`); null for ✅. */
  firstError: string | null;
  durations: {
    /** The whole cell: cluster start to cluster delete. */
    totalMs: number;
    /** Each live step's duration, in step order. */
    steps: Record<string, number>;
  };
  /** The cell's folder of reports, relative to the matrix's report dir (`v3.26.1_v1.31.0`). */
  reports: string;
}

export interface MatrixDocument {
  schema: typeof MATRIX_SCHEMA;
  lab: string;
  /** The submission graded (as the reports show it). */
  submission: string;
  cluster: 'sim' | 'minikube';
  startedAt: string;
  durationMs: number;
  /** The axes, in the order given (rows, columns, sections). */
  calico: string[];
  kubernetes: string[];
  /** Empty when no minikube release was asked for (the installed one, or the emulator's default). */
  minikube: string[];
  cells: MatrixCell[];
}
