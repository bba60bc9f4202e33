import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/checks/types.ts';
import type { GradeResult } from '../src/report/model.ts';
import { agreement, compare, compareWithScreens, ourVerdict } from './corpus-agreement.ts';

const check = (id: string, status: CheckResult['status'], evidence?: unknown): CheckResult => ({
  id,
  group: id.split('.')[0] as string,
  title: id,
  status,
  points: 0,
  maxPoints: 1,
  message: `${id} ${status}`,
  evidence,
});
const result = (checks: CheckResult[]): GradeResult => ({
  schema: 'kube-lab-grader/result@1',
  status: 'graded',
  lab: 'lab4',
  submission: 's',
  cluster: null,
  score: 0,
  maxScore: checks.length,
  checks,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
});

describe('corpus agreement', () => {
  it('balanced accuracy is the mean of failures caught and passes kept, not raw agreement', () => {
    const rows = [
      ...Array.from({ length: 9 }, () => ({
        field: 'f',
        expert: 'pass' as const,
        ours: 'pass' as const,
        message: '',
      })),
      { field: 'f', expert: 'fail' as const, ours: 'pass' as const, message: '' },
    ];
    const a = agreement(rows);
    expect(a.rawAgreement).toBe(0.9);
    expect(a.balancedAccuracy).toBe(0.5);
  });

  it('skips unknown labels and maps checks to fields', () => {
    const rows = compare(
      {
        pools_overlap: false,
        cidr_valid: 'unknown',
        default_pool_deleted: 'unknown',
        service_selects_pods: false,
        verdict: 'fail',
      },
      result([
        check('pools.no-overlap', 'pass'),
        check('pools.cidr-valid', 'fail'),
        check('service.selects-pods', 'fail'),
      ]),
    );
    expect(rows.map((r) => [r.field, r.expert, r.ours])).toEqual([
      ['pools_overlap', 'pass', 'pass'],
      ['service_selects_pods', 'fail', 'fail'],
      ['verdict', 'fail', 'fail'],
    ]);
  });

  it('judges the verdict on what is written: a failure for lack of evidence does not fail it', () => {
    expect(ourVerdict(result([check('a.b', 'fail', { notShown: true }), check('c.d', 'pass')]))).toBe('pass');
    expect(ourVerdict(result([check('a.b', 'fail', { notShown: true }), check('c.d', 'fail')]))).toBe('fail');
  });

  it('a failure that rests on a screenshot is not part of the verdict on what is written', () => {
    expect(ourVerdict(result([check('a.b', 'fail', { fromScreens: true }), check('c.d', 'pass')]))).toBe(
      'pass',
    );
  });

  it('counts labels_screens.json where labels.json leaves a field undecided, and for the pods shown', () => {
    const labels = {
      default_pool_deleted: true,
      selectors_match_labels: 'unknown',
      minikube_start: [],
      nodes: null,
      verdict: 'pass',
    };
    const screens = {
      default_pool_deleted: false,
      selectors_match_labels: true,
      pod_ips_in_pools: false,
      minikube_start: {
        shown: true,
        commands: ['minikube start --nodes 2 --cni calico'],
        nodes: 2,
        cni: 'calico',
      },
    };
    const r = result([
      check('pools.default-removed', 'pass'),
      check('labels.match-pools', 'skip'),
      check('pods.shown-ips-in-pools', 'fail', { fromScreens: true }),
      check('minikube.start-flags', 'pass', { fromScreens: true }),
    ]);
    expect(compareWithScreens(labels, screens, r).map((x) => [x.field, x.expert, x.ours])).toEqual([
      ['default_pool_deleted', 'pass', 'pass'],
      ['verdict', 'pass', 'pass'],
      ['minikube_start', 'pass', 'pass'],
      ['selectors_match_labels', 'pass', 'skip'],
      ['pods.shown-ips-in-pools', 'fail', 'fail'],
    ]);
    expect(compareWithScreens(labels, null, r)).toEqual(compare(labels, r));
  });
});
