import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBMISSION, liveConfigFromEnv, timeoutsFor } from './config.ts';

describe('live config', () => {
  it('defaults to the reference submission on the emulated cluster', () => {
    const c = liveConfigFromEnv({});
    expect(c).toMatchObject({
      submission: DEFAULT_SUBMISSION,
      cluster: 'sim',
      keep: false,
      calico: 'builtin',
    });
  });
  it.each(['sim', 'minikube'])(
    'gives %s a unique profile per run, so runs can go in parallel (and share a sim home)',
    (cluster) => {
      const a = liveConfigFromEnv({ LAB_CLUSTER: cluster, LAB_SIM_HOME: '/shared' }).profile;
      const b = liveConfigFromEnv({ LAB_CLUSTER: cluster, LAB_SIM_HOME: '/shared' }).profile;
      expect(a).toMatch(/^lab4-[0-9a-f]{6}$/);
      expect(a).not.toBe(b);
      expect(liveConfigFromEnv({ LAB_CLUSTER: cluster, LAB_PROFILE: 'mine' }).profile).toBe('mine');
    },
  );
  it('rejects bad values', () => {
    expect(() => liveConfigFromEnv({ LAB_CLUSTER: 'kind' })).toThrow(/LAB_CLUSTER/);
    expect(() => liveConfigFromEnv({ LAB_SIM_TIME_FACTOR: 'fast' })).toThrow(/LAB_SIM_TIME_FACTOR/);
  });
  it("scales waits with the emulator's time factor, with floors; a real cluster gets real timeouts", () => {
    expect(timeoutsFor(liveConfigFromEnv({ LAB_CLUSTER: 'minikube' }), 360).rollout).toBe(360_000);
    const sim = timeoutsFor(liveConfigFromEnv({ LAB_SIM_TIME_FACTOR: '0.01' }), 360);
    expect(sim.rollout).toBe(8_000);
    expect(timeoutsFor(liveConfigFromEnv({ LAB_SIM_TIME_FACTOR: '0.1' }), 360).rollout).toBe(36_000);
    expect(timeoutsFor(liveConfigFromEnv({ LAB_SIM_TIME_FACTOR: '0' }), 360).rollout).toBe(8_000);
  });
});
