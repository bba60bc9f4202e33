import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIVE_CHECK_IDS, runLiveChecks } from '../checks/live/index.ts';
import { runStaticChecks } from '../checks/static/index.ts';
import type { CheckResult } from '../checks/types.ts';
import { KubeApiError } from '../cluster/errors.ts';
import { loadClientNode } from '../cluster/kube.ts';
import {
  EVIDENCE_SCHEMA,
  type Evidence,
  type EvidenceStep,
  STEP,
  type StepName,
} from '../evidence/schema.ts';
import { deriveFacts, type LabFacts, literalEnv } from '../lab/facts.ts';
import { SIM_OWNER_PID, SIM_OWNER_TEMP, SIM_OWNER_TEMP_PREFIX } from '../minikube/stand-in.ts';
import type { GradeResult } from '../report/model.ts';
import { displayPath, gradedResult, ungradedResult } from '../report/result.ts';
import { loadRubric } from '../rubric/rubric.ts';
import { readSubmission } from '../submission/read.ts';
import { stepBudgets } from './budget.ts';
import { type LiveConfig, timeoutsFor } from './config.ts';
import { type Progress, silentProgress } from './progress.ts';
import { isTransientPullStepError } from './pull-failure.ts';
import type { LiveState } from './state.ts';
import { type StepLimit, StepRunner } from './step-runner.ts';
import { calicoStep } from './steps/calico.ts';
import { collectStep } from './steps/collect.ts';
import { deployStep } from './steps/deploy.ts';
import { labelsStep } from './steps/labels.ts';
import { poolsStep } from './steps/pools.ts';
import { dnsStep, lbStep, pageStep, pingStep } from './steps/probes.ts';
import { provisionStep } from './steps/provision.ts';
import { rolloutStep } from './steps/rollout.ts';

/**
 * While a step runs the API server is probed every LIVENESS.everyMs; LIVENESS.misses failed probes
 * in a row (refused at once when the server is gone, or no answer within timeoutMs) lose the
 * cluster. Generous, so that a loaded machine is not taken for a lost cluster.
 */
const LIVENESS = { everyMs: 2000, timeoutMs: 10_000, misses: 3 };

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

export interface LiveSessionOptions {
  /** Shorter shares of the time budget for some steps (ms), e.g. in tests; budget.ts by default. */
  budget?: Partial<Record<StepName, number>>;
}

/**
 * One live grade: opens the submission, runs the steps against the cluster, keeps the evidence, and
 * grades it. Checks are pure functions of the evidence (plus the submission), so `evidence()` can be
 * saved and re-graded offline to the same result. It owns no signal and writes no report: LiveGrade
 * (engine.ts) does, for the CLI and the scenario file alike.
 */
export class LiveSession {
  private readonly runner: StepRunner;
  private readonly startedAt = Date.now();
  private closing?: Promise<void>;
  private frozen?: Evidence;
  /** The last line of progress the grade printed (minikube's own lines included): what it saw last. */
  private lastSeen?: string;
  /** Each step's share of the time budget (budget.ts stepBudgets). */
  readonly budget: Record<StepName, number>;

  private constructor(
    readonly state: LiveState,
    /** A sim home this session created (removed at close unless the cluster is kept). */
    private readonly ownSimHome: string | undefined,
    opts: LiveSessionOptions,
  ) {
    this.runner = new StepRunner(state.progress, { total: LIVE_STEPS.length });
    this.budget = {
      ...stepBudgets(state.timeouts, state.config.retries),
      ...opts.budget,
    };
    const progress = state.progress;
    state.progress = {
      ...progress,
      started: (...a) => progress.started(...a),
      ended: (...a) => progress.ended(...a),
      close: () => progress.close(),
      info: (line) => {
        this.lastSeen = line;
        progress.info(line);
      },
    };
  }

  static async open(
    config: LiveConfig,
    progress: Progress = silentProgress,
    opts: LiveSessionOptions = {},
  ): Promise<LiveSession> {
    const rubric = await loadRubric(config.rubric);
    const submission = await readSubmission(config.submission);
    const facts = deriveFacts(submission, rubric);
    // The emulated cluster's state goes to a temp dir of this session's unless --sim-home says where.
    const ownSimHome =
      config.cluster === 'sim' && !config.sim.home
        ? await mkdtemp(join(tmpdir(), SIM_OWNER_TEMP_PREFIX))
        : undefined;
    const cfg = ownSimHome ? { ...config, sim: { ...config.sim, home: ownSimHome } } : config;
    return new LiveSession(
      {
        config: cfg,
        rubric,
        submission,
        facts,
        timeouts: timeoutsFor(cfg, rubric.expect.rolloutTimeoutSeconds),
        progress,
        env: { ...process.env, ...ownerEnv(cfg, ownSimHome) },
        nodeNames: [],
        namespace: facts.workload?.namespace ?? 'default',
        tempDirs: [],
        ev: emptyDraft(cfg, submission.labDir, facts),
      },
      ownSimHome,
      opts,
    );
  }

  /**
   * Runs one step (or records why it is skipped). While it runs, the API server is watched: a step
   * that waits on a cluster gone away would only time out, so losing the cluster stops the run.
   */
  async runStep(name: StepName): Promise<EvidenceStep> {
    const def = LIVE_STEPS.find((d) => d.name === name);
    if (!def) throw new Error(`unknown step ${name}`);
    const watch = name === STEP.cluster ? undefined : this.watchCluster(name);
    // client-node takes a second or so to load: load it while `minikube start` runs (spawned within
    // the step's first ticks), not after it.
    if (name === STEP.cluster) setImmediate(() => loadClientNode().catch(() => undefined));
    try {
      const record = await this.runner.run(
        def.name,
        def.title,
        def.requires,
        () => def.run(this.state),
        this.limitOf(name),
      );
      // A retried step keeps every attempt (`grade --retries`); one that ran once needs no list.
      const attempts = this.state.attempts?.[name];
      if (attempts && attempts.length > 1) record.attempts = [...attempts];
      // A step that failed fast (connection refused) is checked at once, as the watch would.
      if (record.status === 'failed' && !this.runner.stopped && this.state.kube) {
        const why = await this.unreachableForGood();
        if (why) this.lost(name, why);
      }
      return record;
    } finally {
      watch?.stop();
    }
  }

  async runAll(): Promise<void> {
    for (const d of LIVE_STEPS) await this.runStep(d.name);
  }

  get steps(): readonly EvidenceStep[] {
    return this.runner.records;
  }

  /**
   * A signal arrived: the running step is abandoned and the rest skipped; the evidence says so. A
   * grade already graded is not interrupted any more (only its cleanup is left).
   */
  interrupt(signal: string): void {
    if (this.frozen || this.state.ev.interrupted) return;
    const step = this.runner.running;
    this.state.ev.interrupted = { signal, ...(step ? { step } : {}) };
    this.runner.stop(`interrupted by ${signal}`);
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
    return gradeEvidence(this.frozen, this.state.facts);
  }

  gradeResult(): GradeResult {
    const checks = this.results();
    return toGradeResult(this.evidence(), checks, this.state.rubric.lab, this.state.submission.labDir);
  }

  /** Deletes the cluster (unless kept) and the temp dirs. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.teardown();
    return this.closing;
  }

  /**
   * The step's share of the budget: when it runs out the step is abandoned, the minikube commands
   * still running are stopped (SIGTERM; a tunnel SIGINT first), and the error says what was seen last.
   */
  private limitOf(step: StepName): StepLimit {
    const timeoutMs = this.budget[step];
    return {
      timeoutMs,
      onTimeout: () => {
        void this.state.minikube?.abortRunning(`the ${step} step ran out of time`);
      },
      message: () =>
        `timed out: the ${step} step did not finish within its ${Math.round(timeoutMs / 1000)} s share of the grade's time budget` +
        `; last seen: ${this.lastSeen ?? 'nothing yet'}`,
    };
  }

  /** Probes the API server while `step` runs (LIVENESS). */
  private watchCluster(step: StepName): { stop(): void } {
    let misses = 0;
    let probing = false;
    let active = true;
    const timer = setInterval(async () => {
      if (probing || !this.state.kube || this.runner.stopped) return;
      probing = true;
      const why = await this.unreachable();
      probing = false;
      misses = why ? misses + 1 : 0;
      if (active && why && misses >= LIVENESS.misses) this.lost(step, why);
    }, LIVENESS.everyMs);
    timer.unref();
    return {
      stop: () => {
        active = false;
        clearInterval(timer);
      },
    };
  }

  /** unreachable(), LIVENESS.misses times in a row. */
  private async unreachableForGood(): Promise<string | undefined> {
    let why: string | undefined;
    for (let i = 0; i < LIVENESS.misses && !this.runner.stopped; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, LIVENESS.everyMs));
      why = await this.unreachable();
      if (!why) return undefined;
    }
    return why;
  }

  private lost(step: StepName, why: string): void {
    if (this.runner.stopped) return;
    this.state.ev.clusterLost = { step, error: why };
    this.state.progress.info(`the cluster does not answer any more: ${why}`);
    this.runner.stop(`the cluster was lost during ${step}`);
  }

  /** Why the cluster's API server cannot be reached, or undefined when it answers (any HTTP answer). */
  private async unreachable(): Promise<string | undefined> {
    const kube = this.state.kube;
    if (!kube) return undefined;
    try {
      await kube.getJson('/version', {}, AbortSignal.timeout(LIVENESS.timeoutMs));
      return undefined;
    } catch (e) {
      return e instanceof KubeApiError && e.unreachable ? e.message : undefined;
    }
  }

  private async teardown(): Promise<void> {
    const s = this.state;
    // An abandoned step's children (a `minikube start` still pulling, a service tunnel) end first:
    // a `minikube delete` in the middle of a start can leave a node container and its network behind.
    await s.minikube?.abortRunning('the grade is tearing down');
    if (s.config.keep) {
      if (s.config.cluster === 'sim')
        s.progress.info(
          `kept: eval "$(lab-grader sim env --home ${s.config.sim.home})" to use profile ${s.config.profile}`,
        );
    } else if (s.minikube) {
      await s.minikube
        .delete(s.config.profile)
        .catch((e) => s.progress.info(`minikube delete failed: ${(e as Error).message}`));
    }
    const dirs = [...s.tempDirs, ...(this.ownSimHome && !s.config.keep ? [this.ownSimHome] : [])];
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    s.progress.close();
  }
}

/**
 * Ties the emulated cluster to this process: its daemon exits by itself (deleting its profile, and
 * the temp home) when this process is gone, even by SIGKILL. Not for a kept cluster, which must
 * outlive the grade.
 */
function ownerEnv(c: LiveConfig, ownSimHome: string | undefined): Record<string, string> {
  if (c.cluster !== 'sim' || c.keep) return {};
  return {
    [SIM_OWNER_PID]: String(process.pid),
    ...(ownSimHome ? { [SIM_OWNER_TEMP]: ownSimHome } : {}),
  };
}

/**
 * Static (less the live ids) + live checks of one evidence bundle: what `evaluate` recomputes. Both
 * read the same lab model, derived once per grade (LiveSession.open, or `evaluate`).
 */
export function gradeEvidence(evidence: Evidence, facts: LabFacts): CheckResult[] {
  const live = runLiveChecks(evidence, facts.rubric, facts);
  return [
    ...runStaticChecks(facts, LIVE_CHECK_IDS),
    ...(evidence.clusterLost ? live.map((c) => notVerifiedOnLostCluster(c, evidence.clusterLost)) : live),
  ];
}

/**
 * After the cluster was lost, a live check that did not pass says nothing about the submission: it
 * is an infrastructure error (exit 3), not a failure of the student's.
 */
function notVerifiedOnLostCluster(c: CheckResult, lost: Evidence['clusterLost']): CheckResult {
  if (c.status === 'pass' || !lost) return c;
  return {
    ...c,
    status: 'error',
    points: 0,
    message: `not verified: the cluster was lost during the ${lost.step} step (${lost.error.split('\n')[0]})`,
    hint: 'the cluster failed, not the submission: grade it again',
  };
}

/**
 * The result of a live grade from its evidence (the CLI's and `evaluate`'s alike). A cluster that
 * never came up leaves nothing to grade: the result is `ungraded`, naming the cluster step's error;
 * so does a rollout that failed only on image pulls the registry or network broke.
 */
export function toGradeResult(
  evidence: Evidence,
  checks: CheckResult[],
  lab: string,
  labDir: string,
): GradeResult {
  const v = evidence.cluster.versions;
  const common = {
    lab,
    submission: labDir,
    cluster: {
      kind: evidence.cluster.kind,
      ...(v.kubernetes ? { kubernetes: v.kubernetes } : {}),
      ...(v.calico ? { calico: v.calico } : {}),
      ...(v.containerRuntime ? { runtime: v.containerRuntime } : {}),
      ...(v.minikube ? { minikube: v.minikube } : {}),
    },
    startedAt: evidence.startedAt,
    durationMs: evidence.durationMs,
    ...(evidence.interrupted ? { interrupted: evidence.interrupted } : {}),
  };
  const provision = evidence.steps.find((s) => s.name === STEP.cluster);
  if (provision?.status === 'failed')
    return ungradedResult({ ...common, step: STEP.cluster, message: provision.error ?? 'failed' });
  // A rollout stopped only by image pulls that failed outside the submission (registry timeouts,
  // rate limits, after `--retries`) says nothing about the submission: no score from it either.
  const rollout = evidence.steps.find((s) => s.name === STEP.rollout);
  if (rollout?.status === 'failed' && isTransientPullStepError(rollout.error))
    return ungradedResult({ ...common, step: STEP.rollout, message: rollout.error ?? 'failed' });
  return gradedResult({ ...common, checks });
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
