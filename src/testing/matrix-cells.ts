/** Cells and grades for the matrix writers' tests (not used by production code). */

import { type CellGrade, cellFromGrade } from '../matrix/cell.ts';
import type { CellVersions, MatrixCell } from '../matrix/model.ts';
import { ungradedResult } from '../report/result.ts';
import { makeResult, PINNED_STARTED_AT } from './result-builder.ts';

const ctx = (versions: CellVersions) => ({
  versions,
  reports: `${versions.calico}_${versions.kubernetes}`,
  totalMs: 12_000,
});

const steps = (calico: 'ok' | 'failed', error?: string): NonNullable<CellGrade['steps']> => [
  { name: 'cluster', status: 'ok', durationMs: 9000 },
  { name: 'calico', status: calico, durationMs: 1500, ...(error ? { error } : {}) },
];

export const passGrade: CellGrade = {
  result: makeResult([
    { id: 'cluster.calico-healthy', maxPoints: 2 },
    { id: 'pools.applied', maxPoints: 3 },
  ]),
  steps: steps('ok'),
};

export const failGrade: CellGrade = {
  result: makeResult([
    { id: 'cluster.calico-healthy', maxPoints: 2 },
    { id: 'pools.applied', maxPoints: 3, status: 'fail', message: 'calicoctl refused rack-0-ippool' },
    { id: 'dns.service-resolves', maxPoints: 2, status: 'skip', message: 'the rollout was skipped' },
  ]),
  steps: steps('ok'),
};

export const PDB_ERROR =
  'error: resource mapping not found for name: "calico-kube-controllers" namespace: "kube-system" from "calico.yaml": no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"\nensure CRDs are installed first';

export const noInstallGrade: CellGrade = {
  result: makeResult([{ id: 'cluster.calico-healthy', maxPoints: 2, status: 'fail' }]),
  steps: steps('failed', PDB_ERROR),
};

export const ungradedClusterGrade: CellGrade = {
  result: ungradedResult({
    lab: 'lab4',
    submission: 'alice',
    step: 'cluster',
    message: 'minikube start: exit 106 K8S_OLD_UNSUPPORTED',
    startedAt: PINNED_STARTED_AT,
    durationMs: 3000,
  }),
  steps: [
    {
      name: 'cluster',
      status: 'failed',
      durationMs: 3000,
      error: 'minikube start: exit 106 K8S_OLD_UNSUPPORTED',
    },
  ],
};

export function cell(grade: CellGrade, versions: CellVersions): MatrixCell {
  return cellFromGrade(grade, ctx(versions));
}
