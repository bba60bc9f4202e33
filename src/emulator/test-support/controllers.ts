/** Test helpers for the controller tests (not used by production code). */
import { SimClock } from '../clock.ts';
import { defaultSimOptions, NO_FAULTS, type SimFaults, type SimOptions } from '../config.ts';
import { startControllers } from '../controllers/index.ts';
import { createStore } from '../store/memory-store.ts';
import type { ClusterStore } from '../store/types.ts';

export function testOptions(
  overrides: Partial<SimOptions> = {},
  faults: Partial<SimFaults> = {},
): SimOptions {
  return defaultSimOptions({ seed: 42, ...overrides, faults: { ...NO_FAULTS, ...faults } });
}

export interface TestCluster {
  store: ClusterStore;
  opts: SimOptions;
  stop(): void;
}

/** A store plus running controllers; `prepare` fills the store first (e.g. bootstrapCluster). */
export function startTestCluster(opts: SimOptions, prepare: (store: ClusterStore) => void): TestCluster {
  const store = createStore();
  prepare(store);
  const clock = new SimClock({ timeFactor: opts.timeFactor });
  const controllers = startControllers(store, opts, clock);
  return {
    store,
    opts,
    stop() {
      controllers.stop();
      clock.stopAll();
    },
  };
}

/** Polls until `check` returns a value (not undefined/false); fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
