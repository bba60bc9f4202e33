import { describe, expect, it } from 'vitest';
import { STEP } from '../../evidence/schema.ts';
import { buildEvidence, defaultPoolKept, podsBeforePools, withStep } from '../../testing/evidence-builder.ts';
import { grade, notPassing } from '../../testing/live-results.ts';

describe('labels.applied', () => {
  it('says where the labels came from', () => {
    const r = grade(
      buildEvidence((e) => {
        e.labelsSource = 'inferred';
      }),
    );
    expect(r['labels.applied']).toMatchObject({ status: 'pass' });
    expect(r['labels.applied']?.message).toBe(
      "minikube rack=0 and minikube-m02 rack=1 (inferred from the pools' selectors, because the report shows no `kubectl label` command)",
    );
  });

  it("fails with kubectl's error when labelling failed", () => {
    const r = grade(
      buildEvidence(
        withStep(STEP.labels, {
          status: 'failed',
          error: "error: 'rack' already has a value (1), and --overwrite is false",
        }),
      ),
    );
    expect(r['labels.applied']?.status).toBe('fail');
    expect(r['labels.applied']?.message).toBe(
      "labelling the nodes failed: error: 'rack' already has a value (1), and --overwrite is false",
    );
    expect(r['labels.applied']?.hint).toMatch(/--overwrite/);
  });

  it('fails when a label is not on its node, or a node has none', () => {
    const r = grade(
      buildEvidence((e) => {
        delete e.nodes[1]!.labels.rack;
      }),
    );
    expect(r['labels.applied']?.message).toBe('minikube-m02 has no rack label, expected rack=1');
    const unlabelled = grade(
      buildEvidence((e) => {
        e.labelsApplied.pop();
        delete e.nodes[1]!.labels.rack;
      }),
    );
    expect(unlabelled['labels.applied']?.message).toBe('minikube-m02 has no rack label (rack)');
  });

  it('fails when a label was meant for a node the cluster does not have', () => {
    const r = grade(
      buildEvidence((e) => {
        e.labelsApplied[1]!.node = 'node2';
      }),
    );
    expect(r['labels.applied']?.message).toMatch(
      /^rack=1 was meant for node2, which is not a node of the cluster \(minikube and minikube-m02\)/,
    );
  });

  it('fails when nothing was applied', () => {
    const r = grade(
      buildEvidence((e) => {
        e.labelsApplied = [];
      }),
    );
    expect(r['labels.applied']?.message).toMatch(/^no rack label was applied/);
  });
});

describe('pools.applied', () => {
  it("fails with calicoctl's error when creating the pools failed", () => {
    const error =
      "Failed to create 'IPPool' resource: [error with field IPPool.Spec.CIDR = '192.168.0.5/24' (IPPool CIDR is not strictly masked)]";
    const r = grade(buildEvidence(withStep(STEP.pools, { status: 'failed', error })));
    expect(r['pools.applied']?.status).toBe('fail');
    expect(r['pools.applied']?.message).toBe(`creating the pools failed: ${error}`);
    expect(r['pools.applied']?.diagnostics).toContain('== IP pools on the cluster ==');
  });

  it('fails when a pool selects no node (selector on a label no node has)', () => {
    const r = grade(
      buildEvidence((e) => {
        e.pools[1]!.nodeSelector = 'zone == "east"';
      }),
    );
    expect(r['pools.applied']?.message).toBe(
      'rack-1-ippool selects `zone == "east"` on the cluster, `rack == "1"` in the submission; rack-1-ippool (`zone == "east"`) selects no node; no rack pool selects minikube-m02',
    );
    expect(r['pools.applied']?.hint).toMatch(/Label a node so that rack-1-ippool's selector/);
  });

  it("fails when the submission's pool is missing on the cluster", () => {
    const r = grade(buildEvidence((e) => void e.pools.pop()));
    expect(r['pools.applied']?.message).toMatch(
      /^rack-1-ippool \(192\.168\.1\.0\/24\) is not on the cluster; 1 enabled rack pool\(s\) on the cluster \(rack-0-ippool\), the lab needs 2/,
    );
  });

  it('fails when one node is selected by two pools', () => {
    const r = grade(
      buildEvidence((e) => {
        e.submission.pools = undefined;
        e.pools[1]!.nodeSelector = 'has(rack)';
      }),
    );
    expect(r['pools.applied']?.message).toBe(
      'minikube is selected by 2 pools (rack-0-ippool and rack-1-ippool)',
    );
  });
});

describe('pools.default-removed (live)', () => {
  it('passes when the default pool is disabled', () => {
    const r = grade(
      buildEvidence((e) => {
        e.pools.push({
          name: 'default-ipv4-ippool',
          cidr: '10.244.0.0/16',
          blockSize: 26,
          nodeSelector: 'all()',
          disabled: true,
          ipipMode: 'Always',
          natOutgoing: true,
        });
      }),
    );
    expect(r['pools.default-removed']?.message).toBe(
      'default-ipv4-ippool is on the cluster but disabled, and none of the 2 app pods has an address from it',
    );
  });

  it('ignores system pods that kept default-pool blocks (only app pods count)', () => {
    // The reference bundle keeps 10.244.120.64/26 for coredns (docs/reference-facts.md, calico-ippool §7).
    expect(grade(buildEvidence())['pools.default-removed']?.status).toBe('pass');
  });

  it('fails when the default pool is still enabled and pods got its addresses', () => {
    const r = grade(buildEvidence(defaultPoolKept));
    expect(r['pools.default-removed']?.message).toBe(
      'default-ipv4-ippool (10.244.0.0/16) is still enabled on the cluster; 2 app pod(s) still have addresses from it: lab4-deployment-6b9c7d8f5d-2xk8p 10.244.120.68 (default-ipv4-ippool 10.244.0.0/16), lab4-deployment-6b9c7d8f5d-k6tfh 10.244.205.195 (default-ipv4-ippool 10.244.0.0/16)',
    );
    expect(r['pools.default-removed']?.hint).toMatch(/calicoctl delete ippool default-ipv4-ippool/);
    expect(notPassing(r)).toEqual({ 'pools.default-removed': 'fail', 'pods.ip-in-rack-pool': 'fail' });
  });

  it("fails when pods still hold addresses from the deleted pool's blocks", () => {
    const r = grade(buildEvidence(podsBeforePools));
    expect(r['pools.default-removed']?.message).toMatch(
      /^2 app pod\(s\) still have addresses from it: lab4-deployment-6b9c7d8f5d-2xk8p 10\.244\.120\.68 \(block 10\.244\.120\.64\/26, left from the deleted default-ipv4-ippool\)/,
    );
    expect(r['pools.default-removed']?.hint).toMatch(/rollout restart deployment\/lab4-deployment/);
  });
});

describe('pools.default-removed when the grader removed the pool', () => {
  it('fails as not shown: the cluster is right only because the grader did the step', () => {
    const r = grade(
      buildEvidence((e) => {
        e.defaultPoolRemoval = {
          by: 'grader',
          how: 'calicoctl delete ippool default-ipv4-ippool, as the lab requires',
        };
      }),
    );
    expect(r['pools.default-removed']?.status).toBe('fail');
    expect(r['pools.default-removed']?.message).toContain('only because the grader deleted it');
    expect(r['pools.default-removed']?.evidence).toMatchObject({ notShown: true });
  });
});
