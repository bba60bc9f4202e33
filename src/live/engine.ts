/**
 * A live grade from start to end — the one engine behind `lab-grader grade` and the scenario file
 * `scenarios/lab4-calico-racks.test.ts`: a LiveSession (steps, evidence, checks), the process's
 * SIGINT/SIGTERM, the reports and the cleanup, each with one owner here.
 *
 * A signal does not end the process (cleanup.ts): the session abandons the running step and skips
 * the rest, and the grade takes its normal way out — graded, the four reports written, marked
 * `interrupted`, the cluster deleted (unless kept).
 *
 * Time has one owner too: each step runs within its share of the budget (budget.ts); one that runs
 * out is abandoned, its child processes stopped, and the grade goes on (a cluster step that ran out
 * leaves it ungraded, saying what it saw last). The test runner's limits derive from that budget.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type SignalTrap, trapSignals } from '../cluster/cleanup.ts';
import { type Evidence, STEP, type StepName } from '../evidence/schema.ts';
import type { GradeResult, GradeScale } from '../report/model.ts';
import { gradeScale } from '../report/result.ts';
import { type WriteOptions, writeReports } from '../report/write.ts';
import type { LiveConfig } from './config.ts';
import type { Progress } from './progress.ts';
import { LiveSession, type LiveSessionOptions } from './session.ts';

export interface LiveGradeOptions {
  progress?: Progress;
  /** Own SIGINT/SIGTERM while the grade runs (default true). */
  signals?: boolean;
  /** How the reports in config.reportDir are written (their scale is the rubric's). */
  reports?: Omit<WriteOptions, 'scale'>;
  /** Shorter step budgets than budget.ts gives (tests). */
  budget?: LiveSessionOptions['budget'];
}

export interface LiveGradeOutcome {
  result: GradeResult;
  evidence: Evidence;
  /** The cluster step's error when the cluster could not be provisioned or reached. */
  provisionError?: string;
}

export class LiveGrade {
  private graded?: GradeResult;
  private finishing?: Promise<LiveGradeOutcome>;

  private constructor(
    readonly session: LiveSession,
    private readonly trap: SignalTrap | undefined,
    private readonly reports: Omit<WriteOptions, 'scale'>,
  ) {}

  /** Traps the signals first, so that one arriving while the submission is read still counts. */
  static async open(config: LiveConfig, opts: LiveGradeOptions = {}): Promise<LiveGrade> {
    let session: LiveSession | undefined;
    let early: NodeJS.Signals | undefined;
    const trap =
      opts.signals === false
        ? undefined
        : trapSignals((signal) => {
            if (session) session.interrupt(signal);
            else early = signal;
          });
    try {
      session = await LiveSession.open(config, opts.progress, { budget: opts.budget });
    } catch (e) {
      trap?.dispose();
      throw e;
    }
    if (early) session.interrupt(early);
    return new LiveGrade(session, trap, opts.reports ?? {});
  }

  runStep(name: StepName) {
    return this.session.runStep(name);
  }

  /** Every step, then finish(). */
  async run(): Promise<LiveGradeOutcome> {
    try {
      await this.session.runAll();
    } catch (e) {
      // Steps do not throw (the runner records their errors): this is a bug, still cleaned up after.
      await this.session.close();
      this.trap?.dispose();
      throw e;
    }
    return this.finish();
  }

  /** The rubric's two maxima (static, live): reports say which one a score is out of. */
  get scale(): GradeScale {
    return gradeScale(this.session.state.rubric);
  }

  /** The grade; the evidence is frozen from the first call on. */
  result(): GradeResult {
    this.graded ??= this.session.gradeResult();
    return this.graded;
  }

  /** Grades, writes the reports (config.reportDir) and cleans up, whatever fails. Idempotent. */
  finish(): Promise<LiveGradeOutcome> {
    this.finishing ??= this.finishOnce();
    return this.finishing;
  }

  private async finishOnce(): Promise<LiveGradeOutcome> {
    try {
      const result = this.result();
      const evidence = this.session.evidence();
      const dir = this.session.state.config.reportDir;
      if (dir) await writeLiveReports(dir, result, evidence, { ...this.reports, scale: this.scale });
      const cluster = this.session.steps.find((s) => s.name === STEP.cluster);
      return {
        result,
        evidence,
        ...(cluster?.status === 'failed'
          ? { provisionError: cluster.error ?? 'the cluster step failed' }
          : {}),
      };
    } finally {
      await this.session.close();
      this.trap?.dispose();
    }
  }
}

/** junit.xml, summary.md and results.json (the writers `check` uses), and evidence.json. */
export async function writeLiveReports(
  dir: string,
  result: GradeResult,
  evidence: Evidence,
  opts: WriteOptions = {},
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeReports(dir, result, opts);
  await writeFile(join(dir, 'evidence.json'), `${JSON.stringify(evidence, null, 2)}\n`);
}
