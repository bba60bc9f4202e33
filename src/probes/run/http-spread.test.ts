/**
 * Service spread of the lab app (docs/reference-facts.md, container-tools-output §6): from the host over the NodePort
 * stand-in (new connection per sample, bundle on the same keep-alive connection), and from inside
 * a pod with busybox wget. The retry on an HTML bundle answer is shown with a small local server
 * that behaves like a second pod's catch-all.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitDeploymentRolledOut } from '../../cluster/waits.ts';
import { referenceLabObjects, startTestCluster, type TestCluster } from '../../testing/sim-cluster.ts';
import { countByPod, sampleServiceFromHost, sampleServiceInCluster } from './http-spread.ts';

let c: TestCluster;
let pods: { name: string; ip: string }[];

beforeAll(async () => {
  c = await startTestCluster();
  const { deployment, service } = await referenceLabObjects();
  await c.kube.apply(deployment);
  await c.kube.apply(service);
  await waitDeploymentRolledOut(c.kube, 'default', 'lab4-deployment', 2, 30_000);
  pods = (await c.kube.listPods('default', 'app=lab4-frontend')).map((p) => ({
    name: p.metadata?.name as string,
    ip: p.status?.podIP as string,
  }));
});
afterAll(() => c?.stop());

describe('sampleServiceFromHost', () => {
  it('reaches both pods of the NodePort service and reads their baked-in values', async () => {
    const { urls } = await c.sim.serviceUrls('default', 'lab4-service');
    const samples = await sampleServiceFromHost(urls[0] as string, { samples: 20, timeoutMs: 10_000 });
    expect(samples).toHaveLength(20);
    for (const s of samples) {
      expect(s).toMatchObject({ ok: true, username: 'ivanova-as', company: 'ITMO University' });
      expect(s.bundlePath).toMatch(/^\/static\/js\/main\.[0-9a-f]+\.js$/);
      // Each pod's bundle names that pod and its IP.
      expect(pods).toContainEqual({ name: s.pod, ip: s.ip });
    }
    expect(Object.keys(countByPod(samples)).sort()).toEqual(pods.map((p) => p.name).sort());
  });

  it('records a connection error when nothing listens', async () => {
    const [s] = await sampleServiceFromHost('http://127.0.0.1:1', { samples: 1, timeoutMs: 2000 });
    expect(s).toMatchObject({ ok: false, attempts: 1 });
    expect(s?.error).toMatch(/ECONNREFUSED/);
  });
});

describe('sampleServiceFromHost retry when the bundle comes back as HTML', () => {
  let server: http.Server;
  let url: string;
  let connections = 0;
  const index = (hash: string) =>
    `<!doctype html><html><head><script defer="defer" src="/static/js/main.${hash}.js"></script></head><body><div id="root"></div></body></html>`;

  beforeAll(async () => {
    // Connection 1 plays a pod whose bundle is missing (catch-all answers index.html);
    // connection 2 serves a proper bundle.
    server = http.createServer((req, res) => {
      const conn = (req.socket as unknown as { n: number }).n;
      if (req.url === '/' || conn === 1) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' });
        res.end(index('aaaa1111'));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/javascript; charset=UTF-8' });
      res.end(
        'e.jsx("div",{children:["Container was started by user: ","u1"]}),(0,e.jsx)("div",{children:["Container name is: ","pod-b"]}),(0,e.jsx)("div",{children:["Container was started with IP: ","10.0.0.2"]})',
      );
    });
    server.on('connection', (s) => {
      (s as unknown as { n: number }).n = ++connections;
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('retries the sample once on a fresh connection', async () => {
    const [s] = await sampleServiceFromHost(url, { samples: 1, timeoutMs: 5000 });
    expect(s).toMatchObject({
      ok: true,
      attempts: 2,
      htmlForBundle: true,
      pod: 'pod-b',
      ip: '10.0.0.2',
      username: 'u1',
      bundlePath: '/static/js/main.aaaa1111.js',
    });
    expect(connections).toBe(2);
  });
});

describe('sampleServiceInCluster', () => {
  it('reaches both pods through the Service DNS name with busybox wget', async () => {
    const from = { namespace: 'default', name: pods[0]?.name as string };
    const samples = await sampleServiceInCluster(
      c.kube,
      from,
      'http://lab4-service.default.svc.cluster.local:3000',
      16,
    );
    expect(samples.every((s) => s.ok)).toBe(true);
    for (const s of samples) expect(pods).toContainEqual({ name: s.pod, ip: s.ip });
    expect(Object.keys(countByPod(samples)).sort()).toEqual(pods.map((p) => p.name).sort());
  });

  it('reports wget errors (busybox "bad address") as failed samples', async () => {
    const from = { namespace: 'default', name: pods[0]?.name as string };
    const [s] = await sampleServiceInCluster(c.kube, from, 'http://no-such-service:3000', 1);
    expect(s?.ok).toBe(false);
    // busybox's str2sockaddr prints the host as given, likely with the port; accept both spellings.
    expect(s?.error).toMatch(/^wget: bad address 'no-such-service(:3000)?'$/);
  });
});
