/**
 * The engine's one time budget (budget.ts): each step's share derives from the waits' timeouts, the
 * test runner's limits from the shares, and a step that outlives its share is abandoned with the
 * message the engine gives (what it saw last).
 */
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vitestConfig from '../../vitest.config.ts';
import {
  gradeBudgetMs,
  LAB4_ROLLOUT_SECONDS,
  REAL_TIMEOUTS,
  RUNNER_LIMITS,
  stepBudgets,
  TEARDOWN_BUDGET_MS,
} from './budget.ts';
import { liveConfigFromEnv, timeoutsFor } from './config.ts';
import { silentProgress } from './progress.ts';
import { LIVE_STEPS } from './session.ts';
import { StepRunner } from './step-runner.ts';

describe('the time budget', () => {
  it('gives every step a share at least as long as the waits it does', () => {
    const b = stepBudgets(REAL_TIMEOUTS, 1);
    expect(Object.keys(b).sort()).toEqual(LIVE_STEPS.map((s) => s.name).sort());
    // Two `minikube start`s of 15 min and the delete between them.
    expect(b.cluster).toBeGreaterThanOrEqual(2 * 900_000 + 300_000);
    expect(b.calico).toBeGreaterThanOrEqual(3 * 300_000);
    expect(b.rollout).toBeGreaterThanOrEqual(2 * 360_000);
    expect(gradeBudgetMs(REAL_TIMEOUTS, 1)).toBe(
      Object.values(b).reduce((x, y) => x + y, 0) + TEARDOWN_BUDGET_MS,
    );
  });

  it('grows with retries and never shrinks below the waits (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (retries, f) => {
          const t = timeoutsFor(liveConfigFromEnv({ LAB_SIM_TIME_FACTOR: String(f) }), LAB4_ROLLOUT_SECONDS);
          const b = stepBudgets(t, retries);
          expect(b.cluster).toBeGreaterThanOrEqual(t.provision * (retries + 1));
          expect(stepBudgets(t, retries + 1).cluster).toBeGreaterThan(b.cluster);
          expect(b.pools).toBeGreaterThanOrEqual(t.calicoctl);
        },
      ),
    );
  });

  it("derives the test runner's limits from a real cluster's budget, the bundled rubric's rollout included", async () => {
    const rubric = JSON.parse(await readFile(new URL('../rubric/lab4.json', import.meta.url), 'utf8'));
    expect(rubric.expect.rolloutTimeoutSeconds).toBe(LAB4_ROLLOUT_SECONDS);
    const scenarios = vitestConfig.test?.projects?.find(
      (p) => typeof p === 'object' && 'test' in p && p.test?.name === 'scenarios',
    ) as { test: { testTimeout: number; hookTimeout: number } };
    expect(scenarios.test.testTimeout).toBe(RUNNER_LIMITS.testTimeout);
    expect(scenarios.test.hookTimeout).toBe(RUNNER_LIMITS.hookTimeout);
    expect(RUNNER_LIMITS.testTimeout).toBeGreaterThan(gradeBudgetMs(REAL_TIMEOUTS));
    for (const s of LIVE_STEPS)
      expect(RUNNER_LIMITS.stepTimeout(s.name)).toBeGreaterThan(stepBudgets(REAL_TIMEOUTS)[s.name]);
    expect(RUNNER_LIMITS.teardownTimeout).toBeGreaterThan(TEARDOWN_BUDGET_MS);
  });

  it('a step past its share is abandoned with the limit message, after onTimeout ran', async () => {
    const runner = new StepRunner(silentProgress);
    let stopped = false;
    const r = await runner.run('cluster', 'provision', [], () => new Promise<string>(() => {}), {
      timeoutMs: 50,
      onTimeout: () => {
        stopped = true;
      },
      message: () => 'timed out; last seen: Pulling base image',
    });
    expect(r).toMatchObject({ status: 'failed', error: 'timed out; last seen: Pulling base image' });
    expect(stopped).toBe(true);
    const quick = await runner.run('calico', 'calico', [], async () => 'ok', {
      timeoutMs: 50,
      message: () => 'never',
    });
    expect(quick.status).toBe('ok');
  });
});
