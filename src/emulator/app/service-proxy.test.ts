// kube-proxy behaviour from docs/reference-facts.md, kubectl-and-pods §6: random backend per NEW connection, keep-alive
// stays on its backend, sessionAffinity ClientIP pins.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { labCluster, POD_A, POD_B, pod } from '../test-support/lab-cluster.ts';
import { type ServiceProxies, startServiceProxies } from './service-proxy.ts';

function get(url: string, agent: http.Agent | false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
  });
}

let proxies: ServiceProxies | undefined;
afterEach(async () => {
  await proxies?.close();
  proxies = undefined;
});

async function setup(affinity = false) {
  const cluster = labCluster();
  if (affinity) {
    cluster.store.update('services', 'default', 'lab4-service', (d) => {
      d.spec.sessionAffinity = 'ClientIP';
    });
  }
  proxies = await startServiceProxies(cluster.store, cluster.network, cluster.options);
  const [url] = await proxies.urlFor('default', 'lab4-service');
  const byBundle = new Map<string, string>();
  for (const name of [POD_A, POD_B]) {
    const p = cluster.store.get('pods', 'default', name)!;
    byBundle.set(cluster.network.apps.frontendBuild(p).jsPath, name);
  }
  const servedBy = (html: string) => byBundle.get(/src="([^"]+\.js)"/.exec(html)?.[1] ?? '') ?? 'unknown';
  return { cluster, url, servedBy };
}

describe('service proxy', () => {
  it('listens on 127.0.0.1 and spreads 40 fresh connections over both pods', async () => {
    const { url, servedBy } = await setup();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const seen = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const who = servedBy((await get(`${url}/`, false)).body);
      seen.set(who, (seen.get(who) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual([POD_A, POD_B].sort());
  });

  it('keeps a keep-alive connection on one pod, so the bundle named by / is served as JS', async () => {
    const { url, servedBy } = await setup();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(`${url}/`, agent);
      const who = servedBy(first.body);
      const bundle = /src="([^"]+\.js)"/.exec(first.body)![1];
      for (let i = 0; i < 10; i++) expect(servedBy((await get(`${url}/`, agent)).body)).toBe(who);
      const js = await get(`${url}${bundle}`, agent);
      expect(js.body).toContain(`"Container name is: ","${who}"`);
    } finally {
      agent.destroy();
    }
  });

  it('pins every fresh connection to one pod with sessionAffinity ClientIP', async () => {
    const { url, servedBy } = await setup(true);
    const who = new Set<string>();
    for (let i = 0; i < 20; i++) who.add(servedBy((await get(`${url}/`, false)).body));
    expect(who.size).toBe(1);
  });

  it('resets connections while the only backend is still building', async () => {
    const cluster = labCluster({}, { timeFactor: 1 });
    cluster.store.delete('pods', 'default', POD_A);
    cluster.store.delete('pods', 'default', POD_B);
    cluster.store.create(
      'pods',
      pod({
        name: 'fresh',
        node: 'minikube',
        ip: '192.168.0.80',
        labels: { app: 'lab4' },
        startedAtMs: Date.now(),
      }),
    );
    proxies = await startServiceProxies(cluster.store, cluster.network, cluster.options);
    const [url] = await proxies.urlFor('default', 'lab4-service');
    await expect(get(`${url}/`, false)).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
