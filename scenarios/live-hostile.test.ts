/**
 * Hostile submissions graded live on the emulated cluster (issue 7, "Trust"): every
 * fixtures/hostile/live-* folder is the reference with one hostile change. Each grade must be refused
 * at the step expected.json names, with its message, exit non-zero and never score full marks — and
 * the cluster must show it: nothing created outside the grading namespace but the grader's own
 * calicoctl tooling and the submission's pools, nothing that existed changed (uid and
 * resourceVersion of every object outside the grading namespace; nodes only gain the rack labels).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Kube } from '../src/cluster/kube.ts';
import { STEP } from '../src/evidence/schema.ts';
import { POOLS_CONFIGMAP } from '../src/live/calicoctl-pod.ts';
import { LiveGrade } from '../src/live/engine.ts';
import { LIVE_STEPS } from '../src/live/session.ts';
import { existingConfig, TEST_TIMEOUTS } from '../src/testing/live-session.ts';
import { startTestCluster } from '../src/testing/sim-cluster.ts';

const ROOT = join(import.meta.dirname, '../fixtures/hostile');
const CASES = readdirSync(ROOT)
  .filter((d) => d.startsWith('live-'))
  .sort();

interface Expected {
  description: string;
  live: { exitNonZero: boolean; refusedStep: 'labels' | 'pools' | 'deploy'; messageIncludes: string };
}

interface Entry {
  uid: string;
  resourceVersion: string;
  labels: Record<string, string>;
}
/** `group/Kind/namespace/name` → identity, for every listable object the API serves. */
type Snapshot = Map<string, Entry>;

interface ObjectMeta {
  uid: string;
  resourceVersion: string;
  namespace?: string;
  name: string;
  labels?: Record<string, string>;
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

/** Every object of every listable resource, found through discovery as kubectl would. */
async function snapshot(kube: Kube): Promise<Snapshot> {
  const versions: { path: string; group: string }[] = [{ path: '/api/v1', group: '' }];
  const groups = await kube.getJson<{
    groups: { name: string; preferredVersion: { groupVersion: string } }[];
  }>('/apis');
  for (const g of groups.groups)
    versions.push({ path: `/apis/${g.preferredVersion.groupVersion}`, group: g.name });
  const out: Snapshot = new Map();
  for (const v of versions) {
    const list = await kube.getJson<{ resources: ApiResource[] }>(v.path);
    for (const r of list.resources) {
      if (r.name.includes('/') || !r.verbs.includes('list')) continue;
      const items = await kube.getJson<{ items: { metadata: ObjectMeta }[] }>(`${v.path}/${r.name}`);
      for (const { metadata: m } of items.items) {
        out.set(`${v.group}/${r.kind}/${m.namespace ?? ''}/${m.name}`, {
          uid: m.uid,
          resourceVersion: m.resourceVersion,
          labels: m.labels ?? {},
        });
      }
    }
  }
  return out;
}

/**
 * What a grade may leave behind outside its namespace: its calicoctl tooling (the pod, its account,
 * and the ConfigMap that hands it the pools as files), Calico's IPAM records, events.
 */
const GRADER_OWN = new Set([
  '/ServiceAccount/kube-system/calicoctl',
  '/Pod/kube-system/calicoctl',
  `/ConfigMap/kube-system/${POOLS_CONFIGMAP}`,
  'rbac.authorization.k8s.io/ClusterRole//calicoctl',
  'rbac.authorization.k8s.io/ClusterRoleBinding//calicoctl',
]);
const BOOKKEEPING =
  /^(\/Event\/|events\.k8s\.io\/|crd\.projectcalico\.org\/(IPAMBlock|BlockAffinity|IPAMHandle)\/)/;

/**
 * One grade of a hostile submission, step by step, with snapshots of the cluster after the calico step
 * and at the end. The policy and what the steps apply do not depend on how the cluster was made, so each
 * grade runs as `--cluster existing` on a fresh in-process emulated cluster (src/testing/live-session.ts):
 * the same steps and API calls as on minikube, without a minikube process per grade.
 */
async function gradeHostile(dir: string) {
  const cluster = await startTestCluster();
  try {
    const grade = await LiveGrade.open(existingConfig(cluster, { submission: dir }), { signals: false });
    grade.session.state.timeouts = { ...TEST_TIMEOUTS };
    let before: Snapshot | undefined;
    let after: Snapshot | undefined;
    for (const step of LIVE_STEPS) {
      await grade.runStep(step.name);
      const kube = grade.session.state.kube;
      if (step.name === STEP.calico && kube) before = await snapshot(kube);
    }
    const kube = grade.session.state.kube;
    if (kube) after = await snapshot(kube);
    // finish() grades and closes the session: the snapshots were taken while it ran.
    const { result, evidence } = await grade.finish();
    return { result, evidence, before, after, namespace: grade.session.state.namespace };
  } finally {
    await cluster.stop();
  }
}

describe.concurrent('hostile submissions on the emulated cluster', () => {
  for (const c of CASES) {
    const expected = JSON.parse(readFileSync(join(ROOT, c, 'expected.json'), 'utf8')) as Expected;
    it(`${c}: ${expected.description}`, async () => {
      const { result, evidence, before, after, namespace } = await gradeHostile(join(ROOT, c));
      const { refusedStep, messageIncludes } = expected.live;

      // Refused at the expected step, with the message, recorded in the evidence.
      const step = evidence.steps.find((s) => s.name === refusedStep);
      expect(step?.status, `${refusedStep} step`).toBe('failed');
      expect(step?.error).toContain(messageIncludes);
      expect(evidence.refusals?.some((r) => r.step === refusedStep)).toBe(true);

      // Never full marks, never a silent pass of what depends on the refusal, and exit non-zero.
      expect(result.score, 'graded (not an ungraded result)').not.toBeNull();
      expect(result.score as number).toBeLessThan(result.maxScore as number);
      const byId = new Map(result.checks.map((r) => [r.id, r]));
      const reporter = { labels: 'labels.applied', pools: 'pools.applied', deploy: 'deployment.rolled-out' }[
        refusedStep
      ];
      expect(byId.get(reporter)?.status).toBe('fail');
      expect(byId.get(reporter)?.message).toContain(messageIncludes);
      for (const id of ['pods.ip-in-rack-pool', 'service.lb-spread', 'network.ping-ip', 'app.env-rendered'])
        expect(byId.get(id)?.status, id).not.toBe('pass');
      const exitNonZero = result.checks.some(
        (r) => r.status === 'fail' || r.status === 'error' || (r.status === 'skip' && r.maxPoints > 0),
      );
      expect(exitNonZero).toBe(expected.live.exitNonZero);

      // The cluster: nothing created outside the grading namespace, nothing that existed changed.
      // The snapshots see the cluster's own objects (else the comparison below would prove nothing).
      for (const k of [
        '/Namespace//kube-system',
        '/ServiceAccount/kube-system/default',
        '/Service/kube-system/kube-dns',
        '/ConfigMap/kube-system/kube-root-ca.crt',
        'crd.projectcalico.org/IPPool//default-ipv4-ippool',
      ])
        expect(before?.has(k), `snapshot has ${k}`).toBe(true);
      expect([...(before as Snapshot).keys()].filter((k) => k.startsWith('/Node//'))).toHaveLength(2);
      const inGradingNs = (key: string) =>
        key.split('/')[2] === namespace || key === `/Namespace//${namespace}`;
      const pools = new Set(
        refusedStep === 'pools' || refusedStep === 'labels'
          ? []
          : evidence.submission.pools?.map((p) => p.name),
      );
      const created = [...(after as Snapshot).keys()].filter(
        (k) =>
          !(before as Snapshot).has(k) &&
          !inGradingNs(k) &&
          !GRADER_OWN.has(k) &&
          !BOOKKEEPING.test(k) &&
          !(k.startsWith('crd.projectcalico.org/IPPool//') && pools.has(k.split('/')[3] as string)),
      );
      expect(created, 'created outside the grading namespace').toEqual([]);
      const changed: string[] = [];
      for (const [k, was] of before as Snapshot) {
        if (inGradingNs(k) || BOOKKEEPING.test(k)) continue;
        const now = (after as Snapshot).get(k);
        if (k.startsWith('/Node//')) {
          // Nodes: heartbeats move their resourceVersion; only the report's rack labels may be added.
          const added = Object.keys(now?.labels ?? {}).filter((l) => !(l in was.labels));
          const altered = Object.keys(was.labels).filter((l) => now?.labels[l] !== was.labels[l]);
          expect(altered, `${k} labels changed`).toEqual([]);
          for (const l of added)
            expect(
              evidence.labelsApplied.map((x) => x.key),
              `${k} label ${l}`,
            ).toContain(l);
          continue;
        }
        if (k === 'crd.projectcalico.org/IPPool//default-ipv4-ippool' && refusedStep === 'deploy') continue;
        if (!now) changed.push(`${k} deleted`);
        else if (now.uid !== was.uid || now.resourceVersion !== was.resourceVersion)
          changed.push(`${k} changed`);
      }
      expect(changed, 'existing objects changed').toEqual([]);
    });
  }
});
