import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBMISSION, liveConfigFromEnv, liveConfigToEnv, timeoutsFor } from './config.ts';

describe('live config', () => {
  it("defaults to the reference submission on the emulated cluster with minikube's own profile name", () => {
    const c = liveConfigFromEnv({});
    expect(c).toMatchObject({
      submission: DEFAULT_SUBMISSION,
      cluster: 'sim',
      profile: 'minikube',
      keep: false,
      calico: 'builtin',
    });
  });
  it('gives a real minikube a unique profile per run, so runs can go in parallel', () => {
    const a = liveConfigFromEnv({ LAB_CLUSTER: 'minikube' }).profile;
    const b = liveConfigFromEnv({ LAB_CLUSTER: 'minikube' }).profile;
    expect(a).toMatch(/^lab4-[0-9a-f]{6}$/);
    expect(a).not.toBe(b);
  });
  it('round-trips through the environment the CLI hands the scenario', () => {
    const c = liveConfigFromEnv({
      LAB_CLUSTER: 'existing',
      LAB_CONTEXT: 'kind',
      SUBMISSION: '/s',
      LAB_KEEP: '1',
      LAB_SIM_FAULTS: 'dns-broken',
    });
    expect(liveConfigFromEnv(liveConfigToEnv(c))).toEqual(c);
  });
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
