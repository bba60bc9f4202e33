/**
 * ConfigMap volumes inside a pod: one file per key under the mountPath, or per `items` entry at its
 * path (https://kubernetes.io/docs/concepts/storage/volumes/#configmap). The grader hands the
 * submission's pools to calicoctl this way (docs/reference-facts.md, kube-api-emulation, "kubectl exec").
 */
import { describe, expect, it } from 'vitest';
import { labCluster, POD_A } from '../test-support/lab-cluster.ts';

const POOL = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: rack-0
spec:
  cidr: 10.20.0.0/24
  nodeSelector: rack == "0"
`;

function mount(
  c: ReturnType<typeof labCluster>,
  podName: string,
  namespace: string,
  configMap: Record<string, unknown>,
) {
  c.store.update('pods', namespace, podName, (pod) => {
    pod.spec = {
      ...pod.spec,
      volumes: [{ name: 'cfg', configMap }],
      containers: pod.spec?.containers.map((ct: Record<string, unknown>) => ({
        ...ct,
        volumeMounts: [{ name: 'cfg', mountPath: '/pools/', readOnly: true }],
      })),
    };
  });
}

describe('ConfigMap volumes', () => {
  it('serves each key as a file under the mountPath, read at access time', async () => {
    const c = labCluster();
    c.store.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'pools', namespace: 'default' },
      data: { 'a.yaml': 'A\n' },
    });
    mount(c, POD_A, 'default', { name: 'pools' });
    expect((await c.exec(POD_A, ['cat', '/pools/a.yaml'])).stdout).toBe('A\n');
    expect((await c.exec(POD_A, ['ls', '/pools'])).stdout).toBe('a.yaml\n');
    c.store.update('configmaps', 'default', 'pools', (cm) => {
      cm.data = { 'a.yaml': 'A\n', 'b.yaml': 'B\n' };
    });
    expect((await c.exec(POD_A, ['cat', '/pools/b.yaml'])).stdout).toBe('B\n');
    expect((await c.exec(POD_A, ['cat', '/pools/c.yaml'])).exitCode).toBe(1);
  });

  it('maps `items` to their paths, and a missing optional ConfigMap is an empty directory', async () => {
    const c = labCluster();
    c.store.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'pools', namespace: 'default' },
      data: { 'a.yaml': 'A\n', 'b.yaml': 'B\n' },
    });
    mount(c, POD_A, 'default', { name: 'pools', items: [{ key: 'b.yaml', path: 'renamed.yaml' }] });
    expect((await c.exec(POD_A, ['cat', '/pools/renamed.yaml'])).stdout).toBe('B\n');
    expect((await c.exec(POD_A, ['cat', '/pools/a.yaml'])).exitCode).toBe(1);
    const d = labCluster();
    mount(d, POD_A, 'default', { name: 'absent', optional: true });
    expect(await d.exec(POD_A, ['ls', '/pools'])).toMatchObject({ stdout: '', exitCode: 0 });
  });

  it('calicoctl create -f reads a mounted file; a file not there yet is "no such file"', async () => {
    const c = labCluster();
    c.store.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'calicoctl-pools', namespace: 'kube-system' },
      data: { 'pools.yaml': POOL },
    });
    mount(c, 'calicoctl', 'kube-system', { name: 'calicoctl-pools', optional: true });
    const missing = await c.exec('calicoctl', ['calicoctl', 'create', '-f', '/pools/other.yaml'], {
      namespace: 'kube-system',
    });
    expect(missing.stderr + missing.stdout).toContain('open /pools/other.yaml: no such file or directory');
    const r = await c.exec('calicoctl', ['calicoctl', 'create', '-f', '/pools/pools.yaml'], {
      namespace: 'kube-system',
    });
    expect(r.stdout).toContain('Successfully created 1');
    expect(r.exitCode).toBe(0);
  });
});
