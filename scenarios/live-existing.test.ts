/**
 * `--cluster existing`: grading on a cluster a kubeconfig reaches (no minikube at all). The emulated
 * API server stands in for it; the driver connects by context, and probes the Service from inside the
 * cluster since there is no `minikube service --url`.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveConfigFromEnv } from '../src/live/config.ts';
import { LiveGrade } from '../src/live/engine.ts';
import { startTestCluster, type TestCluster } from '../src/testing/sim-cluster.ts';
import { FIXTURES } from './live-helpers.ts';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('lab-grader grade --cluster existing --context t', () => {
  it('grades the reference on the context, sampling the Service from inside the cluster', async () => {
    const config = liveConfigFromEnv({
      SUBMISSION: join(FIXTURES, 'reference'),
      LAB_CLUSTER: 'existing',
      LAB_CONTEXT: 't',
      LAB_KUBECONFIG: cluster.kubeconfigPath,
      // The emulator in this process runs without delays; timeouts as for a real cluster.
    });
    const { result, evidence: e } = await (await LiveGrade.open(config, { signals: false })).run();
    expect(e.cluster).toMatchObject({ kind: 'existing', context: 't' });
    expect(e.probes.lb?.method).toBe('in-cluster');
    // Node names of this cluster are t and t-m02: the report's minikube/minikube-m02 map by order.
    expect(e.labelsApplied).toEqual([
      { node: 't', key: 'rack', value: '0' },
      { node: 't-m02', key: 'rack', value: '1' },
    ]);
    const notPassing = result.checks.filter((r) => r.status !== 'pass');
    expect(notPassing.map((r) => `${r.id}: ${r.message}`)).toEqual([]);
  }, 120_000);
});
