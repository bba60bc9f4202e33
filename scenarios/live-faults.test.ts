/**
 * Each emulator fault reproduces a real failure (the seed's host-local IPAM, broken DNS, an app that
 * builds past the timeout): the reference submission must then fail exactly the checks that failure
 * should fail, with diagnostics, and leave no profile behind. These need minikube itself (`minikube
 * ssh`, `minikube service`, scaled delays); blocked ICMP and Calico not Ready are graded in-process in
 * src/live/session.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, gradeOnSim, type LiveRun } from './live-helpers.ts';

const reference = join(FIXTURES, 'reference');

/** pods.ip-in-rack-pool's message shows each pod IP, its node's rack, the expected pool, and the IPAM found. */
function explainsHostLocal(run: LiveRun): void {
  const r = run.results.find((x) => x.id === 'pods.ip-in-rack-pool');
  for (const pod of run.evidence.pods) expect(r?.message).toContain(pod.ip as string);
  expect(r?.message).toMatch(/rack=0/);
  expect(r?.message).toContain('rack-0-ippool 192.168.0.0/24');
  expect(r?.message).toMatch(/host-local/);
}

const CASES: {
  faults: string;
  fails: string[];
  mentions?: Record<string, string>;
  also?: (run: LiveRun) => void;
}[] = [
  {
    faults: 'ipam=host-local',
    fails: ['pods.ip-in-rack-pool'],
    mentions: { 'pods.ip-in-rack-pool': 'host-local' },
    also: explainsHostLocal,
  },
  {
    faults: 'dns-broken',
    fails: ['dns.service-resolves', 'network.ping-fqdn'],
    mentions: { 'dns.service-resolves': 'no servers could be reached' },
  },
  {
    faults: 'slow-start=1500',
    fails: ['deployment.rolled-out'],
    mentions: { 'deployment.rolled-out': 'Running' },
  },
];

// Concurrent: each grade has its own MINIKUBE_HOME, daemon and ports; most of a grade is waiting.
describe.concurrent('emulator faults on the reference submission', () => {
  for (const c of CASES) {
    it(`${c.faults || 'no fault'}: fails ${c.fails.join(', ') || 'nothing'}`, async () => {
      const run = await gradeOnSim(reference, c.faults);
      expect(run.failing).toEqual([...c.fails].sort());
      for (const [id, text] of Object.entries(c.mentions ?? {})) {
        const r = run.results.find((x) => x.id === id);
        expect(r?.diagnostics, `${id} diagnostics`).toBeTruthy();
        expect(`${r?.message}\n${r?.diagnostics}`, `${id} message and diagnostics`).toContain(text);
        expect(r?.hint, `${id} hint`).toBeTruthy();
      }
      c.also?.(run);
      expect(run.profilesAfter).toEqual([]);
    });
  }
});
