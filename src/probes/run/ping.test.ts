/**
 * ping between the lab's pods on the emulated cluster: by IP, by the pod DNS name
 * (`a-b-c-d.default.pod.cluster.local`), and to a name that does not resolve. Output format:
 * docs/reference-facts.md, container-tools-output §1 (busybox).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitDeploymentRolledOut } from '../../cluster/waits.ts';
import { referenceLabObjects, startTestCluster, type TestCluster } from '../../testing/sim-cluster.ts';
import { pingFrom } from './ping.ts';

let c: TestCluster;
let pods: { name: string; ip: string }[];

beforeAll(async () => {
  c = await startTestCluster();
  const { deployment } = await referenceLabObjects();
  await c.kube.apply(deployment);
  await waitDeploymentRolledOut(c.kube, 'default', 'lab4-deployment', 2, 30_000);
  pods = (await c.kube.listPods('default', 'app=lab4-frontend')).map((p) => ({
    name: p.metadata?.name as string,
    ip: p.status?.podIP as string,
  }));
});
afterAll(() => c?.stop());

const from = () => ({ namespace: 'default', name: pods[0]?.name as string });

describe('pingFrom', () => {
  it('pings the other pod by IP: 3 sent, 3 received', async () => {
    const target = pods[1]?.ip as string;
    const r = await pingFrom(c.kube, from(), target);
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain(`PING ${target} (${target}): 56 data bytes`);
    expect(r.parsed).toMatchObject({
      format: 'busybox',
      ip: target,
      transmitted: 3,
      received: 3,
      lossPct: 0,
    });
    expect(r.unresolved).toBeNull();
  });

  it('pings the other pod by its pod DNS name, resolving to its IP', async () => {
    const ip = pods[1]?.ip as string;
    const fqdn = `${ip.replaceAll('.', '-')}.default.pod.cluster.local`;
    const r = await pingFrom(c.kube, from(), fqdn, 2);
    expect(r.exitCode).toBe(0);
    expect(r.parsed).toMatchObject({ target: fqdn, ip, transmitted: 2, received: 2 });
  });

  it('reports a name that does not resolve (busybox "bad address")', async () => {
    const r = await pingFrom(c.kube, from(), 'nosuch.default.svc.cluster.local');
    expect(r.exitCode).toBe(1);
    expect(r.parsed).toBeNull();
    expect(r.unresolved).toEqual({ name: 'nosuch.default.svc.cluster.local' });
  });
});
