import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRubric } from '../rubric/rubric.ts';
import { buildSubmission } from '../submission/read.ts';
import { POOLS, report } from '../testing/submission-builder.ts';
import { deriveFacts, mapReportNodes } from './facts.ts';

const facts = (files: Record<string, string>) =>
  deriveFacts(
    buildSubmission(
      '/s',
      '/s',
      Object.entries(files).map(([p, text]) => ({ path: p, text, size: text.length })),
    ),
    defaultRubric,
  );

describe('mapReportNodes', () => {
  it('maps exact names, then -mNN suffixes, then the rest in order', () => {
    const m = mapReportNodes(['lab', 'lab-m02'], ['node-a', 'multinode-m02', 'lab']);
    expect(Object.fromEntries(m)).toEqual({ lab: 0, 'multinode-m02': 1 });
    const n = mapReportNodes(['minikube', 'minikube-m02'], ['first', 'second']);
    expect(Object.fromEntries(n)).toEqual({ first: 0, second: 1 });
  });
});

describe('the nodes of the lab model', () => {
  it("are minikube's, with minikube's labels plus the report's", () => {
    const f = facts({
      'ippool.yaml': POOLS,
      'lab4.md': report('kubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 rack=1'),
    });
    expect(f.nodes.map((n) => n.name)).toEqual(['minikube', 'minikube-m02']);
    expect(f.nodes[0]?.labels).toMatchObject({
      rack: '0',
      'kubernetes.io/hostname': 'minikube',
      'node-role.kubernetes.io/control-plane': '',
    });
    expect(f.nodes[1]?.appliedLabels).toEqual({ rack: '1' });
  });
});

describe('deriving the lab model', () => {
  it('happens once per grade: only the grade entry points call deriveFacts, and pass the facts on', () => {
    const src = path.join(import.meta.dirname, '..');
    const callers = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('testing/'))
      .filter((f) => /\bderiveFacts\(/.test(readFileSync(path.join(src, f), 'utf8')))
      .sort();
    // The static grade, the live grade (LiveSession.open) and `evaluate` (a saved live grade).
    expect(callers).toEqual(['cli/evaluate.ts', 'grade/static.ts', 'lab/facts.ts', 'live/session.ts']);
    const session = readFileSync(path.join(src, 'live/session.ts'), 'utf8');
    expect(session.match(/\bderiveFacts\(/g)).toHaveLength(1);
  });
});
