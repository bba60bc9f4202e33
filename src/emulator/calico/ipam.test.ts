import { describe, expect, it } from 'vitest';
import { createStore } from '../store/memory-store.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';
import { poolBlocks } from './block-generator.ts';
import { BLOCKAFFINITIES, blockSpec, IPAMBLOCKS, IPAMHANDLES } from './blocks.ts';
import { assignPodIp, assignTunnelIp, releasePodIp, releasePoolAffinities } from './ipam.ts';
import { IPPOOLS } from './pools.ts';

function addNode(
  store: ClusterStore,
  name: string,
  labels: Record<string, string> = {},
  podCIDR?: string,
): void {
  store.create('nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {},
  });
}

function addPool(store: ClusterStore, name: string, spec: Record<string, unknown>): void {
  store.create(IPPOOLS, { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name }, spec });
}

let podCounter = 0;
function pod(name: string, annotations: Record<string, string> = {}, namespace = 'default'): KubeObject {
  podCounter += 1;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-${podCounter}`,
      annotations: { 'cni.projectcalico.org/containerID': `sandbox${podCounter}`, ...annotations },
    },
  };
}

function ipOf(result: ReturnType<typeof assignPodIp>): string {
  if (!result.ok) throw new Error(result.error);
  return result.ip;
}

const DEFAULT_POOL = {
  cidr: '10.244.0.0/16',
  blockSize: 26,
  ipipMode: 'Always',
  natOutgoing: true,
  nodeSelector: 'all()',
};

describe('randomBlockGenerator', () => {
  // Ground truth: docs/reference-facts.md, calico-ippool §5 (real minikube pastes and the lab4 reports).
  it.each([
    ['minikube', '10.244.120.64/26'],
    ['minikube-m02', '10.244.205.192/26'],
    ['minikube-m03', '10.244.151.0/26'],
    ['multinode-demo', '10.244.113.192/26'],
    ['multinode-demo-m02', '10.244.239.0/26'],
  ])('first block of %s in 10.244.0.0/16 is %s', (node, block) => {
    expect(poolBlocks('10.244.0.0/16', 26, node).next().value).toBe(block);
  });

  it('gives the lab4 rack pools the reported blocks (docs/reference-facts.md, calico-ippool §5)', () => {
    expect(poolBlocks('192.168.0.0/24', 26, 'minikube').next().value).toBe('192.168.0.64/26');
    expect(poolBlocks('192.168.1.0/24', 26, 'minikube-m02').next().value).toBe('192.168.1.0/26');
  });

  it('walks every block once, wrapping around', () => {
    const blocks = [...poolBlocks('192.168.0.0/24', 26, 'minikube')];
    expect(blocks).toEqual(['192.168.0.64/26', '192.168.0.128/26', '192.168.0.192/26', '192.168.0.0/26']);
  });
});

describe('calico IPAM', () => {
  function cluster(): ClusterStore {
    const store = createStore();
    addNode(store, 'minikube');
    addNode(store, 'minikube-m02');
    addPool(store, 'default-ipv4-ippool', DEFAULT_POOL);
    return store;
  }

  it('gives tunl0 the first address of the node block, then pods the next ones (docs/reference-facts.md, calico-ippool §5)', () => {
    const store = cluster();
    expect(assignTunnelIp(store, 'minikube')).toBe('10.244.120.64');
    expect(assignTunnelIp(store, 'minikube-m02')).toBe('10.244.205.192');
    expect(ipOf(assignPodIp(store, pod('calico-kube-controllers'), 'minikube', { hostLocal: false }))).toBe(
      '10.244.120.65',
    );
    expect(ipOf(assignPodIp(store, pod('coredns'), 'minikube', { hostLocal: false }))).toBe('10.244.120.66');
    expect(ipOf(assignPodIp(store, pod('web'), 'minikube-m02', { hostLocal: false }))).toBe('10.244.205.193');
    // Re-running allocateip keeps the address.
    expect(assignTunnelIp(store, 'minikube')).toBe('10.244.120.64');
  });

  it('stores blocks, affinities and handles as Calico does (docs/reference-facts.md, calico-ippool §4)', () => {
    const store = cluster();
    const p = pod('web');
    assignPodIp(store, p, 'minikube', { hostLocal: false });
    const block = store.get(IPAMBLOCKS, undefined, '10-244-120-64-26')!;
    expect(block.metadata.annotations).toEqual({
      'projectcalico.org/metadata': '{"creationTimestamp":null}',
    });
    const spec = blockSpec(block);
    expect(spec.cidr).toBe('10.244.120.64/26');
    expect(spec.affinity).toBe('host:minikube');
    expect(spec.allocations).toHaveLength(64);
    expect(spec.allocations[0]).toBe(0);
    expect(spec.attributes[0]).toMatchObject({
      handle_id: `k8s-pod-network.sandbox${String(podCounter)}`,
      secondary: { namespace: 'default', node: 'minikube', pod: 'web' },
    });
    expect(spec.unallocated[0]).toBe(1);
    expect(spec.strictAffinity).toBe(false);
    const affinity = store.get(BLOCKAFFINITIES, undefined, 'minikube-10-244-120-64-26')!;
    expect(affinity.spec).toEqual({
      cidr: '10.244.120.64/26',
      node: 'minikube',
      state: 'confirmed',
      deleted: 'false',
    });
    const handle = store.list(IPAMHANDLES)[0];
    expect(handle.spec).toMatchObject({ block: { '10.244.120.64/26': 1 }, deleted: false });
  });

  it('does not reuse a released address at once: ordinals go to the back of the FIFO (docs/reference-facts.md, calico-ippool §4)', () => {
    const store = cluster();
    const a = pod('a');
    const b = pod('b');
    expect(ipOf(assignPodIp(store, a, 'minikube', { hostLocal: false }))).toBe('10.244.120.64');
    expect(ipOf(assignPodIp(store, b, 'minikube', { hostLocal: false }))).toBe('10.244.120.65');
    releasePodIp(store, a);
    expect(ipOf(assignPodIp(store, pod('c'), 'minikube', { hostLocal: false }))).toBe('10.244.120.66');
    const spec = blockSpec(store.get(IPAMBLOCKS, undefined, '10-244-120-64-26')!);
    expect(spec.unallocated.at(-1)).toBe(0);
    expect(spec.allocations[0]).toBeNull();
    // Attributes of released handles are dropped and indexes renumbered.
    expect(spec.attributes.map((x) => x.secondary.pod)).toEqual(['b', 'c']);
    expect(spec.allocations.slice(0, 3)).toEqual([null, 0, 1]);
    expect(store.list(IPAMHANDLES)).toHaveLength(2);
  });

  it('selects pools by nodeSelector on the node labels', () => {
    const store = createStore();
    addNode(store, 'minikube', { zone: 'west' });
    addNode(store, 'minikube-m02', { zone: 'east' });
    addPool(store, 'zone-east-ippool', {
      cidr: '192.168.1.0/24',
      ipipMode: 'Always',
      nodeSelector: 'zone == "east"',
    });
    addPool(store, 'zone-west-ippool', {
      cidr: '192.168.0.0/24',
      ipipMode: 'Always',
      nodeSelector: 'zone == "west"',
    });
    const west = assignPodIp(store, pod('w'), 'minikube', { hostLocal: false });
    const east = assignPodIp(store, pod('e'), 'minikube-m02', { hostLocal: false });
    expect(west).toMatchObject({
      ok: true,
      ip: '192.168.0.64',
      pool: 'zone-west-ippool',
      block: '192.168.0.64/26',
    });
    expect(east).toMatchObject({
      ok: true,
      ip: '192.168.1.0',
      pool: 'zone-east-ippool',
      block: '192.168.1.0/26',
    });
  });

  it('fails with the Calico message when no pool selects the node', () => {
    const store = createStore();
    addNode(store, 'minikube');
    addPool(store, 'rack-0', { cidr: '192.168.0.0/24', nodeSelector: 'rack == "0"' });
    expect(assignPodIp(store, pod('x'), 'minikube', { hostLocal: false })).toEqual({
      ok: false,
      error: 'no configured Calico pools for node minikube',
    });
  });

  it('honours the pod annotation over the namespace annotation and ignores nodeSelector (docs/reference-facts.md, calico-ippool §6)', () => {
    const store = createStore();
    addNode(store, 'minikube');
    addPool(store, 'a-pool', { cidr: '172.16.0.0/24', nodeSelector: '!all()' });
    addPool(store, 'b-pool', { cidr: '172.17.0.0/24', nodeSelector: '!all()' });
    store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'lab', annotations: { 'cni.projectcalico.org/ipv4pools': '["b-pool"]' } },
    });
    const fromNamespace = assignPodIp(store, pod('n', {}, 'lab'), 'minikube', { hostLocal: false });
    expect(fromNamespace).toMatchObject({ ok: true, pool: 'b-pool' });
    const fromPod = assignPodIp(
      store,
      pod('p', { 'cni.projectcalico.org/ipv4pools': '["172.16.0.0/24"]' }, 'lab'),
      'minikube',
      { hostLocal: false },
    );
    expect(fromPod).toMatchObject({ ok: true, pool: 'a-pool' });
    const missing = assignPodIp(
      store,
      pod('m', { 'cni.projectcalico.org/ipv4pools': '["10.9.0.0/16"]' }),
      'minikube',
      {
        hostLocal: false,
      },
    );
    expect(missing).toEqual({
      ok: false,
      error: 'the given pool (10.9.0.0/16) does not exist, or is not enabled',
    });
  });

  it('keeps new pods in the default pool while it lives, even when a rack pool selects the node (docs/reference-facts.md, calico-ippool §5.4)', () => {
    const store = cluster();
    assignTunnelIp(store, 'minikube');
    store.update('nodes', undefined, 'minikube', (n) => {
      n.metadata.labels = { ...n.metadata.labels, rack: '0' };
    });
    addPool(store, 'rack-0-ippool', { cidr: '192.168.0.0/24', nodeSelector: 'rack == "0"' });
    const result = assignPodIp(store, pod('web'), 'minikube', { hostLocal: false });
    expect(result).toMatchObject({ ok: true, ip: '10.244.120.65', pool: 'default-ipv4-ippool' });
  });

  it('skips a disabled pool', () => {
    const store = cluster();
    assignPodIp(store, pod('before'), 'minikube', { hostLocal: false });
    store.update(IPPOOLS, undefined, 'default-ipv4-ippool', (p) => {
      p.spec.disabled = true;
    });
    addPool(store, 'rack-pool', { cidr: '192.168.0.0/24' });
    expect(assignPodIp(store, pod('after'), 'minikube', { hostLocal: false })).toMatchObject({
      ok: true,
      ip: '192.168.0.64',
      pool: 'rack-pool',
    });
  });

  it('releasePoolAffinities disables the pool, deletes empty blocks, orphans used ones (docs/reference-facts.md, calico-ippool §7)', () => {
    const store = cluster();
    const keep = pod('keep');
    const gone = pod('gone');
    assignPodIp(store, keep, 'minikube', { hostLocal: false });
    assignPodIp(store, gone, 'minikube-m02', { hostLocal: false });
    releasePodIp(store, gone);
    releasePoolAffinities(store, 'default-ipv4-ippool');
    expect(store.get(IPPOOLS, undefined, 'default-ipv4-ippool')!.spec.disabled).toBe(true);
    expect(store.list(BLOCKAFFINITIES)).toEqual([]);
    const blocks = store.list(IPAMBLOCKS);
    expect(blocks.map((b) => blockSpec(b).cidr)).toEqual(['10.244.120.64/26']);
    expect(blockSpec(blocks[0]).affinity).toBeUndefined();
    expect(blockSpec(blocks[0]).allocations[0]).toBe(0);
    // After the pool is gone and a rack pool exists, the tunnel moves and new pods use the rack pool.
    store.delete(IPPOOLS, undefined, 'default-ipv4-ippool');
    addPool(store, 'west', { cidr: '192.168.0.0/24', ipipMode: 'Always' });
    expect(assignPodIp(store, pod('new'), 'minikube', { hostLocal: false })).toMatchObject({
      ip: '192.168.0.64',
    });
    // Releasing the last address of the orphaned block deletes it.
    releasePodIp(store, keep);
    expect(store.get(IPAMBLOCKS, undefined, '10-244-120-64-26')).toBeUndefined();
  });

  it('moves the tunnel address when its pool no longer selects the node (docs/reference-facts.md, calico-ippool §7)', () => {
    const store = cluster();
    expect(assignTunnelIp(store, 'minikube')).toBe('10.244.120.64');
    releasePoolAffinities(store, 'default-ipv4-ippool');
    store.delete(IPPOOLS, undefined, 'default-ipv4-ippool');
    addPool(store, 'west', { cidr: '192.168.0.0/24', ipipMode: 'Always' });
    expect(assignTunnelIp(store, 'minikube')).toBe('192.168.0.64');
    expect(store.get(IPAMBLOCKS, undefined, '10-244-120-64-26')).toBeUndefined();
  });

  it('host-local fault: sequential IPs from the node podCIDR, no Calico objects (docs/reference-facts.md, calico-ippool §8)', () => {
    const store = createStore();
    addNode(store, 'minikube', {}, '10.244.0.0/24');
    addNode(store, 'minikube-m02', {}, '10.244.1.0/24');
    addPool(store, 'default-ipv4-ippool', DEFAULT_POOL);
    const a = pod('a');
    expect(ipOf(assignPodIp(store, a, 'minikube', { hostLocal: true }))).toBe('10.244.0.2');
    expect(ipOf(assignPodIp(store, pod('b'), 'minikube', { hostLocal: true }))).toBe('10.244.0.3');
    expect(ipOf(assignPodIp(store, pod('c'), 'minikube-m02', { hostLocal: true }))).toBe('10.244.1.2');
    releasePodIp(store, a);
    expect(ipOf(assignPodIp(store, pod('d'), 'minikube', { hostLocal: true }))).toBe('10.244.0.4');
    expect(store.list(IPAMBLOCKS)).toEqual([]);
  });
});
