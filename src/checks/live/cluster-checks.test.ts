import { describe, expect, it } from 'vitest';
import { buildEvidence, calicoNotReady } from '../../testing/evidence-builder.ts';
import { grade, notPassing } from '../../testing/live-results.ts';

describe('cluster.nodes-ready', () => {
  it('fails for a NotReady node, quoting the kubelet and pointing at the CNI', () => {
    const r = grade(
      buildEvidence((e) => {
        e.nodes[1]!.ready = false;
        e.nodes[1]!.readyMessage =
          'KubeletNotReady: container runtime network not ready: cni plugin not initialized';
      }),
    );
    expect(r['cluster.nodes-ready']).toMatchObject({ status: 'fail', points: 0 });
    expect(r['cluster.nodes-ready']?.message).toBe(
      'minikube-m02 is NotReady (KubeletNotReady: container runtime network not ready: cni plugin not initialized)',
    );
    expect(r['cluster.nodes-ready']?.hint).toMatch(/--cni calico/);
    expect(r['cluster.nodes-ready']?.diagnostics).toContain('== Calico pods ==');
  });

  it('fails for a single-node cluster', () => {
    const r = grade(buildEvidence((e) => void e.nodes.pop()));
    expect(r['cluster.nodes-ready']?.message).toBe('1 node(s) (minikube), the lab needs 2');
    expect(r['cluster.nodes-ready']?.hint).toMatch(/--nodes 2/);
  });
});

describe('cluster.runtime-containerd', () => {
  it('fails on the docker runtime (docs/reference-facts.md, minikube §6: docker is the default)', () => {
    const r = grade(
      buildEvidence((e) => {
        for (const n of e.nodes) n.containerRuntimeVersion = 'docker://27.2.0';
      }),
    );
    expect(r['cluster.runtime-containerd']).toMatchObject({ status: 'fail' });
    expect(r['cluster.runtime-containerd']?.message).toBe(
      'minikube runs docker://27.2.0 and minikube-m02 runs docker://27.2.0, not containerd',
    );
    expect(r['cluster.runtime-containerd']?.hint).toMatch(/--container-runtime containerd/);
  });
});

describe('cluster.calico-healthy', () => {
  it('fails when calico-node is not Ready, with the log tail in the diagnostics', () => {
    const r = grade(buildEvidence(calicoNotReady));
    const c = r['cluster.calico-healthy']!;
    expect(c.status).toBe('fail');
    expect(c.message).toBe(
      'calico-node-kdvn5 on minikube is Running but not Ready (4 restarts); calico-node-mxftx on minikube-m02 is Running but not Ready (4 restarts); calico-kube-controllers is not Ready',
    );
    expect(c.diagnostics).toContain('== calico-node log (tail) ==');
    expect(c.diagnostics).toContain('BIRD is not ready');
    // Calico alone failing leaves the rest to be judged on what it shows.
    expect(notPassing(r)).toEqual({ 'cluster.calico-healthy': 'fail' });
  });

  it('fails when a node has no calico-node pod', () => {
    const r = grade(buildEvidence((e) => void e.calicoNodes.pop()));
    expect(r['cluster.calico-healthy']?.message).toBe('no calico-node pod on minikube-m02');
  });

  it('fails on a failed wait even when the pods look ready now', () => {
    const r = grade(
      buildEvidence((e) => {
        const step = e.steps.find((s) => s.name === 'calico')!;
        Object.assign(step, {
          status: 'failed',
          durationMs: 300_000,
          error: 'timed out waiting for the condition',
        });
      }),
    );
    expect(r['cluster.calico-healthy']?.message).toBe(
      'waiting for Calico failed after 300 s: timed out waiting for the condition',
    );
  });
});

describe('a step that never ran', () => {
  it('makes the checks of its own outcome skip with the reason, not fail', () => {
    // The driver's order: when Calico never became Ready, labels/pools/deploy/rollout are skipped.
    const r = grade(
      buildEvidence(calicoNotReady, (e) => {
        for (const s of e.steps)
          if (['labels', 'pools', 'deploy', 'rollout'].includes(s.name)) {
            s.status = 'skipped';
            s.detail = 'skipped because calico failed';
            delete s.error;
          }
        e.calicoNodes[0]!.ready = false;
      }),
    );
    for (const id of ['labels.applied', 'pools.applied', 'pools.default-removed', 'deployment.rolled-out']) {
      expect(r[id]?.status, id).toBe('skip');
      expect(r[id]?.message, id).toMatch(/was skipped/);
    }
    expect(r['cluster.calico-healthy']?.status).toBe('fail');
  });
});
