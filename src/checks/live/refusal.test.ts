/**
 * What the live checks say when the apply policy refused part of a submission (src/live/policy.ts):
 * the check reporting the refusing step fails with the list, the checks after it are "not verified"
 * (skip), and none passes on a cluster that never ran the submission.
 */
import { describe, expect, it } from 'vitest';
import { evidenceSchema, STEP } from '../../evidence/schema.ts';
import { buildEvidence, type EvidenceMutator, findStep } from '../../testing/evidence-builder.ts';
import { grade } from '../../testing/live-results.ts';

const HOST_PID = {
  step: 'deploy',
  object: 'Deployment lab4-deployment (deployment.yaml:1)',
  rule: 'pod-security',
  message: 'violates PodSecurity "baseline:latest": host namespaces (hostPID=true)',
};
const WIDE_POOL = {
  step: 'pools',
  object: 'IPPool all (ippool.yaml:1)',
  rule: 'pool-size',
  message: 'cidr 0.0.0.0/0 is wider than /8',
};

/** What the driver leaves when `step` refused: the step failed, the app was never deployed. */
const refusedAt =
  (step: 'labels' | 'pools' | 'deploy', refusals: object[]): EvidenceMutator =>
  (e) => {
    e.refusals = refusals as NonNullable<typeof e.refusals>;
    const order = [STEP.labels, STEP.pools, STEP.deploy];
    for (const name of order.slice(order.indexOf(step)))
      Object.assign(findStep(e, name), {
        status: 'failed',
        error: name === step ? 'refused by the apply policy: …' : 'not applied: the grader refused …',
      });
    for (const name of [STEP.rollout, STEP.lb, STEP.page, STEP.ping, STEP.dns])
      Object.assign(findStep(e, name), { status: 'skipped', detail: 'skipped because deploy failed' });
    e.deployment = null;
    e.pods = [];
    e.service = null;
    e.endpoints = [];
    e.probes = { lb: null, page: [], ping: [], dns: [] };
    if (step !== 'deploy') delete e.defaultPoolRemoval;
  };

const APP_CHECKS = [
  'pods.spread-across-racks',
  'pods.ip-in-rack-pool',
  'service.endpoints',
  'service.lb-spread',
  'app.env-rendered',
  'network.ping-ip',
  'network.ping-fqdn',
  'dns.service-resolves',
];

describe('a refused deploy', () => {
  const r = grade(buildEvidence(refusedAt('deploy', [HOST_PID])));
  it('fails deployment.rolled-out with each refused object and rule', () => {
    expect(r['deployment.rolled-out']?.status).toBe('fail');
    expect(r['deployment.rolled-out']?.message).toBe(
      'the grader refused to apply the submission, so nothing of it was created: Deployment lab4-deployment (deployment.yaml:1) [pod-security]: violates PodSecurity "baseline:latest": host namespaces (hostPID=true)',
    );
    expect(r['deployment.rolled-out']?.hint).toContain('Apply policy');
  });
  it('leaves every check of the app "not verified", never passed', () => {
    for (const id of APP_CHECKS) {
      expect(r[id]?.status, id).toBe('skip');
      expect(r[id]?.message, id).toMatch(/^the grader refused the submission's manifests \(1 refused\)/);
    }
  });
  it('keeps the cluster checks that do not depend on it', () => {
    expect(r['pools.applied']?.status).toBe('pass');
    expect(r['cluster.nodes-ready']?.status).toBe('pass');
  });
});

describe('refused pools', () => {
  const r = grade(buildEvidence(refusedAt('pools', [WIDE_POOL])));
  it('fail pools.applied with the refusals and a hint on valid ranges', () => {
    expect(r['pools.applied']?.status).toBe('fail');
    expect(r['pools.applied']?.message).toBe(
      "the grader refused the submission's pools, so none was created: IPPool all (ippool.yaml:1) [pool-size]: cidr 0.0.0.0/0 is wider than /8",
    );
    expect(r['pools.applied']?.hint).toContain('192.168.49.0/24');
  });
  it("leave the default pool's removal unverified and fail the deploy that never happened", () => {
    expect(r['pools.default-removed']?.status).toBe('skip');
    expect(r['pools.default-removed']?.message).toMatch(/^the grader refused the submission's IP pools/);
    expect(r['deployment.rolled-out']?.status).toBe('fail');
    expect(r['deployment.rolled-out']?.message).toMatch(/^nothing was deployed: not applied/);
    for (const id of APP_CHECKS) expect(r[id]?.status, id).toBe('skip');
  });
});

describe('refused labels', () => {
  it('fail labels.applied naming the label', () => {
    const label = {
      step: 'labels',
      object: 'label kubernetes.io/hostname=x on minikube (lab4.md:40)',
      rule: 'node-label',
      message: 'keys under kubernetes.io belong to Kubernetes, minikube or Calico',
    };
    const r = grade(buildEvidence(refusedAt('labels', [label])));
    expect(r['labels.applied']?.status).toBe('fail');
    expect(r['labels.applied']?.message).toContain(
      'label kubernetes.io/hostname=x on minikube (lab4.md:40) [node-label]',
    );
    expect(r['pools.applied']?.status).toBe('fail');
    expect(r['pools.applied']?.message).toMatch(/^no pool was created: not applied/);
    const passed = Object.values(r)
      .filter((x) => x.status === 'pass')
      .map((x) => x.id);
    expect(passed).toEqual(['cluster.nodes-ready', 'cluster.runtime-containerd', 'cluster.calico-healthy']);
  });
});

describe('the evidence bundle', () => {
  it('keeps the refusals through its schema, so `evaluate` re-grades them the same', () => {
    const e = buildEvidence(refusedAt('deploy', [HOST_PID]));
    const parsed = evidenceSchema.parse(JSON.parse(JSON.stringify(e)));
    expect(parsed.refusals).toEqual([HOST_PID]);
    expect(grade(parsed)['deployment.rolled-out']).toEqual(grade(e)['deployment.rolled-out']);
  });
});

describe('a deploy that failed for another reason', () => {
  it('still fails deployment.rolled-out (not skipped behind the rollout it left undone)', () => {
    const r = grade(
      buildEvidence((e) => {
        Object.assign(findStep(e, STEP.deploy), { status: 'failed', error: 'namespaces "app" not found' });
        Object.assign(findStep(e, STEP.rollout), {
          status: 'skipped',
          detail: 'skipped because deploy failed',
        });
      }),
    );
    expect(r['deployment.rolled-out']?.status).toBe('fail');
    expect(r['deployment.rolled-out']?.message).toBe(
      'applying the manifests failed: namespaces "app" not found',
    );
  });
});
