/**
 * The emulated apiserver driven by @kubernetes/client-node 1.4 (docs/reference-facts.md, kube-api-emulation "Connection").
 */
import { PassThrough, Readable } from 'node:stream';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  Exec,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Status,
  Watch,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../test-support/api-server.ts';

let api: TestApi;
let kc: KubeConfig;
let core: CoreV1Api;

beforeAll(async () => {
  api = await startTestApi();
  kc = new KubeConfig();
  kc.loadFromFile(api.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
});
afterAll(() => api.close());

async function apiError(p: Promise<unknown>): Promise<{ code: number; reason: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof ApiException)) throw e;
    const body = JSON.parse(e.body as string);
    return { code: e.code, reason: body.reason, message: body.message };
  }
  throw new Error('expected an ApiException');
}

describe('CRUD through client-node', () => {
  it('lists and gets nodes and pods', async () => {
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['minikube', 'minikube-m02']);
    expect(Number(nodes.metadata?.resourceVersion)).toBeGreaterThan(0);
    const pods = await core.listNamespacedPod({
      namespace: 'default',
      labelSelector: 'app=web',
      fieldSelector: 'status.phase=Running',
    });
    expect(pods.items.map((p) => p.metadata?.name)).toEqual(['web-1', 'web-2']);
    const pod = await core.readNamespacedPod({ namespace: 'default', name: 'web-2' });
    expect(pod.status?.podIP).toBe('10.244.1.4');
  });

  it('creates with 201 and API defaults, then rejects a duplicate with 409 AlreadyExists', async () => {
    const body = { metadata: { name: 'svc-a' }, spec: { selector: { app: 'web' }, ports: [{ port: 3000 }] } };
    const svc = await core.createNamespacedService({ namespace: 'default', body });
    expect(svc.metadata?.uid).toBeTruthy();
    expect(svc.spec?.type).toBe('ClusterIP');
    expect(svc.spec?.ports?.[0]).toMatchObject({ port: 3000, protocol: 'TCP', targetPort: 3000 });
    expect(await apiError(core.createNamespacedService({ namespace: 'default', body }))).toEqual({
      code: 409,
      reason: 'AlreadyExists',
      message: 'services "svc-a" already exists',
    });
  });

  it('404 NotFound for a missing object and for a missing namespace on create', async () => {
    expect(await apiError(core.readNamespacedPod({ namespace: 'default', name: 'nope' }))).toEqual({
      code: 404,
      reason: 'NotFound',
      message: 'pods "nope" not found',
    });
    const e = await apiError(
      core.createNamespacedConfigMap({ namespace: 'ghost', body: { metadata: { name: 'x' } } }),
    );
    expect([e.code, e.message]).toEqual([404, 'namespaces "ghost" not found']);
  });

  it('400 when the body namespace differs from the URL', async () => {
    const e = await apiError(
      core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'x', namespace: 'kube-system' } },
      }),
    );
    expect([e.code, e.reason]).toEqual([400, 'BadRequest']);
  });

  it('merge-patches node labels (what `kubectl label` sends)', async () => {
    const node = await core.patchNode(
      { name: 'minikube-m02', body: { metadata: { labels: { rack: '1' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(node.metadata?.labels?.rack).toBe('1');
    expect(node.metadata?.labels?.['kubernetes.io/hostname']).toBe('minikube-m02');
  });

  it('json-patches, and a failed test op is 422', async () => {
    const pod = await core.patchNamespacedPod(
      {
        namespace: 'default',
        name: 'web-1',
        body: [{ op: 'add', path: '/metadata/annotations', value: { a: 'b' } }],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(pod.metadata?.annotations).toEqual({ a: 'b' });
    const e = await apiError(
      core.patchNamespacedPod(
        { namespace: 'default', name: 'web-1', body: [{ op: 'test', path: '/metadata/name', value: 'x' }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      ),
    );
    expect(e.code).toBe(422);
  });

  it('a PUT with a stale resourceVersion is 409 Conflict; a patch of spec keeps status', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const d = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'dep' },
        spec: {
          selector: { matchLabels: { app: 'dep' } },
          template: {
            metadata: { labels: { app: 'dep' } },
            spec: { containers: [{ name: 'c', image: 'nginx' }] },
          },
        },
      },
    });
    expect(d.spec?.replicas).toBe(1);
    api.store.update(
      'apps/deployments',
      'default',
      'dep',
      (o) => {
        o.status = { replicas: 1 };
      },
      { status: true },
    );
    const e = await apiError(
      apps.replaceNamespacedDeployment({ namespace: 'default', name: 'dep', body: d }),
    );
    expect([e.code, e.reason]).toEqual([409, 'Conflict']);
    const patched = await apps.patchNamespacedDeployment(
      { namespace: 'default', name: 'dep', body: { spec: { replicas: 3 }, status: { replicas: 99 } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(patched.spec?.replicas).toBe(3);
    expect(patched.status?.replicas).toBe(1);
    expect(patched.metadata?.generation).toBe(2);
    const scale = await apps.readNamespacedDeploymentScale({ namespace: 'default', name: 'dep' });
    expect(scale.spec?.replicas).toBe(3);
  });

  it('serves Calico CRs through CustomObjectsApi', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    await custom.createClusterCustomObject({
      group: 'crd.projectcalico.org',
      version: 'v1',
      plural: 'ippools',
      body: {
        apiVersion: 'crd.projectcalico.org/v1',
        kind: 'IPPool',
        metadata: { name: 'rack0' },
        spec: { cidr: '10.244.0.0/24' },
      },
    });
    const list = await custom.listClusterCustomObject({
      group: 'crd.projectcalico.org',
      version: 'v1',
      plural: 'ippools',
    });
    expect(list.kind).toBe('IPPoolList');
    expect(list.items.map((p: { spec: { cidr: string } }) => p.spec.cidr)).toEqual(['10.244.0.0/24']);
  });

  it('deletes with 200: a Pod answers with the object, a ConfigMap with a Success Status', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'gone' }, data: { a: '1' } },
    });
    const status = await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'gone' });
    expect([status.status, status.details?.name, status.details?.kind]).toEqual([
      'Success',
      'gone',
      'configmaps',
    ]);
    expect(api.store.get('configmaps', 'default', 'gone')).toBeUndefined();
    const pod = await core.deleteNamespacedPod({ namespace: 'default', name: 'pending' });
    expect(pod.metadata?.name).toBe('pending');
  });
});

describe('watch through client-node', () => {
  it('streams ADDED for existing objects, then MODIFIED and DELETED', async () => {
    const events: string[] = [];
    let resolveDeleted: () => void = () => {};
    const deleted = new Promise<void>((r) => {
      resolveDeleted = r;
    });
    const watcher = await new Watch(kc).watch(
      '/api/v1/namespaces/default/configmaps',
      {},
      (type, obj) => {
        events.push(`${type}:${obj.metadata.name}`);
        if (type === 'DELETED') resolveDeleted();
      },
      () => {},
    );
    api.store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w1' } });
    api.store.update('configmaps', 'default', 'w1', (o) => {
      o.data = { k: 'v' };
    });
    api.store.delete('configmaps', 'default', 'w1');
    await deleted;
    watcher.abort();
    expect(events).toEqual(['ADDED:w1', 'MODIFIED:w1', 'DELETED:w1']);
  });

  it('resumes from a resourceVersion with a label selector', async () => {
    const rv = api.store.currentResourceVersion();
    api.store.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'r1', labels: { k: 'a' } },
    });
    api.store.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'r2', labels: { k: 'b' } },
    });
    const seen: string[] = [];
    let done: () => void = () => {};
    const gotR1 = new Promise<void>((r) => {
      done = r;
    });
    const watcher = await new Watch(kc).watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: String(rv), labelSelector: 'k=a' },
      (type, obj) => {
        seen.push(`${type}:${obj.metadata.name}`);
        done();
      },
      () => {},
    );
    await gotR1;
    watcher.abort();
    expect(seen).toEqual(['ADDED:r1']);
  });
});

describe('exec through client-node', () => {
  async function run(command: string[], stdin?: string) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on('data', (c) => out.push(c));
    stderr.on('data', (c) => err.push(c));
    const status = await new Promise<V1Status>((resolve, reject) => {
      new Exec(kc)
        .exec(
          'default',
          'web-1',
          'web',
          command,
          stdout,
          stderr,
          stdin === undefined ? null : Readable.from([stdin]),
          false,
          resolve,
        )
        .catch(reject);
    });
    return { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), status };
  }

  it('passes argv and container to the handler and reports Success', async () => {
    const r = await run(['ping', '-c', '1', '10.244.1.4']);
    expect(JSON.parse(r.stdout)).toEqual({
      pod: 'web-1',
      container: 'web',
      command: ['ping', '-c', '1', '10.244.1.4'],
    });
    expect(r.status.status).toBe('Success');
  });

  it('delivers stdin until the client closes it', async () => {
    const r = await run(['cat'], 'from stdin\n');
    expect(r.stdout).toBe('from stdin\n');
  });

  it('reports a non-zero exit code as NonZeroExitCode with an ExitCode cause', async () => {
    const r = await run(['exit', '3']);
    expect(r.status.status).toBe('Failure');
    expect(r.status.reason).toBe('NonZeroExitCode');
    expect(r.status.details?.causes?.[0]).toEqual({ reason: 'ExitCode', message: '3' });
  });

  it('stderr goes to the stderr stream; a crashing handler is an InternalError status', async () => {
    expect((await run(['stderr', 'oops'])).stderr).toBe('oops\n');
    const r = await run(['boom']);
    expect([r.status.status, r.status.reason, r.status.message]).toEqual([
      'Failure',
      'InternalError',
      'exec handler crashed',
    ]);
  });
});
