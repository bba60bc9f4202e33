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
