/** Broken submissions graded live: the static check and what the cluster then really does both fail. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, gradeOnSim } from './live-helpers.ts';

const CASES: { fixture: string; fails: string[] }[] = [
  // No pool selects a node labelled zone=…: Calico has no pool for the pods, which stay ContainerCreating.
  {
    fixture: 'selector-label-mismatch',
    fails: ['deployment.rolled-out', 'labels.match-pools', 'pools.applied'],
  },
  {
    fixture: 'service-selector-mismatch',
    fails: ['service.endpoints', 'service.lb-spread', 'service.selects-pods'],
  },
  { fixture: 'default-pool-kept', fails: ['pools.default-removed'] },
  { fixture: 'wrong-image', fails: ['deployment.image', 'deployment.rolled-out'] },
  { fixture: 'missing-env', fails: ['app.env-rendered', 'deployment.env'] },
  { fixture: 'overlapping-pools', fails: ['deployment.rolled-out', 'pools.applied', 'pools.no-overlap'] },
];

describe.concurrent('broken fixtures on the emulated cluster', () => {
  for (const c of CASES) {
    it(`${c.fixture}: fails ${c.fails.join(', ')}`, async () => {
      const run = await gradeOnSim(join(FIXTURES, 'broken', c.fixture));
      expect(run.failing).toEqual(c.fails);
      for (const r of run.results.filter((x) => x.status === 'fail'))
        expect(r.hint, `${r.id} hint`).toBeTruthy();
      expect(run.profilesAfter).toEqual([]);
    });
  }
});
