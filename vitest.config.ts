import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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
          // describe.concurrent grades at most this many emulated clusters at once per file.
          maxConcurrency: 3,
          // Cluster steps are long on a real minikube; the emulator finishes in seconds.
          testTimeout: 600_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
