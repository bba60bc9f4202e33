import { rm } from 'node:fs/promises';
import { LIVE_CHECK_IDS, runLiveChecks } from '../checks/live/index.ts';
import { deriveFacts, literalEnv } from '../checks/static/facts.ts';
import { runStaticChecks } from '../checks/static/index.ts';
import type { CheckResult } from '../checks/types.ts';
import { registerCleanup } from '../cluster/cleanup.ts';
import {
  EVIDENCE_SCHEMA,
  type Evidence,
  type EvidenceStep,
  STEP,
  type StepName,
} from '../evidence/schema.ts';
import { displayPath } from '../grade/static.ts';
import { type GradeResult, RESULT_SCHEMA, summarize } from '../report/model.ts';
import { loadRubric } from '../rubric/rubric.ts';
import { readSubmission } from '../submission/read.ts';
import { type LiveConfig, timeoutsFor } from './config.ts';
import { type Progress, silentProgress } from './progress.ts';
import type { LiveState } from './state.ts';
import { StepRunner } from './step-runner.ts';
import { calicoStep } from './steps/calico.ts';
import { collectStep } from './steps/collect.ts';
import { deployStep } from './steps/deploy.ts';
import { labelsStep } from './steps/labels.ts';
import { poolsStep } from './steps/pools.ts';
import { dnsStep, lbStep, pageStep, pingStep } from './steps/probes.ts';
import { provisionStep } from './steps/provision.ts';
import { rolloutStep } from './steps/rollout.ts';

interface StepDef {
  name: StepName;
  title: string;
  requires: readonly StepName[];
  run: (s: LiveState) => Promise<string>;
}

/** The lab, done on the cluster in order. A step runs only when the steps it requires succeeded. */
export const LIVE_STEPS: readonly StepDef[] = [
  {
    name: STEP.cluster,
    title: 'provision the cluster (2 nodes, containerd, Calico)',
    requires: [],
    run: provisionStep,
  },
  {
    name: STEP.calico,
    title: 'wait for the nodes and Calico to be Ready',
    requires: [STEP.cluster],
    run: calicoStep,
  },
  { name: STEP.labels, title: 'label the nodes by rack', requires: [STEP.calico], run: labelsStep },
  {
    name: STEP.pools,
    title: 'replace the default pool by the rack pools',
    requires: [STEP.calico],
    run: poolsStep,
  },
  {
    name: STEP.deploy,
    title: 'apply the Deployment and the Service',
    requires: [STEP.calico],
    run: deployStep,
  },
  {
    name: STEP.rollout,
    title: 'wait for the rollout and the app to serve',
    requires: [STEP.deploy],
    run: (s) =>
      rolloutStep(s, (r) => {
        s.rolloutRecord = r;
      }),
  },
  { name: STEP.collect, title: 'read what the cluster shows', requires: [STEP.cluster], run: collectStep },
  {
    name: STEP.lb,
    title: 'send requests through the Service',
    requires: [STEP.rollout, STEP.collect],
    run: lbStep,
  },
  { name: STEP.page, title: "read each pod's page", requires: [STEP.rollout, STEP.collect], run: pageStep },
  {
    name: STEP.ping,
    title: 'ping between the pods by IP and by name',
    requires: [STEP.rollout, STEP.collect],
    run: pingStep,
  },
  {
    name: STEP.dns,
    title: "resolve the Service's name from a pod",
    requires: [STEP.rollout, STEP.collect],
    run: dnsStep,
  },
];

/**
 * One live grade: opens the submission, runs the steps against the cluster, keeps the evidence, and
 * grades it. Checks are pure functions of the evidence (plus the submission), so `evidence()` can be
 * saved and re-graded offline to the same result.
 */
export class LiveSession {
  private readonly runner: StepRunner;
  private readonly startedAt = Date.now();
  private readonly cleanup: { run(): Promise<void>; dispose(): void };
  private closed = false;
  private frozen?: Evidence;

  private constructor(readonly state: LiveState) {
    this.runner = new StepRunner(state.progress);
    // Under `lab-grader grade` the CLI process deletes the cluster on Ctrl-C (one owner, no racing
    // deletes); run alone (npm test), the session handles the signals itself.
    const signals: NodeJS.Signals[] = process.env.LAB_SIGNALS === 'parent' ? [] : ['SIGINT', 'SIGTERM'];
    this.cleanup = registerCleanup(() => this.teardown(), { signals });
  }

  static async open(config: LiveConfig, progress: Progress = silentProgress): Promise<LiveSession> {
    const rubric = await loadRubric(config.rubric);
    const submission = await readSubmission(config.submission);
    const facts = deriveFacts(submission, rubric);
    return new LiveSession({
      config,
      rubric,
      submission,
      facts,
      timeouts: timeoutsFor(config, rubric.expect.rolloutTimeoutSeconds),
      progress,
      env: { ...process.env },
      nodeNames: [],
      namespace: facts.workload?.namespace ?? 'default',
      tempDirs: [],
      ev: emptyDraft(config, submission.labDir, facts),
    });
  }

  async runStep(name: StepName): Promise<EvidenceStep> {
    const def = LIVE_STEPS.find((d) => d.name === name);
    if (!def) throw new Error(`unknown step ${name}`);
    return this.runner.run(def.name, def.title, def.requires, () => def.run(this.state));
  }

  async runAll(): Promise<void> {
    for (const d of LIVE_STEPS) await this.runStep(d.name);
  }

  get steps(): readonly EvidenceStep[] {
    return this.runner.records;
  }

  /** The bundle so far; once graded it is frozen, so the saved evidence re-grades to the same result. */
  evidence(): Evidence {
    return (
      this.frozen ?? {
        ...this.state.ev,
        steps: [...this.runner.records],
        durationMs: Date.now() - this.startedAt,
      }
    );
  }

  /** The static checks (less those the cluster now answers) followed by the live checks. */
  results(): CheckResult[] {
    this.frozen ??= this.evidence();
    return gradeEvidence(this.frozen, this.state);
  }

  gradeResult(): GradeResult {
    const checks = this.results();
    return toGradeResult(this.evidence(), checks, this.state.rubric.lab, this.state.submission.labDir);
  }

  /** Deletes the cluster (unless kept) and temp dirs; also runs on SIGINT/SIGTERM. Idempotent. */
  async close(): Promise<void> {
    await this.cleanup.run();
    this.cleanup.dispose();
  }

  private async teardown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const s = this.state;
    if (s.config.keep) {
      if (s.config.cluster === 'sim')
        s.progress.info(
          `kept: eval "$(lab-grader sim env --home ${s.env.MINIKUBE_HOME?.replace(/\/minikube$/, '')})" to use it`,
        );
      s.progress.close();
      return;
    }
    if (s.minikube)
      await s.minikube
        .delete(s.config.profile)
        .catch((e) => s.progress.info(`minikube delete failed: ${(e as Error).message}`));
    for (const dir of s.tempDirs) await rm(dir, { recursive: true, force: true });
    s.progress.close();
  }
}

/** Static (less the live ids) + live checks of one evidence bundle: what `evaluate` recomputes. */
export function gradeEvidence(
  evidence: Evidence,
  s: Pick<LiveState, 'submission' | 'rubric'>,
): CheckResult[] {
  return [
    ...runStaticChecks(s.submission, s.rubric, LIVE_CHECK_IDS),
    ...runLiveChecks(evidence, s.submission, s.rubric),
  ];
}

export function toGradeResult(
  evidence: Evidence,
  checks: CheckResult[],
  lab: string,
  labDir: string,
): GradeResult {
  const v = evidence.cluster.versions;
  return {
    schema: RESULT_SCHEMA,
    lab,
    submission: displayPath(labDir),
    cluster: {
      kind: evidence.cluster.kind,
      ...(v.kubernetes ? { kubernetes: v.kubernetes } : {}),
      ...(v.calico ? { calico: v.calico } : {}),
      ...(v.containerRuntime ? { runtime: v.containerRuntime } : {}),
      ...(v.minikube ? { minikube: v.minikube } : {}),
    },
    ...summarize(checks),
    checks,
    startedAt: evidence.startedAt,
    durationMs: evidence.durationMs,
  };
}

function emptyDraft(config: LiveConfig, labDir: string, facts: LiveState['facts']): LiveState['ev'] {
  const env = literalEnv(facts.workload, facts.rubric);
  return {
    schema: EVIDENCE_SCHEMA,
    cluster: { kind: config.cluster, versions: {} },
    nodes: [],
    pools: [],
    ipamBlocks: [],
    calicoNodes: [],
    calicoKubeControllersReady: false,
    labelsSource: facts.labelCommands.length ? 'report' : 'inferred',
    labelsApplied: [],
    deployment: null,
    pods: [],
    service: null,
    endpoints: [],
    probes: { lb: null, page: [], ping: [], dns: [] },
    diagnostics: {},
    submission: {
      path: displayPath(labDir),
      labelsFromReport: facts.nodes.flatMap((n) =>
        Object.entries(n.appliedLabels).map(([key, value]) => ({ node: n.name, key, value })),
      ),
      pools: facts.rackPools.map((p) => ({
        name: p.pool.name,
        cidr: p.pool.cidr,
        nodeSelector: p.pool.nodeSelector,
      })),
      env,
    },
    startedAt: new Date().toISOString(),
  };
}
