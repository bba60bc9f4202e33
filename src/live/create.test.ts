/**
 * createObject sends the submission's object as written, with strict field validation, as
 * `kubectl apply` does (kubectl's default `--validate=strict` sends `fieldValidation=Strict`:
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation). client-node's own
 * `create` would serialise the body through its models and drop an unknown field before the server
 * sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceLabObjects, startTestCluster, type TestCluster } from '../testing/sim-cluster.ts';
import { createObject } from './create.ts';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster();
}, 60_000);
afterAll(() => cluster?.stop());

const withContainer = (deployment: Record<string, unknown>, edit: (c: Record<string, unknown>) => void) => {
  const copy = structuredClone(deployment) as {
    metadata: { name: string };
    spec: { template: { spec: { containers: Record<string, unknown>[] } } };
  };
  edit(copy.spec.template.spec.containers[0] as Record<string, unknown>);
  return copy as unknown as Record<string, unknown>;
};

describe('createObject', () => {
  it("refuses an unknown field with the API server's strict decoding error, naming the field", async () => {
    const { deployment } = await referenceLabObjects();
    const typo = withContainer(deployment as unknown as Record<string, unknown>, (c) => {
      c.port = c.ports;
      delete c.ports;
    });
    const r = await createObject(cluster.kube, { ...typo, metadata: { name: 'typo' } }, { dryRun: true });
    expect(r).toMatchObject({ ok: false, code: 400, reason: 'BadRequest' });
    expect(r.ok ? '' : r.message).toContain(
      'strict decoding error: unknown field "spec.template.spec.containers[0].port"',
    );
  });

  it('sends a string where the schema wants a number as written, and the server refuses it', async () => {
    const { deployment } = await referenceLabObjects();
    const d = structuredClone(deployment) as unknown as { spec: Record<string, unknown> };
    d.spec.replicas = '2';
    const r = await createObject(
      cluster.kube,
      { ...(d as unknown as Record<string, unknown>), metadata: { name: 'string-replicas' } },
      { dryRun: true },
    );
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toContain('spec.replicas');
  });

  it('creates the reference Deployment: a dry run stores nothing, the real create does', async () => {
    const { deployment } = await referenceLabObjects();
    const body = { ...(deployment as unknown as Record<string, unknown>), metadata: { name: 'ok' } };
    const dry = await createObject(cluster.kube, body, { dryRun: true });
    expect(dry.ok).toBe(true);
    const apps = cluster.kube.kc.makeApiClient(cluster.kube.k8s.AppsV1Api);
    const names = async () =>
      (await apps.listNamespacedDeployment({ namespace: 'default' })).items.map((d) => d.metadata?.name);
    expect(await names()).not.toContain('ok');
    const real = await createObject(cluster.kube, body);
    expect(real.ok).toBe(true);
    expect(await names()).toContain('ok');
  });
});
