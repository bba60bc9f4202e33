import { describe, expect, it } from 'vitest';
import { bootstrapCluster } from './bootstrap.ts';
import { defaultSimOptions, type SimOptions } from './config.ts';
import { createStore } from './store/memory-store.ts';

function options(overrides: Partial<SimOptions> = {}): SimOptions {
  return defaultSimOptions(overrides);
}

describe('bootstrapCluster', () => {
  const store = createStore();
  bootstrapCluster(store, options());

  it('creates the namespaces minikube has', () => {
    expect(store.list('namespaces').map((n) => n.metadata.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
  });

  it('creates nodes shaped like minikube nodes (docs/reference-facts.md, kubectl-and-pods §1, minikube §3)', () => {
    const [cp, worker] = store.list('nodes');
    expect(cp.metadata.name).toBe('minikube');
    expect(worker.metadata.name).toBe('minikube-m02');
    expect(cp.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'minikube',
      'minikube.k8s.io/name': 'minikube',
      'minikube.k8s.io/primary': 'true',
      'minikube.k8s.io/version': 'v1.34.0',
      'minikube.k8s.io/commit': '210b148df93a80eb872ecbeb7e35281b3c582c61',
      'node-role.kubernetes.io/control-plane': '',
    });
    expect(worker.metadata.labels?.['minikube.k8s.io/primary']).toBe('false');
    expect(worker.metadata.labels?.['node-role.kubernetes.io/control-plane']).toBeUndefined();
    expect(worker.metadata.labels?.['minikube.k8s.io/updated_at']).toMatch(
      /^\d{4}_\d\d_\d\dT\d\d_\d\d_\d\d_0000$/,
    );
    expect(cp.status.addresses).toEqual([
      { type: 'InternalIP', address: '192.168.49.2' },
      { type: 'Hostname', address: 'minikube' },
    ]);
    expect(worker.spec.podCIDR).toBe('10.244.1.0/24');
    expect(worker.status.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.31.0',
      containerRuntimeVersion: expect.stringMatching(/^containerd:\/\//),
    });
    expect(cp.spec.taints).toBeUndefined();
    expect(cp.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
    });
  });

  it('annotates nodes with their Calico addresses, tunnel first in each block (docs/reference-facts.md, calico-ippool §5)', () => {
    const [cp, worker] = store.list('nodes');
    expect(cp.metadata.annotations?.['projectcalico.org/IPv4Address']).toBe('192.168.49.2/24');
    expect(cp.metadata.annotations?.['projectcalico.org/IPv4IPIPTunnelAddr']).toBe('10.244.120.64');
    expect(worker.metadata.annotations?.['projectcalico.org/IPv4IPIPTunnelAddr']).toBe('10.244.205.192');
  });

  it('gives calico-kube-controllers .65 and coredns .66 as on real minikube (docs/reference-facts.md, calico-ippool §5)', () => {
    const pods = store.list('pods', 'kube-system');
    const kc = pods.find((p) => p.metadata.name.startsWith('calico-kube-controllers-'))!;
    const dns = pods.find((p) => p.metadata.name.startsWith('coredns-'))!;
    expect(kc.status.podIP).toBe('10.244.120.65');
    expect(dns.status.podIP).toBe('10.244.120.66');
    expect(dns.metadata.name).toMatch(/^coredns-[bcdf4-9]{10}-[a-z0-9]{5}$/);
    expect(dns.status.phase).toBe('Running');
    const calicoNodes = pods.filter((p) => p.metadata.labels?.['k8s-app'] === 'calico-node');
    expect(calicoNodes.map((p) => p.status.podIP).sort()).toEqual(['192.168.49.2', '192.168.49.3']);
    expect(calicoNodes[0].spec.containers[0].image).toBe('docker.io/calico/node:v3.28.1');
  });

  it('creates the default pool as calico-node does on minikube (docs/reference-facts.md, calico-ippool §3)', () => {
    const pool = store.get('crd.projectcalico.org/ippools', undefined, 'default-ipv4-ippool')!;
    expect(pool.apiVersion).toBe('crd.projectcalico.org/v1');
    expect(pool.metadata.annotations).toEqual({ 'projectcalico.org/metadata': '{"creationTimestamp":null}' });
    expect(pool.spec).toEqual({
      allowedUses: ['Workload', 'Tunnel'],
      blockSize: 26,
      cidr: '10.244.0.0/16',
      ipipMode: 'Always',
      natOutgoing: true,
      nodeSelector: 'all()',
      vxlanMode: 'Never',
    });
    const cm = store.get('configmaps', 'kube-system', 'kubeadm-config')!;
    expect(cm.data.ClusterConfiguration).toMatch(/^ {2}podSubnet: 10\.244\.0\.0\/16$/m);
  });

  it('serves the kubernetes and kube-dns Services (docs/reference-facts.md, kubectl-and-pods §4)', () => {
    expect(store.get('services', 'default', 'kubernetes')!.spec.clusterIP).toBe('10.96.0.1');
    expect(store.get('endpoints', 'default', 'kubernetes')!.subsets).toEqual([
      { addresses: [{ ip: '192.168.49.2' }], ports: [{ name: 'https', port: 8443, protocol: 'TCP' }] },
    ]);
    expect(store.get('services', 'kube-system', 'kube-dns')!.spec.clusterIP).toBe('10.96.0.10');
  });

  it('lists the Calico CRDs under apiextensions', () => {
    const names = store.list('apiextensions.k8s.io/customresourcedefinitions').map((c) => c.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'ippools.crd.projectcalico.org',
        'ipamblocks.crd.projectcalico.org',
        'blockaffinities.crd.projectcalico.org',
        'ipamhandles.crd.projectcalico.org',
      ]),
    );
  });

  it('reports docker runtimes and containerIDs with --container-runtime=docker', () => {
    const docker = createStore();
    bootstrapCluster(docker, options({ containerRuntime: 'docker' }));
    expect(docker.get('nodes', undefined, 'minikube')!.status.nodeInfo.containerRuntimeVersion).toBe(
      'docker://27.2.0',
    );
    const dns = docker.list('pods', 'kube-system').find((p) => p.metadata.name.startsWith('coredns-'))!;
    expect(dns.status.containerStatuses[0].containerID).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
  });

  it('names nodes after the profile (docs/reference-facts.md, minikube §3)', () => {
    const demo = createStore();
    bootstrapCluster(demo, options({ profile: 'multinode-demo' }));
    const [a, b] = demo.list('nodes');
    expect([a.metadata.name, b.metadata.name]).toEqual(['multinode-demo', 'multinode-demo-m02']);
    // docs/reference-facts.md, calico-ippool §5: multinode-demo -> 10.244.113.192/26, -m02 -> 10.244.239.0/26.
    expect(a.metadata.annotations?.['projectcalico.org/IPv4IPIPTunnelAddr']).toBe('10.244.113.192');
    expect(b.metadata.annotations?.['projectcalico.org/IPv4IPIPTunnelAddr']).toBe('10.244.239.0');
  });
});
