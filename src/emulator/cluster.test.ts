import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceNotFoundError, type SimCluster, startSimCluster } from './cluster.ts';
import { defaultSimOptions, NO_FAULTS, type SimOptions } from './config.ts';
import type { NodeFilesResponse, SimNodeInfo, SimStatus } from './minikube/control-api.ts';

const options: SimOptions = defaultSimOptions({ kubernetesVersion: 'v1.24.3' });

async function get(cluster: SimCluster, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(new URL(path, cluster.url));
  return { status: res.status, body: await res.json() };
}

let cluster: SimCluster;
beforeAll(async () => {
  cluster = await startSimCluster(options);
});
afterAll(async () => {
  await cluster?.stop();
});

describe('startSimCluster', () => {
  it('serves the Kubernetes API with the requested version', async () => {
    const { status, body } = await get(cluster, '/version');
    expect(status).toBe(200);
    expect(body).toMatchObject({ gitVersion: 'v1.24.3' });
    expect(cluster.url).toBe(`http://127.0.0.1:${cluster.port}`);
  });

  it('has the minikube nodes with docker-network IPs (docs/reference-facts.md, minikube §3)', () => {
    expect(cluster.nodes().map((n) => [n.name, n.ip, n.controlPlane])).toEqual([
      ['minikube', '192.168.49.2', true],
      ['minikube-m02', '192.168.49.3', false],
    ]);
  });

  it('exposes status, nodes and node files on the /__sim/ control routes', async () => {
    const status = (await get(cluster, '/__sim/status')).body as SimStatus;
    expect(status.profile).toBe('minikube');
    expect(status.apiServer).toBe('Running');
    expect(status.nodes.map((n) => n.name)).toEqual(['minikube', 'minikube-m02']);
    expect(status.systemPods.total).toBeGreaterThan(0);

    const nodes = (await get(cluster, '/__sim/nodes')).body as SimNodeInfo[];
    expect(nodes).toEqual(status.nodes);

    const files = await get(cluster, '/__sim/node-files?node=minikube-m02');
    expect(files.status).toBe(200);
    const conflist = (files.body as NodeFilesResponse).files['/etc/cni/net.d/10-calico.conflist'];
    expect(JSON.parse(conflist).plugins[0]).toMatchObject({
      nodename: 'minikube-m02',
      ipam: { type: 'calico-ipam' },
    });
    expect(cluster.nodeFile('minikube-m02', '/etc/cni/net.d/10-calico.conflist')).toBe(conflist);
  });

  it('answers unknown nodes, services and routes with 404 JSON', async () => {
    expect((await get(cluster, '/__sim/node-files?node=minikube-m09')).status).toBe(404);
    expect(await get(cluster, '/__sim/service-urls?namespace=default&name=nope')).toEqual({
      status: 404,
      body: { error: 'service "nope" not found in namespace "default"' },
    });
    expect((await get(cluster, '/__sim/bogus')).status).toBe(404);
    await expect(cluster.serviceUrls('default', 'nope')).rejects.toBeInstanceOf(ServiceNotFoundError);
    expect(cluster.nodeFile('minikube', '/etc/shadow')).toBeUndefined();
  });

  it('gives host URLs for an existing Service', async () => {
    // The `kubernetes` Service exists in every cluster.
    const res = await get(cluster, '/__sim/service-urls?namespace=default&name=kubernetes');
    expect(res.status).toBe(200);
    const body = res.body as { urls: string[]; portNames: string[] };
    expect(body.urls.length).toBe(body.portNames.length);
    for (const u of body.urls) expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('renders host-local IPAM in the conflist with the fault', async () => {
    const faulty = await startSimCluster({
      ...options,
      profile: 'faulty',
      nodes: 1,
      faults: { ...NO_FAULTS, hostLocalIpam: true },
    });
    try {
      const conf = JSON.parse(faulty.nodeFile('faulty', '/etc/cni/net.d/10-calico.conflist') ?? '{}');
      expect(conf.plugins[0].ipam.type).toBe('host-local');
      expect(faulty.port).not.toBe(cluster.port);
    } finally {
      await faulty.stop();
    }
  });
});
