import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types.ts';
import { chooseNode } from './scheduler.ts';
import { unschedulableMessage } from './scheduling.ts';

function node(name: string, labels: Record<string, string> = {}, taints: unknown[] = []): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: { taints },
  };
}

function pod(
  name: string,
  spec: Record<string, unknown> = {},
  labels: Record<string, string> = { app: 'web' },
  nodeName?: string,
  owner = 'rs-1',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: name,
      labels,
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner, controller: true },
      ],
    },
    spec: { ...spec, ...(nodeName ? { nodeName } : {}) },
  };
}

const nodes = [node('minikube', { rack: '0' }), node('minikube-m02', { rack: '1' })];

describe('scheduler node choice', () => {
  it('spreads replicas of one owner before looking at total load', () => {
    const running = [
      pod('a', {}, { app: 'web' }, 'minikube'),
      pod('x', {}, { app: 'other' }, 'minikube-m02', 'rs-2'),
      pod('y', {}, { app: 'other' }, 'minikube-m02', 'rs-2'),
    ];
    expect(chooseNode(pod('b'), { nodes, pods: running })).toEqual({ node: 'minikube-m02' });
  });

  it('honours nodeSelector and required node affinity (In / NotIn / Exists / DoesNotExist)', () => {
    expect(chooseNode(pod('b', { nodeSelector: { rack: '1' } }), { nodes, pods: [] })).toEqual({
      node: 'minikube-m02',
    });
    const affinity = (operator: string, values?: string[]) => ({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'rack', operator, values }] }],
          },
        },
      },
    });
    expect(chooseNode(pod('b', affinity('In', ['1'])), { nodes, pods: [] })).toEqual({
      node: 'minikube-m02',
    });
    expect(chooseNode(pod('b', affinity('NotIn', ['0'])), { nodes, pods: [] })).toEqual({
      node: 'minikube-m02',
    });
    expect(chooseNode(pod('b', affinity('Exists')), { nodes, pods: [] })).toEqual({ node: 'minikube' });
    expect(chooseNode(pod('b', affinity('DoesNotExist')), { nodes, pods: [] })).toEqual({
      reasons: expect.any(Array),
    });
  });

  it('rejects untolerated taints and accepts tolerated ones', () => {
    const tainted = [
      node('minikube', {}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]),
      nodes[1],
    ];
    expect(chooseNode(pod('b'), { nodes: tainted, pods: [] })).toEqual({ node: 'minikube-m02' });
    const onlyTainted = [tainted[0]];
    expect(chooseNode(pod('b'), { nodes: onlyTainted, pods: [] })).toEqual({
      reasons: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'],
    });
    const tolerant = pod('c', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }] });
    expect(chooseNode(tolerant, { nodes: onlyTainted, pods: [] })).toEqual({ node: 'minikube' });
  });

  it('enforces topologySpreadConstraints maxSkew', () => {
    const spread = {
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'web' } },
        },
      ],
    };
    const running = [
      pod('a1', {}, { app: 'web' }, 'minikube', 'other-owner'),
      pod('a2', {}, { app: 'web' }, 'minikube', 'other-owner'),
      ...['x1', 'x2', 'x3'].map((n) => pod(n, {}, { app: 'busy' }, 'minikube-m02', 'rs-3')),
    ];
    // Plain spreading would pick the less loaded minikube; the skew (2+1-0 > 1) forbids it.
    expect(chooseNode(pod('b'), { nodes, pods: running })).toEqual({ node: 'minikube' });
    expect(chooseNode(pod('b', spread), { nodes, pods: running })).toEqual({ node: 'minikube-m02' });
    // nodeAffinityPolicy Honor: with the pod limited to rack 0, only that domain counts, so the skew is 0.
    expect(
      chooseNode(pod('b', { ...spread, nodeSelector: { rack: '0' } }), { nodes, pods: running }),
    ).toEqual({ node: 'minikube' });
  });

  it('honours required pod anti-affinity per hostname', () => {
    const anti = {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    };
    const running = [
      pod('a', anti, { app: 'web' }, 'minikube'),
      pod('b', anti, { app: 'web' }, 'minikube-m02'),
    ];
    expect(chooseNode(pod('c', anti), { nodes, pods: running })).toEqual({
      reasons: [
        "node(s) didn't match pod anti-affinity rules",
        "node(s) didn't match pod anti-affinity rules",
      ],
    });
  });

  describe('NodeResourcesFit (noderesources/fit.go)', () => {
    // minikube's nodes: cpu 2, memory 3912312Ki, pods 110 (as bootstrap.ts writes them).
    const allocatable = { cpu: '2', memory: '3912312Ki', pods: '110' };
    const sized = nodes.map((n) => ({ ...n, status: { allocatable } }));
    const requesting = (name: string, resources: object, nodeName?: string, extra: object = {}) =>
      pod(name, { containers: [{ name: 'c', image: 'i', resources }], ...extra }, { app: 'web' }, nodeName);
    const memory = 3912312 * 1024;

    it('leaves a pod whose requests exceed every node Pending, as the real message says', () => {
      // "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No
      // preemption victims found for incoming pod." (hazelcast/hazelcast-platform-operator#660)
      const huge = chooseNode(requesting('b', { requests: { memory: '100Ti' } }), { nodes: sized, pods: [] });
      expect(huge).toEqual({ reasons: ['Insufficient memory', 'Insufficient memory'] });
      expect(unschedulableMessage(2, (huge as { reasons: string[] }).reasons)).toBe(
        '0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
      );
    });
    it('fits exactly the allocatable, not a byte or a millicore more', () => {
      expect(
        chooseNode(requesting('b', { requests: { memory: `${memory}` } }), { nodes: sized, pods: [] }),
      ).toEqual({
        node: 'minikube',
      });
      expect(
        chooseNode(requesting('b', { requests: { memory: `${memory + 1}` } }), { nodes: sized, pods: [] }),
      ).toEqual({ reasons: ['Insufficient memory', 'Insufficient memory'] });
      expect(chooseNode(requesting('b', { requests: { cpu: '2' } }), { nodes: sized, pods: [] })).toEqual({
        node: 'minikube',
      });
      expect(
        chooseNode(requesting('b', { requests: { cpu: '2001m', memory: '5Gi' } }), {
          nodes: sized,
          pods: [],
        }),
      ).toEqual({
        reasons: ['Insufficient cpu', 'Insufficient memory', 'Insufficient cpu', 'Insufficient memory'],
      });
    });
    it("counts the requests of pods already bound, limits standing in for requests, and init containers' peak", () => {
      const busy = [requesting('a', { limits: { cpu: '1500m' } }, 'minikube')];
      expect(
        chooseNode(requesting('b', { requests: { cpu: '600m' } }), { nodes: sized, pods: busy }),
      ).toEqual({
        node: 'minikube-m02',
      });
      const both = [...busy, requesting('x', { requests: { cpu: '1500m' } }, 'minikube-m02')];
      const r = chooseNode(requesting('b', { requests: { cpu: '600m' } }), { nodes: sized, pods: both });
      expect(r).toEqual({ reasons: ['Insufficient cpu', 'Insufficient cpu'] });
      const init = requesting('b', { requests: { cpu: '100m' } }, undefined, {
        initContainers: [{ name: 'i', image: 'i', resources: { requests: { cpu: '3' } } }],
      });
      expect(chooseNode(init, { nodes: sized, pods: [] })).toEqual({
        reasons: ['Insufficient cpu', 'Insufficient cpu'],
      });
    });
    it('mixes unresolvable and resource failures in the preemption part', () => {
      const pinned = requesting('b', { requests: { memory: '100Ti' } }, undefined, {
        nodeSelector: { rack: '1' },
      });
      const r = chooseNode(pinned, { nodes: sized, pods: [] }) as { reasons: string[] };
      expect(unschedulableMessage(2, r.reasons)).toBe(
        "0/2 nodes are available: 1 Insufficient memory, 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
      );
    });
  });

  it('formats the FailedScheduling message like the real scheduler', () => {
    expect(
      unschedulableMessage(2, [
        "node(s) didn't match Pod's node affinity/selector",
        'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
      ]),
    ).toBe(
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });
});
