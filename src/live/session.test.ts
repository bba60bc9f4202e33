/**
 * A whole live grade (LiveGrade → LiveSession, every step of LIVE_STEPS, the checks, the reports) on
 * the in-process emulated cluster, connected as `lab-grader grade --cluster existing --kubeconfig FILE`
 * connects: the reference earns every point, and each broken fixture graded live fails exactly its
 * checks (what the cluster really does, next to the static check). The grade through the `minikube`
 * stand-in, end to end, is scenarios/lab4-calico-racks.test.ts and grade-cli.test.ts; these take seconds.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Evidence, parseEvidence } from '../evidence/schema.ts';
import type { GradeResult } from '../report/model.ts';
import {
  brokenSubmission,
  type ExistingConfigOptions,
  existingConfig,
  SETUP_TIMEOUT_MS,
  TEST_TIMEOUTS,
} from '../testing/live-session.ts';
import { startTestCluster, type TestCluster } from '../testing/sim-cluster.ts';
import type { Timeouts } from './config.ts';
import { LiveGrade, type LiveGradeOutcome } from './engine.ts';
import { gradeEvidence, LIVE_STEPS } from './session.ts';

/** One grade of `opts.submission` on a fresh test cluster (a grade creates its namespace: never twice). */
async function gradeOnTestCluster(
  opts: ExistingConfigOptions & { timeouts?: Partial<Timeouts>; faults?: string } = {},
): Promise<LiveGradeOutcome & { grade: LiveGrade; cluster: TestCluster }> {
  const cluster = await startTestCluster({ faults: opts.faults });
  try {
    const grade = await LiveGrade.open(existingConfig(cluster, opts), { signals: false });
    grade.session.state.timeouts = { ...TEST_TIMEOUTS, ...opts.timeouts };
    return { ...(await grade.run()), grade, cluster };
  } finally {
    await cluster.stop();
  }
}

const notPassing = (r: GradeResult) => r.checks.filter((c) => c.status !== 'pass');
const failing = (r: GradeResult) =>
  r.checks
    .filter((c) => c.status === 'fail' || c.status === 'error')
    .map((c) => c.id)
    .sort();

describe('a live grade of the reference on an existing cluster', () => {
  let dir: string;
  let out: Awaited<ReturnType<typeof gradeOnTestCluster>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'live-session-test-'));
    out = await gradeOnTestCluster({ reportDir: dir });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it('runs every step, in order, each ok', () => {
    expect(out.evidence.steps.map((s) => [s.name, s.status])).toEqual(LIVE_STEPS.map((d) => [d.name, 'ok']));
    expect(out.provisionError).toBeUndefined();
    expect(out.evidence.cluster).toEqual({
      kind: 'existing',
      context: 't',
      versions: {
        calico: 'v3.28.1',
        kubernetes: 'v1.31.0',
        containerRuntime: expect.stringMatching(/^containerd:\/\//),
      },
    });
  });

  it('earns every point: every check passes', () => {
    expect(out.result.status).toBe('graded');
    expect(notPassing(out.result).map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(out.result.score).toBe(out.result.maxScore);
    expect(out.result.maxScore).toBeGreaterThan(0);
  });

  it('writes the reports, and its evidence.json re-grades offline to the same checks', async () => {
    const saved = parseEvidence(await readFile(join(dir, 'evidence.json'), 'utf8'));
    expect(saved).toEqual(JSON.parse(JSON.stringify(out.evidence)) as Evidence);
    // What `lab-grader evaluate evidence.json` recomputes, from the same lab model.
    expect(gradeEvidence(saved, out.grade.session.state.facts)).toEqual(out.result.checks);
    const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'));
    expect([results.status, results.score, results.maxScore]).toEqual([
      'graded',
      out.result.score,
      out.result.maxScore,
    ]);
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toMatch(/^<\?xml /);
    const full = `${out.result.maxScore} / ${out.result.maxScore}`;
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain(`**Score: ${full}**`);
  });

  it('records what an existing cluster offers: in-cluster sampling, labels on its own node names', () => {
    expect(out.evidence.probes.lb?.method).toBe('in-cluster');
    // The report labels minikube and minikube-m02; this cluster's nodes are t and t-m02, by order.
    expect(out.evidence.labelsApplied).toEqual([
      { node: 't', key: 'rack', value: '0' },
      { node: 't-m02', key: 'rack', value: '1' },
    ]);
    expect(out.evidence.nodes.every((n) => n.cniConfig === undefined)).toBe(true);
  });
});

/** The steps of a grade whose rollout never ends: it fails, and what needs the pods is skipped. */
const STUCK = { rollout: 'failed', lb: 'skipped', page: 'skipped', ping: 'skipped', dns: 'skipped' };
/** The steps after a refusal: nothing to roll out or probe. */
const REFUSED = { rollout: 'skipped', lb: 'skipped', page: 'skipped', ping: 'skipped', dns: 'skipped' };

describe('live grades of broken submissions on an existing cluster', () => {
  const CASES: { fixture: string; fails: string[]; steps?: Record<string, string> }[] = [
    // REACT_APP_COMPANY_NAME unset: the manifest check, and the page shows the placeholder.
    { fixture: 'missing-env', fails: ['app.env-rendered', 'deployment.env'] },
    // The Service selects no pod: no endpoints, no request answered.
    {
      fixture: 'service-selector-mismatch',
      fails: ['service.endpoints', 'service.lb-spread', 'service.selects-pods'],
    },
    // One pod: nothing to ping, one endpoint.
    {
      fixture: 'one-replica',
      fails: ['deployment.replicas', 'service.endpoints'],
      steps: { ping: 'failed' },
    },
    // The default pool is kept: pods may still land in a rack pool, but the check sees it.
    { fixture: 'default-pool-kept', fails: ['pools.default-removed'] },
    // No pool selects a node labelled zone=…: Calico has no pool for the pods, which stay ContainerCreating.
    {
      fixture: 'selector-label-mismatch',
      fails: ['deployment.rolled-out', 'labels.match-pools', 'pools.applied'],
      steps: STUCK,
    },
    // An image other than the lab's: the apply policy refuses the Deployment, nothing rolls out.
    {
      fixture: 'wrong-image',
      fails: ['deployment.image', 'deployment.rolled-out'],
      steps: { ...REFUSED, deploy: 'failed' },
    },
    // Two pools over the same range: the apply policy refuses them, and the workload is not deployed.
    {
      fixture: 'overlapping-pools',
      fails: ['deployment.rolled-out', 'pools.applied', 'pools.no-overlap'],
      steps: { ...REFUSED, pools: 'failed', deploy: 'failed' },
    },
  ];
  for (const c of CASES)
    it(`${c.fixture}: fails ${c.fails.join(', ')}`, async () => {
      const { result, evidence } = await gradeOnTestCluster({
        submission: brokenSubmission(c.fixture),
        // The emulator rolls out at once (time factor 0): a rollout that never ends fails in seconds.
        timeouts: { rollout: 3_000 },
      });
      expect(result.status).toBe('graded');
      expect(failing(result)).toEqual(c.fails);
      for (const r of result.checks.filter((x) => x.status === 'fail'))
        expect(r.hint, `${r.id} hint`).toBeTruthy();
      const notOk = Object.fromEntries(
        evidence.steps.filter((s) => s.status !== 'ok').map((s) => [s.name, s.status]),
      );
      expect(notOk).toEqual(c.steps ?? {});
    });
});

/**
 * Emulator faults that reproduce real failures (blocked ICMP, Calico not Ready): the reference must then
 * fail exactly the checks that failure should fail, with diagnostics and a hint. The faults that need
 * minikube itself are graded through the stand-in (scenarios/live-faults.test.ts): host-local IPAM (read
 * from the node's CNI config by `minikube ssh`), broken DNS (the Service is sampled from the host through
 * `minikube service`, not by name from a pod) and a slow app (delays scaled by a time factor).
 */
describe('live grades of the reference under emulator faults', () => {
  const CASES: { faults: string; fails: string[]; mentions: Record<string, string> }[] = [
    {
      faults: 'icmp-blocked',
      fails: ['network.ping-fqdn', 'network.ping-ip'],
      mentions: { 'network.ping-ip': '100% packet loss' },
    },
    {
      faults: 'calico-not-ready',
      fails: ['cluster.calico-healthy'],
      mentions: { 'cluster.calico-healthy': 'calico-node' },
    },
  ];
  for (const c of CASES)
    it(`${c.faults}: fails ${c.fails.join(', ')}`, async () => {
      const { result } = await gradeOnTestCluster({
        faults: c.faults,
        // A wait that cannot end (Calico never Ready) fails in seconds.
        timeouts: { calico: 3_000 },
      });
      expect(failing(result)).toEqual([...c.fails].sort());
      for (const [id, text] of Object.entries(c.mentions)) {
        const r = result.checks.find((x) => x.id === id);
        expect(r?.diagnostics, `${id} diagnostics`).toBeTruthy();
        expect(`${r?.message}\n${r?.diagnostics}`, `${id} message and diagnostics`).toContain(text);
        expect(r?.hint, `${id} hint`).toBeTruthy();
      }
    });
});
