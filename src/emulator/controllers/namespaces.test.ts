import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapCluster } from '../bootstrap.ts';
import { eventually, startTestCluster, type TestCluster, testOptions } from '../test-support/controllers.ts';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.stop());

// docs/reference-facts.md, kubectl-and-pods / any real cluster ≥ 1.20: `kubectl get cm -n NEW` lists kube-root-ca.crt, and
// `kubectl get sa -n NEW` lists default, moments after the namespace is created.
describe('namespace controllers', () => {
  it('give a new namespace its default ServiceAccount and kube-root-ca.crt, without touching existing ones', async () => {
    cluster = startTestCluster(testOptions(), (s) => bootstrapCluster(s, testOptions()));
    const { store } = cluster;
    const before = store.get('serviceaccounts', 'default', 'default')?.metadata.resourceVersion;
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab4' } });
    const cm = await eventually(() => store.get('configmaps', 'lab4', 'kube-root-ca.crt'));
    expect(Object.keys(cm.data)).toEqual(['ca.crt']);
    expect(store.get('serviceaccounts', 'lab4', 'default')).toBeDefined();
    expect(store.get('configmaps', 'kube-system', 'kube-root-ca.crt')).toBeDefined();
    expect(store.get('serviceaccounts', 'default', 'default')?.metadata.resourceVersion).toBe(before);
  });
});
