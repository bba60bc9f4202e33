import { describe, expect, it } from 'vitest';
import { cell, failGrade, noInstallGrade, passGrade } from '../testing/matrix-cells.ts';
import { MatrixJsonError, mergeMatrices, parseMatrixJson, renderMatrixJson } from './json.ts';
import { MATRIX_SCHEMA, type MatrixDocument } from './model.ts';

function one(calico: string, kubernetes: string, grade = passGrade, over: Partial<MatrixDocument> = {}) {
  return {
    schema: MATRIX_SCHEMA,
    lab: 'lab4',
    submission: 'fixtures/submissions/reference',
    cluster: 'minikube' as const,
    startedAt: '2026-03-02T09:30:00.000Z',
    durationMs: 60_000,
    calico: [calico],
    kubernetes: [kubernetes],
    minikube: [],
    cells: [cell(grade, { calico, kubernetes })],
    ...over,
  };
}

describe('matrix.json', () => {
  it('is the document as JSON, schema kube-lab-grader/matrix@1, read back as it was', () => {
    const doc = one('v3.20.0', 'v1.31.0', noInstallGrade);
    const text = renderMatrixJson(doc);
    expect(JSON.parse(text)).toEqual(doc);
    expect(JSON.parse(text).schema).toBe('kube-lab-grader/matrix@1');
    expect(JSON.parse(text).cells[0]).toEqual({
      versions: { calico: 'v3.20.0', kubernetes: 'v1.31.0' },
      observed: {},
      status: 'no-install',
      score: 0,
      maxScore: 2,
      failing: ['cluster.calico-healthy'],
      firstError: expect.stringMatching(/^calico: error: resource mapping not found/),
      durations: { totalMs: 12_000, steps: { cluster: 9000, calico: 1500 } },
      reports: 'v3.20.0_v1.31.0',
    });
    expect(parseMatrixJson(text, 'matrix.json')).toEqual(doc);
  });

  it('keeps workflow commands out of the file, losslessly', () => {
    const doc = one('v3.20.0', 'v1.31.0', noInstallGrade);
    const hostile = { ...doc, cells: [{ ...doc.cells[0]!, firstError: 'x\n::error::y ##[group]' }] };
    const text = renderMatrixJson(hostile);
    expect(text).not.toContain('##[');
    expect(parseMatrixJson(text, 'm').cells[0]?.firstError).toBe('x\n::error::y ##[group]');
  });

  it.each([
    ['not json', 'm.json: not JSON'],
    ['{"schema":"kube-lab-grader/result@1"}', 'm.json: not a kube-lab-grader/matrix@1 document (schema:'],
    [JSON.stringify({ ...one('v3.20.0', 'v1.31.0'), calico: ['../x'] }), '(calico.0:'],
  ])('refuses %s', (text, message) => {
    expect(() => parseMatrixJson(text, 'm.json')).toThrow(MatrixJsonError);
    expect(() => parseMatrixJson(text, 'm.json')).toThrow(message);
  });
});

describe('merging the cells of a workflow', () => {
  it('unites the axes in version order and sorts the cells by Calico, then Kubernetes', () => {
    const merged = mergeMatrices([
      { source: 'b', doc: one('v3.28.1', 'v1.31.0', passGrade, { durationMs: 90_000 }) },
      { source: 'a', doc: one('v3.28.1', 'v1.24.3', failGrade) },
      {
        source: 'c',
        doc: one('v3.20.0', 'v1.31.0', noInstallGrade, { startedAt: '2026-03-02T09:29:00.000Z' }),
      },
    ]);
    expect(merged.calico).toEqual(['v3.20.0', 'v3.28.1']);
    expect(merged.kubernetes).toEqual(['v1.24.3', 'v1.31.0']);
    expect(merged.cells.map((c) => `${c.versions.calico}_${c.versions.kubernetes}:${c.status}`)).toEqual([
      'v3.20.0_v1.31.0:no-install',
      'v3.28.1_v1.24.3:fail',
      'v3.28.1_v1.31.0:pass',
    ]);
    expect(merged.startedAt).toBe('2026-03-02T09:29:00.000Z');
    expect(merged.durationMs).toBe(90_000);
    expect(merged.schema).toBe(MATRIX_SCHEMA);
  });

  it('orders versions numerically, not as text (v3.9.0 before v3.10.0)', () => {
    const merged = mergeMatrices([
      { source: 'a', doc: one('v3.10.0', 'v1.31.0') },
      { source: 'b', doc: one('v3.9.0', 'v1.31.0') },
    ]);
    expect(merged.calico).toEqual(['v3.9.0', 'v3.10.0']);
  });

  it('refuses a cell twice, another submission, or nothing to merge', () => {
    const a = one('v3.28.1', 'v1.31.0');
    expect(() =>
      mergeMatrices([
        { source: 'x', doc: a },
        { source: 'y', doc: a },
      ]),
    ).toThrow('y: the cell calico v3.28.1 × kubernetes v1.31.0 is also in x');
    expect(() =>
      mergeMatrices([
        { source: 'x', doc: a },
        { source: 'y', doc: one('v3.20.0', 'v1.31.0', passGrade, { submission: 'other' }) },
      ]),
    ).toThrow('y: submission is "other", x has "fixtures/submissions/reference"');
    expect(() => mergeMatrices([])).toThrow('no matrix.json files to merge');
  });
});
