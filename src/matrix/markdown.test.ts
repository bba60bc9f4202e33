import { describe, expect, it } from 'vitest';
import { unsafeLines } from '../report/safe-text.ts';
import { cell, failGrade, noInstallGrade, passGrade } from '../testing/matrix-cells.ts';
import { cellFromError } from './cell.ts';
import { cellText, MAX_CELL_ERROR, renderMatrixMarkdown, shortError } from './markdown.ts';
import { MATRIX_SCHEMA, type MatrixCell, type MatrixDocument } from './model.ts';

function doc(cells: MatrixCell[], over: Partial<MatrixDocument> = {}): MatrixDocument {
  return {
    schema: MATRIX_SCHEMA,
    lab: 'lab4',
    submission: 'fixtures/submissions/reference',
    cluster: 'sim',
    startedAt: '2026-03-02T09:30:00.000Z',
    durationMs: 30_000,
    calico: ['v3.20.0', 'v3.28.1'],
    kubernetes: ['v1.24.3', 'v1.31.0'],
    minikube: [],
    cells,
    ...over,
  };
}

const SHORT_PDB = 'calico: no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"';

describe('matrix.md', () => {
  it('puts Calico down and Kubernetes across, each cell ✅, ❌ with ids, ⛔ with its error, or —', () => {
    const none = {
      ...cell(noInstallGrade, { calico: 'v3.20.0', kubernetes: 'v1.31.0' }),
      firstError: SHORT_PDB,
    };
    const md = renderMatrixMarkdown(
      doc([
        none,
        cell(failGrade, { calico: 'v3.28.1', kubernetes: 'v1.24.3' }),
        cell(passGrade, { calico: 'v3.28.1', kubernetes: 'v1.31.0' }),
      ]),
    );
    expect(md).toBe(
      [
        '# Calico × Kubernetes matrix',
        '',
        'Submission fixtures/submissions/reference on the emulated cluster (sim): 1 of 3 cell(s) at full marks.',
        '',
        '| Calico \\ Kubernetes | v1.24.3 | v1.31.0 |',
        '| --- | --- | --- |',
        '| v3.20.0 | — | ⛔ does not install: calico: no matches for kind "PodDisruptionBudget" in version "policy/v1beta1" |',
        '| v3.28.1 | ❌ 2/7: pools.applied, dns.service-resolves | ✅ 5/5 |',
        '',
        "✅ full marks · ❌ short of them (failing checks) · ⛔ does not install (first error) · ⚠️ not graded. Each cell's reports: `<calico>_<kubernetes>/`.",
        '',
      ].join('\n'),
    );
  });

  it('gives each minikube release its own table', () => {
    const v = { calico: 'v3.28.1', kubernetes: 'v1.31.0' };
    const md = renderMatrixMarkdown(
      doc(
        [
          cell(passGrade, { ...v, minikube: 'v1.32.0' }),
          cellFromError(
            { message: 'cancelled' },
            { versions: { ...v, minikube: 'v1.34.0' }, reports: '', totalMs: 0 },
          ),
        ],
        { calico: ['v3.28.1'], kubernetes: ['v1.31.0'], minikube: ['v1.32.0', 'v1.34.0'] },
      ),
    );
    expect(md).toContain(
      [
        '## minikube v1.32.0',
        '',
        '| Calico \\ Kubernetes | v1.31.0 |',
        '| --- | --- |',
        '| v3.28.1 | ✅ 5/5 |',
        '',
        '## minikube v1.34.0',
        '',
        '| Calico \\ Kubernetes | v1.31.0 |',
        '| --- | --- |',
        '| v3.28.1 | ⚠️ not graded: cancelled |',
      ].join('\n'),
    );
  });

  it('escapes cluster and submission text in cells: no table break, HTML, mention or workflow command', () => {
    const hostile = {
      ...cell(noInstallGrade, { calico: 'v3.20.0', kubernetes: 'v1.31.0' }),
      firstError: 'calico: a|b <img src=x> @everyone \u001b[2J',
    };
    expect(cellText(hostile)).toBe(
      '⛔ does not install: calico: a\\|b &lt;img src=x&gt; @&#8203;everyone \\\\x1b\\[2J',
    );
    const md = renderMatrixMarkdown(
      doc([{ ...hostile, firstError: '::error::x\n##[group]y' }], { submission: '::warning::s' }),
    );
    expect(unsafeLines(md)).toEqual([]);
    expect(md).not.toContain('<img');
  });

  it('shows the first line of an error, cut to MAX_CELL_ERROR characters', () => {
    expect(shortError('first\nsecond')).toBe('first');
    // minikube's failed start quoting kubectl's error (cluster/errors.ts): the cell shows kubectl's words.
    expect(
      shortError(
        'cluster: `minikube start -p p` failed with exit code 80: the node failed to start — Exiting due to GUEST_START: apply cni; its output: error: no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"; hint: `minikube logs -p PROFILE` says why',
      ),
    ).toBe('cluster: error: no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"');
    expect(shortError('x'.repeat(MAX_CELL_ERROR + 50))).toHaveLength(MAX_CELL_ERROR);
    expect(shortError(null)).toBe('unknown error');
  });
});
