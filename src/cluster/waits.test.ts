/**
 * The lab's waits on the emulated cluster with the reference submission's 2-replica Deployment,
 * and what their timeouts report when a rollout cannot finish (image pull failures).
 */
import type { V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLabObjects, startTestCluster, type TestCluster } from '../testing/sim-cluster.ts';
import { WaitTimeoutError } from './errors.ts';
import { waitForList } from './wait.ts';
import {
  describePod,
  waitDeploymentRolledOut,
  waitNodesReady,
  waitPodRunning,
  waitPodsReady,
} from './waits.ts';

describe('waits on a healthy cluster', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster();
  });
  afterAll(() => c?.stop());

  it('waits for both nodes to be Ready', async () => {
    const nodes = await waitNodesReady(c.kube, 2, 10_000);
    expect(nodes.map((n) => n.metadata?.name)).toEqual(['t', 't-m02']);
  });

  it('waits for the lab deployment to roll out 2 replicas, then for its pods', async () => {
    const { deployment } = await referenceLabObjects();
    await c.kube.apply(deployment);
    const d = await waitDeploymentRolledOut(c.kube, 'default', 'lab4-deployment', 2, 30_000);
    expect(d.status).toMatchObject({
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    expect(d.status?.observedGeneration).toBeGreaterThanOrEqual(d.metadata?.generation ?? 0);

    const pods = await waitPodsReady(c.kube, 'default', 'app=lab4-frontend', 2, 10_000);
    expect(pods).toHaveLength(2);
    expect(new Set(pods.map((p) => p.status?.podIP)).size).toBe(2);

    const name = pods[0]?.metadata?.name as string;
    const pod = await waitPodRunning(c.kube, 'default', name, 10_000);
    expect(pod.status?.phase).toBe('Running');
  });

  it('reports the status numbers and the pods when the replica count is never reached', async () => {
    const err = await waitDeploymentRolledOut(c.kube, 'default', 'lab4-deployment', 3, 300).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WaitTimeoutError);
    const { lastSeen } = err as WaitTimeoutError;
    expect(lastSeen).toContain('spec.replicas 2, replicas 2, updated 2, ready 2, available 2');
    expect(lastSeen).toMatch(
      /pods: lab4-deployment-\S+: Running, ready=true, node=t(-m02)?; lab4-deployment-/,
    );
  });

  it('says the deployment is missing when it does not exist', async () => {
    const err = await waitDeploymentRolledOut(c.kube, 'default', 'nope', 1, 200).catch((e: unknown) => e);
    expect((err as WaitTimeoutError).lastSeen).toBe('deployment nope not found');
  });
});

describe('waits when images cannot be pulled', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster({ faults: 'image-pull-error' });
  });
  afterAll(() => c?.stop());

  it('times out naming the pull failure of each pod', async () => {
    const { deployment } = await referenceLabObjects();
    await c.kube.apply(deployment);
    // Judge once both pods exist and have failed a pull (the state the timeout message reports).
    await waitForList<V1Pod>(c.kube, {
      what: 'two pods failing their image pull',
      path: '/api/v1/namespaces/default/pods',
      labelSelector: 'app=lab4-frontend',
      timeoutMs: 10_000,
      done: (pods) => pods.filter((p) => /ImagePull/.test(describePod(p))).length === 2,
      describe: (pods) => pods.map(describePod).join('; '),
    });
    const err = await waitDeploymentRolledOut(c.kube, 'default', 'lab4-deployment', 2, 500).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WaitTimeoutError);
    const { lastSeen, message } = err as WaitTimeoutError;
    expect(message).toMatch(
      /^timed out after 500ms waiting for deployment default\/lab4-deployment rolled out/,
    );
    expect(lastSeen).toMatch(/ready 0, available 0/);
    expect(lastSeen).toMatch(/Pending \((ErrImagePull|ImagePullBackOff)\), ready=false/);
  });
});
