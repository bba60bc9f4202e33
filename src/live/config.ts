import { randomBytes } from 'node:crypto';
import { DEFAULT_TIME_FACTOR } from '../minikube/stand-in.ts';
import { bundledReference } from './reference.ts';

/**
 * What a live grade needs to know: from the CLI's flags (`lab-grader grade`) or, for the scenario
 * file run by vitest, from the environment (`liveConfigFromEnv`).
 */
export type ClusterMode = 'sim' | 'minikube' | 'existing';

export interface LiveConfig {
  /** The submission's path (repo root or Lab 4 folder). */
  submission: string;
  cluster: ClusterMode;
  /** kubeconfig context for `existing` (default: the current context). */
  context?: string;
  /** kubeconfig file for `existing` (default: $KUBECONFIG or ~/.kube/config). */
  kubeconfig?: string;
  /** minikube profile (sim/minikube); unique per run unless given. */
  profile: string;
  /** Keep the cluster after the run. */
  keep: boolean;
  /** `builtin` = the Calico minikube bundles; `vX.Y.Z` = that upstream version. */
  calico: string;
  kubernetesVersion?: string;
  /** Explicit minikube binary (default: from PATH). */
  minikubeBin?: string;
  /**
   * Tries again after the first of a step failing for reasons outside the submission (a
   * `minikube start` failing with a transient exit code, cluster/errors.ts isTransientStartFailure);
   * default 1.
   */
  retries?: number;
  /** Rubric JSON replacing the bundled Lab 4 rubric. */
  rubric?: string;
  /** Where junit.xml, summary.md, results.json and evidence.json go. */
  reportDir?: string;
  sim: {
    /** LAB_SIM_FAULTS passed through to the stand-in. */
    faults: string;
    /** Emulated delays × this factor. */
    timeFactor: number;
    /** Directory for the stand-in's MINIKUBE_HOME and KUBECONFIG (default: a temp dir of the grade's). */
    home?: string;
  };
}

export const DEFAULT_SUBMISSION = bundledReference();

/** A profile name unique per run, so runs can go in parallel on one machine. */
export function uniqueProfile(): string {
  return `lab4-${randomBytes(3).toString('hex')}`;
}

/**
 * The emulator's delay scale from `text` (a flag or LAB_SIM_TIME_FACTOR; unset: the default), named
 * `what` in the RangeError for anything but a number ≥ 0.
 */
export function parseTimeFactor(text: string | undefined, what: string): number {
  const n = text === undefined ? DEFAULT_TIME_FACTOR : Number(text);
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`${what} must be a number ≥ 0, got '${text}'`);
  return n;
}

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v);

export function liveConfigFromEnv(env: NodeJS.ProcessEnv): LiveConfig {
  const cluster = (env.LAB_CLUSTER ?? 'sim') as ClusterMode;
  if (!['sim', 'minikube', 'existing'].includes(cluster))
    throw new Error(`LAB_CLUSTER must be sim, minikube or existing, got '${cluster}'`);
  const timeFactor = parseTimeFactor(env.LAB_SIM_TIME_FACTOR, 'LAB_SIM_TIME_FACTOR');
  return {
    submission: env.SUBMISSION || DEFAULT_SUBMISSION,
    cluster,
    context: env.LAB_CONTEXT || undefined,
    kubeconfig: env.LAB_KUBECONFIG || undefined,
    // Unique on sim too: runs may share a LAB_SIM_HOME, and one must not delete another's profile.
    profile: env.LAB_PROFILE || uniqueProfile(),
    keep: truthy(env.LAB_KEEP),
    calico: env.LAB_CALICO || 'builtin',
    kubernetesVersion: env.LAB_KUBERNETES_VERSION || undefined,
    minikubeBin: env.LAB_MINIKUBE || undefined,
    ...(env.LAB_RETRIES ? { retries: parseRetries(env.LAB_RETRIES, 'LAB_RETRIES') } : {}),
    rubric: env.LAB_RUBRIC || undefined,
    reportDir: env.LAB_REPORT_DIR || undefined,
    sim: { faults: env.LAB_SIM_FAULTS ?? '', timeFactor, home: env.LAB_SIM_HOME || undefined },
  };
}

/** `--retries N` / LAB_RETRIES: an integer 0–10. */
export function parseRetries(text: string, what = '--retries'): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n > 10)
    throw new RangeError(`${what} must be an integer from 0 to 10, got '${text}'`);
  return n;
}

export const DEFAULT_RETRIES = 1;

/**
 * Timeouts of the waits, in ms. On the emulator every delay is scaled by the time factor, so the
 * waits are too (with floors for process start-up); a real cluster gets the real figures.
 */
export interface Timeouts {
  provision: number;
  calico: number;
  calicoctl: number;
  rollout: number;
  probe: number;
}

export function timeoutsFor(c: LiveConfig, rolloutSeconds: number): Timeouts {
  const real: Timeouts = {
    provision: 900_000,
    calico: 300_000,
    calicoctl: 180_000,
    rollout: rolloutSeconds * 1000,
    probe: 60_000,
  };
  if (c.cluster !== 'sim') return real;
  const f = c.sim.timeFactor;
  const scaled = (ms: number, floor: number) => Math.max(floor, Math.round(ms * f));
  return {
    provision: 120_000,
    // Floors leave room for a loaded machine (CI runs several emulated grades at once).
    calico: scaled(real.calico, 10_000),
    calicoctl: scaled(real.calicoctl, 10_000),
    rollout: scaled(real.rollout, 8_000),
    probe: scaled(real.probe, 10_000),
  };
}
