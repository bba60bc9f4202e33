import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $ } from 'zx';
import { Minikube } from '../src/cluster/minikube.ts';
import { liveConfigFromEnv } from '../src/live/config.ts';
import { LiveSession } from '../src/live/session.ts';
import { medianOf } from './median.ts';

/**
 * The harness's own overhead on the emulated cluster: the wall time of a full live grade of the
 * reference submission with the emulator's delays at zero, and how many child processes the harness
 * spawned for it (everything else goes through the Kubernetes API, not kubectl processes).
 */
export async function benchHarness(runs = 3): Promise<string[]> {
  const submission = join(import.meta.dirname, '../fixtures/submissions/reference');
  const walls: number[] = [];
  const spawns: number[] = [];
  for (let i = 0; i < runs; i++) {
    const home = await mkdtemp(join(tmpdir(), 'lab-grader-bench-'));
    const spawnedBefore = Minikube.spawnCount;
    const t = performance.now();
    const session = await LiveSession.open(
      liveConfigFromEnv({ SUBMISSION: submission, LAB_SIM_HOME: home, LAB_SIM_TIME_FACTOR: '0' }),
    );
    try {
      await session.runAll();
    } finally {
      await session.close();
    }
    const failing = session.results().filter((r) => r.status !== 'pass');
    walls.push(performance.now() - t);
    spawns.push(Minikube.spawnCount - spawnedBefore);
    await rm(home, { recursive: true, force: true });
    if (failing.length)
      throw new Error(`bench run ${i} did not pass: ${failing.map((r) => r.id).join(', ')}`);
  }
  const median = medianOf(walls);
  const start = medianOf(await emulatorStarts(runs));
  return [
    `harness overhead (full live grade of the reference on the emulator, time factor 0): median ${(median / 1000).toFixed(2)} s (runs: ${walls.map((w) => (w / 1000).toFixed(2)).join(', ')} s); child processes spawned per grade: ${spawns.join(', ')} (minikube only; no kubectl)`,
    `of which the emulator's own \`minikube start\` (daemon, cluster, Calico through its API), timed alone: median ${(start / 1000).toFixed(2)} s; the harness's own part: ${((median - start) / 1000).toFixed(2)} s (target ≤ 2 s)`,
  ];
}

/** The stand-in's 2-node start alone, as the grade's cluster step runs it (time factor 0). */
async function emulatorStarts(runs: number): Promise<number[]> {
  const minikube = join(import.meta.dirname, '../bin/minikube');
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const home = await mkdtemp(join(tmpdir(), 'lab-grader-bench-start-'));
    const sh = $({ quiet: true, env: { ...process.env, MINIKUBE_HOME: home, LAB_SIM_TIME_FACTOR: '0' } });
    try {
      const t = performance.now();
      await sh`${minikube} start -p bench --nodes 2 --container-runtime containerd --cni calico --wait=all`;
      walls.push(performance.now() - t);
    } finally {
      await sh({ nothrow: true })`${minikube} delete --all`;
      await rm(home, { recursive: true, force: true });
    }
  }
  return walls;
}
