/**
 * One time budget, owned by the engine (src/live/budget.ts): a `minikube start` that stalls past
 * the cluster step's share — as a first start pulling the kic base image and the preload over a slow
 * link (the emulator's `slow-minikube-start` fault) — ends the grade `ungraded`, saying what minikube
 * printed last, with the start stopped before the teardown's `minikube delete` and no child process
 * left running.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Minikube } from '../src/cluster/minikube.ts';
import { liveConfigFromEnv } from '../src/live/config.ts';
import { LiveGrade } from '../src/live/engine.ts';
import { simEnv } from '../src/minikube/stand-in.ts';
import { isUngraded } from '../src/report/model.ts';
import { FIXTURES, isRunning, processTree } from './live-helpers.ts';

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'lab-grader-budget-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

/** This process's descendants running the stand-in `minikube`. */
function standIns(): number[] {
  return processTree(process.pid)
    .filter((pid) => pid !== process.pid && isRunning(pid))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('bin/minikube');
      } catch {
        return false;
      }
    });
}

describe('a minikube start slower than the budget', () => {
  it("is stopped at the cluster step's share: ungraded, with what it saw last, nothing left running", async () => {
    const config = liveConfigFromEnv({
      SUBMISSION: join(FIXTURES, 'reference'),
      LAB_SIM_FAULTS: 'slow-minikube-start=600',
      LAB_SIM_HOME: home,
      LAB_SIM_TIME_FACTOR: '0.01',
      LAB_RETRIES: '0',
    });
    const grade = await LiveGrade.open(config, { signals: false, budget: { cluster: 15_000 } });
    const started = Date.now();
    const { result, evidence } = await grade.run();
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(isUngraded(result)).toBe(true);
    if (!isUngraded(result)) return;
    expect(result.error.step).toBe('cluster');
    // On a loaded machine the stand-in may not have reached its stall yet: then it names an earlier line.
    expect(result.error.message).toMatch(
      /last seen: minikube: .*(Downloading Kubernetes|Pulling base image|Starting|minikube v)/,
    );
    expect(result.error.message).toMatch(
      /^timed out: the cluster step did not finish within its 15 s share of the grade's time budget; last seen: minikube: \S/,
    );
    expect(evidence.steps.filter((s) => s.status !== 'skipped').map((s) => s.name)).toEqual(['cluster']);
    expect(standIns()).toEqual([]);
    const profiles = await Minikube.locate({ env: { ...process.env, ...simEnv({ home }) } }).profiles();
    expect(profiles.map((p) => p.name)).not.toContain(config.profile);
  }, 120_000);
});
