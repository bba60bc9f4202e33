/**
 * PodSecurity admission on the emulated apiserver, as the real one answers (pod-security-admission
 * admission.go; the wording from real servers: kubernetes/kubernetes#109096, cilium/pwru#583, and
 * the replicaset-controller's FailedCreate event from redhat-developer/odo#6847).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapCluster } from '../bootstrap.ts';
import type { KubeObject } from '../store/types.ts';
import { startTestApi, type TestApi } from '../test-support/api-server.ts';
import { eventually, startTestCluster, type TestCluster, testOptions } from '../test-support/controllers.ts';

const BASELINE = {
  'pod-security.kubernetes.io/enforce': 'baseline',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'baseline',
  'pod-security.kubernetes.io/warn-version': 'latest',
};
const namespace = (name: string, labels: Record<string, string> = BASELINE): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
const podSpec = (extra: object = {}) => ({ containers: [{ name: 'nginx', image: 'nginx' }], ...extra });

describe('over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    api.store.create('namespaces', namespace('graded'));
    api.store.create('namespaces', namespace('open', {}));
  });
  afterAll(() => api.close());

  const post = async (path: string, body: object) => {
    const res = await fetch(`${api.server.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, warning: res.headers.get('warning'), json: await res.json() };
  };
  const pod = (name: string, spec: object) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });

  it("forbids a pod violating the namespace's enforce level with the real Status, dry run included", async () => {
    for (const q of ['', '?dryRun=All']) {
      const r = await post(
        `/api/v1/namespaces/graded/pods${q}`,
        pod('nginx-hostpid', podSpec({ hostPID: true })),
      );
      expect(r.status).toBe(403);
      expect(r.json).toMatchObject({
        kind: 'Status',
        reason: 'Forbidden',
        code: 403,
        message:
          'pods "nginx-hostpid" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostPID=true)',
        details: { name: 'nginx-hostpid', kind: 'pods' },
      });
    }
    expect(api.store.get('pods', 'graded', 'nginx-hostpid')).toBeUndefined();
  });

  it('admits a compliant pod, and anything in a namespace without the label', async () => {
    expect((await post('/api/v1/namespaces/graded/pods', pod('ok', podSpec()))).status).toBe(201);
    expect(
      (await post('/api/v1/namespaces/open/pods', pod('priv', podSpec({ hostNetwork: true })))).status,
    ).toBe(201);
  });

  it('admits a Deployment whose template violates it, with the warning kubectl prints', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: podSpec({ hostNetwork: true }) },
      },
    };
    const r = await post('/apis/apps/v1/namespaces/graded/deployments?dryRun=All', deployment);
    expect(r.status).toBe(201);
    expect(r.warning).toBe(
      '299 - "would violate PodSecurity \\"baseline:latest\\": host namespaces (hostNetwork=true)"',
    );
  });
});

describe('pods a controller creates', () => {
  let cluster: TestCluster | undefined;
  afterEach(() => cluster?.stop());

  it("fail as the ReplicaSet's FailedCreate event and ReplicaFailure condition; none is created", async () => {
    cluster = startTestCluster(testOptions(), (s) => bootstrapCluster(s, testOptions()));
    const { store } = cluster;
    store.create('namespaces', namespace('graded'));
    store.create('apps/replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-6d4cf56db6', namespace: 'graded' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: podSpec({ hostPID: true }) },
      },
    });
    const event = await eventually(
      () =>
        store
          .list('events', 'graded')
          .filter((e) => e.reason === 'FailedCreate')
          .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))[0],
    );
    // "Error creating: pods "nodejs-app-8665bd77fb-2dd4n" is forbidden: violates PodSecurity …"
    expect(event.type).toBe('Warning');
    expect(event.source).toEqual({ component: 'replicaset-controller' });
    expect(event.message).toMatch(
      /^Error creating: pods "web-6d4cf56db6-[a-z0-9]{5}" is forbidden: violates PodSecurity "baseline:latest": host namespaces \(hostPID=true\)$/,
    );
    const rs = store.get('apps/replicasets', 'graded', 'web-6d4cf56db6');
    // Set once from the first failure (replica_set_utils.go calculateStatus), not rewritten per retry.
    expect(rs?.status?.conditions).toEqual([
      expect.objectContaining({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }),
    ]);
    expect(rs?.status?.conditions[0].message).toMatch(
      /^Error creating: pods "web-6d4cf56db6-[a-z0-9]{5}" is forbidden: /,
    );
    // The retry the condition's own update triggers fails the same way; then the controller rests.
    await new Promise((r) => setTimeout(r, 100));
    expect(
      store.list('events', 'graded').filter((e) => e.reason === 'FailedCreate').length,
    ).toBeLessThanOrEqual(2);
    expect(store.list('pods', 'graded')).toEqual([]);
  });
});
