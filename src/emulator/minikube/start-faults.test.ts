import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFaults, parseFaults } from '../config.ts';
import { startMustFail } from './start-faults.ts';

describe('start-fails fault', () => {
  it('parses a count (default 1) and formats back', () => {
    expect(parseFaults('start-fails=2').startFails).toBe(2);
    expect(parseFaults('start-fails').startFails).toBe(1);
    expect(formatFaults(parseFaults('start-fails=3,dns-broken'))).toBe('dns-broken,start-fails=3');
    expect(() => parseFaults('start-fails=x')).toThrow(/start-fails needs a count/);
  });

  it('fails the first N starts of each profile, counted across processes in MINIKUBE_HOME', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'lab-grader-start-fails-'));
    try {
      const env = { MINIKUBE_HOME: home };
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await startMustFail(env, 'p1', 2));
      expect(runs).toEqual([true, true, false]);
      expect(await startMustFail(env, 'p2', 2)).toBe(true);
      expect(await startMustFail(env, 'p3', undefined)).toBe(false);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
