import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckResult } from '../src/checks/types.ts';
import { Minikube } from '../src/cluster/minikube.ts';
import { simEnv } from '../src/emulator/sim-env.ts';
import type { Evidence } from '../src/evidence/schema.ts';
import { liveConfigFromEnv } from '../src/live/config.ts';
import { LiveSession } from '../src/live/session.ts';

export const FIXTURES = join(import.meta.dirname, '../fixtures/submissions');

export interface LiveRun {
  results: CheckResult[];
  evidence: Evidence;
  failing: string[];
  /** minikube profiles left in the run's MINIKUBE_HOME after the session closed. */
  profilesAfter: string[];
}

/** One live grade on the emulated cluster, through the same driver code as a real minikube. */
export async function gradeOnSim(submission: string, faults = ''): Promise<LiveRun> {
  const home = await mkdtemp(join(tmpdir(), 'lab-grader-live-test-'));
  try {
    const config = liveConfigFromEnv({
      SUBMISSION: submission,
      LAB_SIM_FAULTS: faults,
      LAB_SIM_HOME: home,
      LAB_SIM_TIME_FACTOR: '0.01',
    });
    const session = await LiveSession.open(config);
    try {
      await session.runAll();
    } finally {
      await session.close();
    }
    const results = session.results();
    const profiles = await Minikube.locate({ env: { ...process.env, ...simEnv({ home }) } }).profiles();
    return {
      results,
      evidence: session.evidence(),
      failing: results
        .filter((r) => r.status === 'fail' || r.status === 'error')
        .map((r) => r.id)
        .sort(),
      profilesAfter: profiles.map((p) => p.name),
    };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
