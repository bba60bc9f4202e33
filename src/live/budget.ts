/**
 * The one time budget of a live grade. Each wait has its timeout (config.ts timeoutsFor); from those
 * the engine derives how long each step may take at most (stepBudgets: its waits, retries and
 * calls), and a step that outlives its share is abandoned, its child processes stopped, and its
 * error says what it saw last. The test runner's limits (vitest.config.ts, the scenario file) are
 * derived from the same figures for a real cluster, so the runner never cuts a grade the engine
 * would still let run — the engine always ends first, and then cleans up.
 */
import type { StepName } from '../evidence/schema.ts';
import { DEFAULT_RETRIES, liveConfigFromEnv, type Timeouts, timeoutsFor } from './config.ts';

/** `minikube delete` (cluster/minikube.ts DELETE_TIMEOUT_MS) and the temp dirs, after every grade. */
export const TEARDOWN_BUDGET_MS = 300_000 + 60_000;

/** Calls that are not waits (API writes, one exec, a connect) get one probe timeout each. */
const CALLS = 2;

/** Added to every step: a loaded machine (CI grades several emulated clusters at once) is slow, not stuck. */
const SLACK_MS = 60_000;

/**
 * The longest each step may take, in ms, from the waits it does: the cluster step retries a failed
 * start after a `minikube delete`; calico waits for nodes, calico-node and kube-controllers; pools
 * for the calicoctl pod and the pools file; rollout retries once for image pulls; the probes do a
 * few execs each.
 */
export function stepBudgets(t: Timeouts, retries = DEFAULT_RETRIES): Record<StepName, number> {
  const calls = (n: number) => n * t.probe + SLACK_MS;
  return {
    cluster: t.provision * (retries + 1) + 300_000 * retries + calls(CALLS),
    calico: 3 * t.calico + calls(CALLS),
    labels: calls(CALLS + 2),
    pools: 2 * t.calicoctl + calls(CALLS + 4),
    deploy: calls(CALLS + 2),
    rollout: t.rollout * (retries + 1) + calls(CALLS),
    collect: calls(CALLS + 2),
    lb: calls(CALLS + 2),
    page: calls(CALLS + 4),
    ping: calls(CALLS + 8),
    dns: calls(CALLS + 2),
  } as Record<StepName, number>;
}

/** The whole grade: every step's share, then the teardown. */
export function gradeBudgetMs(t: Timeouts, retries = DEFAULT_RETRIES): number {
  return Object.values(stepBudgets(t, retries)).reduce((a, b) => a + b, 0) + TEARDOWN_BUDGET_MS;
}

/** The bundled Lab 4 rubric's `rolloutTimeoutSeconds` (budget.test.ts keeps them equal). */
export const LAB4_ROLLOUT_SECONDS = 360;

/** A real minikube's waits: the longest any grade gets. */
export const REAL_TIMEOUTS: Timeouts = timeoutsFor(
  liveConfigFromEnv({ LAB_CLUSTER: 'minikube' }),
  LAB4_ROLLOUT_SECONDS,
);

/** What the runner allows past the engine's own limit (start-up, reports). */
const RUNNER_MARGIN_MS = 60_000;

/**
 * The test runner's limits for scenario files, from a real cluster's budget: a test may hold a
 * whole grade; a hook the teardown (or the longest step, for a file that runs steps in hooks).
 */
export const RUNNER_LIMITS = {
  testTimeout: gradeBudgetMs(REAL_TIMEOUTS) + RUNNER_MARGIN_MS,
  hookTimeout: gradeBudgetMs(REAL_TIMEOUTS) + RUNNER_MARGIN_MS,
  /** One step of scenarios/lab4-calico-racks.test.ts. */
  stepTimeout: (step: StepName) => stepBudgets(REAL_TIMEOUTS)[step] + RUNNER_MARGIN_MS,
  teardownTimeout: TEARDOWN_BUDGET_MS + RUNNER_MARGIN_MS,
};
