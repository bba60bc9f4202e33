/**
 * `minikube service --url` in tunnel mode — the docker driver on macOS, Windows or WSL: it prints a
 * 127.0.0.1 URL, holds an `ssh -N -L` child and stops it only on SIGINT; SIGTERM kills minikube
 * alone and orphans the ssh (kubernetes/minikube cmd/minikube/cmd/service.go startKicServiceTunnel,
 * `signal.Notify(ctrlC, os.Interrupt)`; docs/reference-facts.md, minikube §3). The stand-in plays it
 * with LAB_SIM_TUNNEL=1. The lb step must sample through the tunnel and leave no process behind,
 * while the cluster still runs (the stand-in's tunnel child, like ssh, would end with the node).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveConfigFromEnv } from '../src/live/config.ts';
import { LiveGrade } from '../src/live/engine.ts';
import { LIVE_STEPS } from '../src/live/session.ts';
import { FIXTURES, isRunning } from './live-helpers.ts';

/** Pids whose argv holds `marker` (Linux /proc). */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(marker))
        found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found.filter(isRunning);
}

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'lab-grader-tunnel-'));
  // Read by the stand-in (its env is the grade's, which starts from process.env).
  process.env.LAB_SIM_TUNNEL = '1';
});
afterAll(async () => {
  delete process.env.LAB_SIM_TUNNEL;
  await rm(home, { recursive: true, force: true });
});

describe('the lb step through a tunnel-mode `minikube service --url`', () => {
  it('samples through 127.0.0.1 and stops the tunnel with SIGINT: no process left', async () => {
    const config = liveConfigFromEnv({
      SUBMISSION: join(FIXTURES, 'reference'),
      LAB_SIM_HOME: home,
      LAB_SIM_TIME_FACTOR: '0.01',
    });
    const grade = await LiveGrade.open(config, { signals: false });
    try {
      for (const step of LIVE_STEPS) {
        const record = await grade.runStep(step.name);
        if (step.name !== 'lb') continue;
        expect(record.status, record.error).toBe('ok');
        const lb = grade.session.state.ev.probes.lb;
        expect(lb?.method).toBe('host');
        expect(lb?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(lb?.samples.every((r) => r.ok)).toBe(true);
        // The cluster still runs here, so a tunnel child left over would still be alive.
        const svc = grade.session.state.ev.service;
        const marker = `lab-sim-tunnel=${config.profile}/${svc?.namespace}/${svc?.name}`;
        expect(processesWith(marker)).toEqual([]);
        break;
      }
      const seen = grade.session.state.ev.probes.lb;
      expect(seen, 'the lb step ran').toBeTruthy();
    } finally {
      await grade.finish();
    }
  }, 180_000);
});
