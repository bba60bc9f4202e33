/** nslookup from a lab pod on the emulated cluster (busybox format, docs/reference-facts.md, container-tools-output §3). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitDeploymentRolledOut } from '../../cluster/waits.ts';
import { referenceLabObjects, startTestCluster, type TestCluster } from '../../testing/sim-cluster.ts';
import { nslookupFrom } from './dns.ts';

let c: TestCluster;
let from: { namespace: string; name: string };

beforeAll(async () => {
  c = await startTestCluster();
  const { deployment, service } = await referenceLabObjects();
  await c.kube.apply(deployment);
  await c.kube.apply(service);
  await waitDeploymentRolledOut(c.kube, 'default', 'lab4-deployment', 2, 30_000);
  const pod = (await c.kube.listPods('default', 'app=lab4-frontend'))[0];
  from = { namespace: 'default', name: pod?.metadata?.name as string };
});
afterAll(() => c?.stop());

describe('nslookupFrom', () => {
  it('resolves the Service FQDN to its ClusterIP', async () => {
    const svc = await c.kube.getService('default', 'lab4-service');
    const r = await nslookupFrom(c.kube, from, 'lab4-service.default.svc.cluster.local');
    expect(r.exitCode).toBe(0);
    expect(r.parsed.nxdomain).toBe(false);
    expect(r.parsed.answers).toContainEqual({
      name: 'lab4-service.default.svc.cluster.local',
      address: svc.spec?.clusterIP,
    });
  });

  it('reports NXDOMAIN with exit code 1 for an unknown name', async () => {
    const r = await nslookupFrom(c.kube, from, 'nosuch.default.svc.cluster.local');
    expect(r.exitCode).toBe(1);
    expect(r.parsed).toMatchObject({ nxdomain: true, answers: [] });
    expect(r.output).toContain("** server can't find nosuch.default.svc.cluster.local: NXDOMAIN");
  });
});
