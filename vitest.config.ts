import { defineConfig } from 'vitest/config';
import { RUNNER_LIMITS } from './src/live/budget.ts';

export default defineConfig({
  test: {
    // vitest's default is one worker less than the cores: one on a 2-core machine, so files ran one
    // after another while the scenario files mostly wait on emulated clusters' processes.
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          // The unit files share each worker's module cache: the import of client-node and the
          // emulator is paid once per worker, not once per file. No unit test mutates a module.
          isolate: false,
        },
      },
      {
        test: {
          name: 'scenarios',
          include: ['scenarios/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          // As the unit files: each worker imports the engine and client-node once, not per file.
          isolate: false,
          // describe.concurrent grades at most this many emulated clusters at once per file.
          maxConcurrency: 3,
          // From the engine's time budget for a real minikube (src/live/budget.ts), so that the
          // engine, which stops what still runs and cleans up, always ends a grade before vitest
          // does. The emulator finishes in seconds.
          testTimeout: RUNNER_LIMITS.testTimeout,
          hookTimeout: RUNNER_LIMITS.hookTimeout,
        },
      },
    ],
  },
});
