/**
 * The real kubectl's `port-forward` and `run --rm -i` against an in-process emulated cluster.
 * Protocols: port-forward tunnels SPDY/3 over a WebSocket offering `SPDY/3.1+portforward.k8s.io`
 * when the apiserver is 1.31+ (client-go tools/portforward/tunneling_connection.go, fallback_dialer.go:
 * https://github.com/kubernetes/kubernetes/tree/master/staging/src/k8s.io/client-go/tools/portforward),
 * else plain SPDY; each connection is an error + data stream pair (kubelet
 * pkg/kubelet/cri/streaming/portforward/httpstream.go). `kubectl port-forward svc/…` picks one pod of
 * the Service and prints `Forwarding from 127.0.0.1:L -> R` / `Handling connection for L`
 * (docs/reference-facts.md, kubectl-and-pods §6). Attach is the exec channel protocol (v5.channel.k8s.io,
 * docs/reference-facts.md, kube-api-emulation "kubectl exec"); busybox 1.28's nslookup format is
 * /work/shared/reference/container-tools-output.md §3 (and src/probes/parse/nslookup.test.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimCluster, startSimCluster } from '../cluster.ts';
import { defaultSimOptions } from '../config.ts';
import { hasKubectl, KUBECTL, kubeconfigYaml } from '../test-support/api-server.ts';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata: {name: lab4-deployment}
spec:
  replicas: 2
  selector: {matchLabels: {app: lab4}}
  template:
    metadata: {labels: {app: lab4}}
    spec:
      containers:
      - name: frontend
        image: ifilyaninitmo/itdt-contained-frontend:master
        env: [{name: REACT_APP_USERNAME, value: student}]
        ports: [{containerPort: 3000}]
---
apiVersion: v1
kind: Service
metadata: {name: lab4-service}
spec:
  selector: {app: lab4}
  ports: [{port: 3000, targetPort: 3000}]
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Env {
  sim: SimCluster;
  dir: string;
  kubectl(args: string[], opts?: { input?: string }): ReturnType<typeof execa>;
}

async function startEnv(kubernetesVersion: string): Promise<Env> {
  const sim = await startSimCluster(defaultSimOptions({ profile: 'pf', seed: 7, kubernetesVersion }));
  const dir = await mkdtemp(join(tmpdir(), 'emu-pf-'));
  await writeFile(join(dir, 'kubeconfig'), kubeconfigYaml(sim.url));
  await writeFile(join(dir, 'app.yaml'), APP);
  const kubectl = (args: string[], opts: { input?: string } = {}) =>
    execa(KUBECTL, ['--cache-dir', join(dir, 'cache'), ...args], {
      env: { KUBECONFIG: join(dir, 'kubeconfig'), HOME: dir },
      extendEnv: false,
      reject: false,
      timeout: 30_000,
      input: opts.input,
    });
  const applied = await kubectl(['apply', '-f', join(dir, 'app.yaml')]);
  expect(applied.exitCode).toBe(0);
  const rolled = await kubectl(['rollout', 'status', 'deployment/lab4-deployment', '--timeout=20s']);
  expect(rolled.stdout).toContain('successfully rolled out');
  return { sim, dir, kubectl };
}

/** Runs `kubectl port-forward TARGET L:R`, GETs / through it, stops it; returns the page and kubectl's output. */
async function forwardAndGet(env: Env, target: string, remote: number) {
  const local = await freePort();
  const pf = env.kubectl(['port-forward', target, `${local}:${remote}`]);
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    pf.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Forwarding from 127.0.0.1')) resolve();
    });
    pf.once('exit', () => reject(new Error(`port-forward exited: ${out}`)));
  });
  let stderr = '';
  pf.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  try {
    await ready;
    const res = await fetch(`http://127.0.0.1:${local}/`, { headers: { connection: 'close' } });
    const body = await res.text();
    await new Promise((r) => setTimeout(r, 200));
    return { status: res.status, body, stdout: out, stderr, local };
  } finally {
    pf.kill();
    await pf;
  }
}

describe.skipIf(!hasKubectl)(
  'kubectl port-forward and run --rm -i (skipped: /usr/bin/kubectl missing)',
  () => {
    describe('Kubernetes v1.31 (port-forward over the WebSocket tunnel)', () => {
      let env: Env;
      beforeAll(async () => {
        env = await startEnv('v1.31.0');
      }, 60_000);
      afterAll(async () => {
        await env?.sim.stop();
        if (env) await rm(env.dir, { recursive: true, force: true });
      });

      it('port-forward svc/lab4-service L:3000 serves the app page of one of its pods', async () => {
        const r = await forwardAndGet(env, 'svc/lab4-service', 3000);
        expect(r.status).toBe(200);
        expect(r.body).toMatch(/^<!doctype html>/);
        expect(r.body).toContain('<div id="root">');
        expect(r.stdout).toContain(`Forwarding from 127.0.0.1:${r.local} -> 3000`);
        expect(r.stdout).toContain(`Handling connection for ${r.local}`);
        // The tunnel was accepted: no fallback to SPDY was needed.
        expect(r.stderr).not.toContain('error');
      }, 30_000);

      it('port-forward deployment/… and pod/… reach the same app', async () => {
        const d = await forwardAndGet(env, 'deployment/lab4-deployment', 3000);
        expect(d.status).toBe(200);
        const pod = env.sim.store.list('pods', 'default')[0].metadata.name;
        const p = await forwardAndGet(env, `pod/${pod}`, 3000);
        expect(p.status).toBe(200);
        expect(p.body).toContain('<div id="root">');
      }, 30_000);

      it('a port nothing listens on: the kubelet error reaches kubectl, which drops the forward', async () => {
        const local = await freePort();
        const pf = env.kubectl(['port-forward', 'svc/lab4-service', `${local}:3000`]);
        await new Promise<void>((resolve) => pf.stdout?.on('data', () => resolve()));
        await pf.kill();
        const pod = env.sim.store.list('pods', 'default')[0].metadata.name;
        const p2 = env.kubectl(['port-forward', `pod/${pod}`, `${local}:8080`]);
        await new Promise<void>((resolve) => p2.stdout?.on('data', () => resolve()));
        await fetch(`http://127.0.0.1:${local}/`).catch(() => undefined);
        const r = await p2;
        expect(r.stderr).toContain('an error occurred forwarding');
        expect(r.stderr).toContain('connect: connection refused');
      }, 30_000);

      it('run t --rm -i --restart=Never --image=busybox:1.28 -- nslookup lab4-service prints busybox 1.28 output, then pod "t" deleted', async () => {
        const svc = env.sim.store.get('services', 'default', 'lab4-service');
        const ip = svc?.spec?.clusterIP as string;
        const r = await env.kubectl(
          [
            'run',
            't',
            '--rm',
            '-i',
            '--restart=Never',
            '--image=busybox:1.28',
            '--',
            'nslookup',
            'lab4-service',
          ],
          { input: '' },
        );
        expect(r.exitCode).toBe(0);
        expect(r.stdout).toBe(
          [
            'Server:    10.96.0.10',
            'Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local',
            '',
            'Name:      lab4-service',
            `Address 1: ${ip} lab4-service.default.svc.cluster.local`,
            'pod "t" deleted',
          ].join('\n'),
        );
        expect(r.stderr).not.toContain("couldn't attach");
        expect(env.sim.store.get('pods', 'default', 't')).toBeUndefined();
      }, 40_000);

      it('run … -- nslookup nosuch: busybox 1.28 cannot resolve, the pod Failed, kubectl exits 1', async () => {
        const r = await env.kubectl(
          ['run', 'u', '--rm', '-i', '--restart=Never', '--image=busybox:1.28', '--', 'nslookup', 'nosuch'],
          { input: '' },
        );
        // bb_error_msg: stderr, which the attach carries on its own channel.
        expect(r.stderr).toContain("nslookup: can't resolve 'nosuch'");
        expect(r.stdout).toContain('pod "u" deleted');
        expect(r.stderr).toContain('pod default/u terminated (Error)');
        expect(r.exitCode).toBe(1);
      }, 40_000);
    });

    describe('Kubernetes v1.28 (no tunnel: kubectl falls back to SPDY)', () => {
      let env: Env;
      beforeAll(async () => {
        env = await startEnv('v1.28.3');
      }, 60_000);
      afterAll(async () => {
        await env?.sim.stop();
        if (env) await rm(env.dir, { recursive: true, force: true });
      });

      it('port-forward svc/lab4-service L:3000 serves the app page over SPDY', async () => {
        const r = await forwardAndGet(env, 'svc/lab4-service', 3000);
        expect(r.status).toBe(200);
        expect(r.body).toContain('<div id="root">');
        expect(r.stdout).toContain(`Handling connection for ${r.local}`);
      }, 30_000);
    });
  },
);
