/**
 * Kube against the in-process emulated cluster, through the real client-node (no mocks).
 */
import { PassThrough } from 'node:stream';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  kubeconfigYaml,
  referenceLabObjects,
  startTestCluster,
  type TestCluster,
} from '../testing/sim-cluster.ts';
import { isClusterError, KubeApiError } from './errors.ts';
import { Kube, type ObjectRef } from './kube.ts';
import { waitDeploymentRolledOut } from './waits.ts';

let c: TestCluster;
let appPod: string;

beforeAll(async () => {
  c = await startTestCluster();
  const { deployment } = await referenceLabObjects();
  await c.kube.apply(deployment);
  await waitDeploymentRolledOut(c.kube, 'default', 'lab4-deployment', 2, 30_000);
  appPod = (await c.kube.listPods('default', 'app=lab4-frontend'))[0]?.metadata?.name as string;
});
afterAll(() => c?.stop());

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('Kube.connect', () => {
  it('reaches an http:// server even when the kubeconfig lacks insecure-skip-tls-verify', async () => {
    // client-node refuses plain http without skipTLSVerify (docs/reference-facts.md, kube-api-emulation "Connection"); connect() sets it.
    const kube = await Kube.connect({ kubeconfigYaml: kubeconfigYaml(c.sim.url, { skipTlsVerify: false }) });
    expect((await kube.serverVersion()).gitVersion).toBe('v1.31.0');
    expect(kube.server).toBe(c.sim.url);
    expect(kube.namespace).toBe('default');
  });

  it('rejects an unknown context, naming the known ones', async () => {
    const e = await rejection(Kube.connect({ kubeconfigPath: c.kubeconfigPath, context: 'nope' }));
    expect(isClusterError(e)).toBe(true);
    expect((e as Error).message).toContain('context "nope" not in kubeconfig (has: t)');
  });

  it('maps an unreachable server to KubeApiError with unreachable=true', async () => {
    const kube = await Kube.connect({ kubeconfigYaml: kubeconfigYaml('http://127.0.0.1:1') });
    const e = (await rejection(kube.listNodes())) as KubeApiError;
    expect(e).toBeInstanceOf(KubeApiError);
    expect([e.code, e.unreachable, e.verb, e.resource]).toEqual([0, true, 'list', 'nodes']);
  });
});

describe('reads and writes', () => {
  it('lists the two minikube nodes', async () => {
    const names = (await c.kube.listNodes()).map((n) => n.metadata?.name);
    expect(names).toEqual(['t', 't-m02']);
  });

  it('labels a node with a merge patch and removes the label with null', async () => {
    const labelled = await c.kube.labelNode('t-m02', { rack: '1' });
    expect(labelled.metadata?.labels?.rack).toBe('1');
    expect(labelled.metadata?.labels?.['kubernetes.io/hostname']).toBe('t-m02');
    const cleared = await c.kube.labelNode('t-m02', { rack: null });
    expect(cleared.metadata?.labels).not.toHaveProperty('rack');
  });

  it('turns a 404 into KubeApiError with notFound and the Status reason', async () => {
    const e = (await rejection(c.kube.getPod('default', 'ghost'))) as KubeApiError;
    expect(e).toBeInstanceOf(KubeApiError);
    expect([e.code, e.reason, e.notFound, e.verb]).toEqual([404, 'NotFound', true, 'get']);
    expect(e.message).toContain('pods "ghost" not found');
  });

  it('apply creates, then merge-patches an existing object', async () => {
    const cm: V1ConfigMap & ObjectRef = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'apply-me' },
      data: { a: '1' },
    };
    const first = await c.kube.apply(cm);
    expect(first.action).toBe('created');
    expect(first.object.metadata?.namespace).toBe('default');
    const second = await c.kube.apply({ ...cm, data: { b: '2' } });
    expect(second.action).toBe('configured');
    expect(second.object.data).toEqual({ a: '1', b: '2' });
    expect(await c.kube.delete(cm)).toBe(true);
    expect(await c.kube.delete(cm)).toBe(false);
  });

  it('applies and deletes Calico IPPools as custom resources', async () => {
    const pool = {
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'IPPool',
      metadata: { name: 'rack-0-ippool' },
      spec: { cidr: '192.168.0.0/24', ipipMode: 'Always', natOutgoing: true, nodeSelector: 'rack == "0"' },
    };
    expect((await c.kube.apply(pool)).action).toBe('created');
    const names = (await c.kube.listCustom('crd.projectcalico.org', 'v1', 'ippools')).map(
      (p) => p.metadata?.name,
    );
    expect(names).toContain('default-ipv4-ippool');
    expect(names).toContain('rack-0-ippool');
    const got = await c.kube.getCustom('crd.projectcalico.org', 'v1', 'ippools', 'rack-0-ippool');
    expect(got.spec?.cidr).toBe('192.168.0.0/24');
    expect(await c.kube.deleteCustom('crd.projectcalico.org', 'v1', 'ippools', 'rack-0-ippool')).toBe(true);
    expect(await c.kube.deleteCustom('crd.projectcalico.org', 'v1', 'ippools', 'rack-0-ippool')).toBe(false);
  });

  it('reads the Service, its Endpoints and events', async () => {
    const { service } = await referenceLabObjects();
    await c.kube.apply(service);
    const svc = await c.kube.getService('default', 'lab4-service');
    expect(svc.spec?.type).toBe('NodePort');
    expect((await c.kube.listServices('default')).map((s) => s.metadata?.name)).toContain('lab4-service');
    const ep = await c.kube.getEndpoints('default', 'lab4-service');
    const ips = (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
    const podIps = (await c.kube.listPods('default', 'app=lab4-frontend')).map((p) => p.status?.podIP);
    expect(ips.sort()).toEqual(podIps.sort());
    const events = await c.kube.listEvents('default', `involvedObject.name=${appPod}`);
    expect(events.length).toBeGreaterThan(0);
  });
});

describe('exec', () => {
  it('reports exit code 0 and the output', async () => {
    const r = await c.kube.exec('default', appPod, undefined, ['hostname'], { timeoutMs: 10_000 });
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, stdout: `${appPod}\n` });
  });

  it('reads a non-zero exit code from the NonZeroExitCode status cause', async () => {
    const r = await c.kube.exec(
      'default',
      appPod,
      'frontend',
      ['sh', '-c', 'echo out; echo err >&2; exit 3'],
      {
        timeoutMs: 10_000,
      },
    );
    expect(r).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
  });

  it('feeds stdin to the command', async () => {
    const r = await c.kube.exec('default', appPod, undefined, ['cat'], {
      stdin: 'line 1\nline 2\n',
      timeoutMs: 10_000,
    });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'line 1\nline 2\n' });
  });

  it('returns no exit code but the failure when the executable does not exist', async () => {
    const r = await c.kube.exec('default', appPod, undefined, ['no-such-binary'], { timeoutMs: 10_000 });
    expect(r.exitCode).toBeNull();
    expect(r.failure).toContain('executable file not found');
  });

  it('times out a command that does not finish (cat waiting for stdin that never ends)', async () => {
    const stdin = new PassThrough();
    stdin.write('partial\n');
    const r = await c.kube.exec('default', appPod, undefined, ['cat'], { stdin, timeoutMs: 300 });
    expect(r).toMatchObject({ exitCode: null, timedOut: true });
    stdin.destroy();
  });

  it('throws KubeApiError when the pod does not exist', async () => {
    const e = (await rejection(
      c.kube.exec('default', 'ghost', undefined, ['true'], { timeoutMs: 10_000 }),
    )) as KubeApiError;
    expect(e).toBeInstanceOf(KubeApiError);
    expect([e.code, e.notFound, e.verb]).toEqual([404, true, 'exec']);
  });

  it('reads container logs', async () => {
    const logs = await c.kube.logs('default', appPod, { tailLines: 50 });
    expect(logs).toContain('Server started on port 3000');
  });
});
