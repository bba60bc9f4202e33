/**
 * For tests: the live grade's steps on the in-process emulated cluster (sim-cluster.ts), in seconds.
 * The session connects as `--cluster existing` does (provision.ts: a kubeconfig and its context, no
 * `minikube` process), so every step from `calico` on runs the code a real grade runs; what needs
 * minikube itself (`minikube ssh` for the CNI config, `minikube service --url`) is left out, as on an
 * existing cluster.
 */
import { join } from 'node:path';
import type { EvidenceStep, StepName } from '../evidence/schema.ts';
import { DEFAULT_SUBMISSION, type LiveConfig, type Timeouts } from '../live/config.ts';
import { LiveSession } from '../live/session.ts';
import type { LiveState } from '../live/state.ts';
import { startTestCluster, type TestCluster } from './sim-cluster.ts';

export const SUBMISSIONS = join(import.meta.dirname, '../../fixtures/submissions');
export const REFERENCE_SUBMISSION = DEFAULT_SUBMISSION;
export const brokenSubmission = (name: string) => join(SUBMISSIONS, 'broken', name);

/**
 * The emulator runs without delays (time factor 0): waits end in milliseconds, so these bound only a
 * case meant to fail, yet leave room for a loaded machine. An existing cluster otherwise gets the
 * real figures (minutes).
 */
export const TEST_TIMEOUTS: Timeouts = {
  provision: 10_000,
  calico: 10_000,
  calicoctl: 10_000,
  rollout: 10_000,
  probe: 10_000,
};

/**
 * For a test's beforeAll that opens a cluster and runs the setup steps: well under a second each,
 * but the first in a worker loads @kubernetes/client-node (seconds), longer on a loaded machine.
 */
export const SETUP_TIMEOUT_MS = 60_000;

export interface ExistingConfigOptions {
  submission?: string;
  reportDir?: string;
  /** `--retries` (default 0: a test that waits for a failure waits once). */
  retries?: number;
}

/** What `lab-grader grade PATH --cluster existing --kubeconfig FILE` builds, on the test cluster. */
export function existingConfig(cluster: TestCluster, opts: ExistingConfigOptions = {}): LiveConfig {
  return {
    submission: opts.submission ?? REFERENCE_SUBMISSION,
    cluster: 'existing',
    kubeconfig: cluster.kubeconfigPath,
    profile: 'unused', // no minikube on an existing cluster
    keep: false,
    calico: 'builtin',
    retries: opts.retries ?? 0,
    ...(opts.reportDir ? { reportDir: opts.reportDir } : {}),
    sim: { faults: '', timeFactor: 0 },
  };
}

export interface SessionOnTestCluster {
  cluster: TestCluster;
  session: LiveSession;
  /** The steps' shared state: call a step function on it directly. */
  state: LiveState;
  /** Runs these steps through the session (its runner: prerequisites, records); throws unless each is ok. */
  runSteps(...names: StepName[]): Promise<EvidenceStep[]>;
  stop(): Promise<void>;
}

export interface SessionOptions extends ExistingConfigOptions {
  /** Emulator faults (`parseFaults`, src/emulator/config.ts), e.g. `dns-broken,icmp-blocked`. */
  faults?: string;
  timeouts?: Partial<Timeouts>;
}

/** A fresh test cluster and a live session of `submission` (default: the reference) on it. */
export async function openSessionOnTestCluster(opts: SessionOptions = {}): Promise<SessionOnTestCluster> {
  const cluster = await startTestCluster({ faults: opts.faults });
  try {
    const session = await LiveSession.open(existingConfig(cluster, opts));
    session.state.timeouts = { ...TEST_TIMEOUTS, ...opts.timeouts };
    return {
      cluster,
      session,
      state: session.state,
      async runSteps(...names) {
        const records: EvidenceStep[] = [];
        for (const name of names) {
          const r = await session.runStep(name);
          if (r.status !== 'ok') throw new Error(`step ${name} ${r.status}: ${r.error ?? r.detail ?? ''}`);
          records.push(r);
        }
        return records;
      },
      async stop() {
        await session.close();
        await cluster.stop();
      },
    };
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}
