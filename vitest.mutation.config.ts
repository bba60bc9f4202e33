import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Vitest config for mutation testing (`npm run mutation`, see docs/mutation.md): the `unit` project of
 * vitest.config.ts, limited to the unit tests of the grading code and of what it reads (the submission
 * model, rubric, evidence schema, probes). The scenario files and the emulator's tests drive an emulated
 * cluster for seconds to minutes per file: far too slow to rerun per mutant on 2 cores, and a grading
 * rule must be pinned by its own unit tests anyway. The fast-check property files (`*-property.test.ts`)
 * are left out too: Stryker needs the same test outcome on every run.
 *
 * `MUTATION_WITHOUT_BOUNDARY=1` leaves out the `*.boundary.test.ts` files, to measure what the suite
 * kills without them (the "before" score of docs/mutation.md).
 */
export default defineConfig({
  test: {
    name: 'unit',
    include: [
      'src/checks/**/*.test.ts',
      'src/lab/**/*.test.ts',
      'src/calico/**/*.test.ts',
      'src/probes/**/*.test.ts',
      'src/submission/**/*.test.ts',
      'src/rubric/**/*.test.ts',
      'src/evidence/**/*.test.ts',
    ],
    exclude: [
      ...configDefaults.exclude,
      // Random inputs: a mutant must see the same tests every time, and these run hundreds of cases.
      '**/*-property.test.ts',
      ...(process.env.MUTATION_WITHOUT_BOUNDARY ? ['**/*.boundary.test.ts'] : []),
    ],
    environment: 'node',
    testTimeout: 30_000,
  },
});
