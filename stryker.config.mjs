// @ts-check
/**
 * Mutation testing of the grading rules (issue 7), not part of `npm test`; see docs/mutation.md.
 *
 *   npm run mutation                                   # src/checks, src/calico, src/probes/parse
 *   npm run mutation -- --mutate 'src/calico/**\/*.ts'  # one folder (its tests are left out by itself)
 *
 * `npm run mutation` runs this file with node: it passes its arguments on to `stryker run`, adding the
 * test exclusions to a `--mutate` given on the command line (Stryker's own CLI option would replace the
 * `mutate` list below, tests and test helpers included). Stryker itself then reads the default export.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Test code next to the graded code (tests, helpers, fast-check generators) is never mutated. */
const NOT_MUTATED = [
  '!src/**/*.test.ts',
  '!src/**/test-helpers.ts',
  '!src/**/test-mutations.ts',
  '!src/testing/**',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // The unit tests of the graded code only (not the scenarios): see vitest.mutation.config.ts.
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants such as the special-purpose IPv4 table or Calico's name
  // regex) rerun every test; on 2 cores they are 70% of a run. They are reported as ignored.
  ignoreStatic: true,
  // MUTATION_SKIP_STRINGS=1 leaves out the StringLiteral mutator (the wording of messages and hints,
  // a third of the mutants in src/checks): the quick way to see which grading decisions are untested.
  ...(process.env.MUTATION_SKIP_STRINGS ? { mutator: { excludedMutations: ['StringLiteral'] } } : {}),
  // The machine is shared (2 cores): one test runner process.
  concurrency: 1,
  mutate: [
    'src/checks/**/*.ts',
    'src/lab/**/*.ts',
    'src/calico/**/*.ts',
    'src/probes/parse/**/*.ts',
    ...NOT_MUTATED,
  ],
  // Stryker rewrites tsconfig.json's extends/references with the `typescript` JS API, which TypeScript 7
  // (the native compiler) no longer has; our tsconfig has neither, so point the rewrite at no file.
  tsconfigFile: 'tsconfig.stryker-none.json',
  // The sandbox copy needs no scenarios or benchmarks (reports/ is never copied).
  ignorePatterns: ['scenarios', 'bench', 'coverage', 'out'],
  // Under the git-ignored reports/ so neither git, biome nor tsc see the sandbox.
  tempDirName: 'reports/mutation/.stryker-tmp',
  cleanTempDir: true,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  // Reruns test only the mutants of changed code or tests.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  timeoutMS: 10_000,
  thresholds: { high: 85, low: 70, break: null },
};

/** `a,b` -> `a,b,!src/**\/*.test.ts,...` (only when the list names files to mutate). */
function withExclusions(list) {
  const globs = list.split(',').filter(Boolean);
  return globs.some((g) => !g.startsWith('!')) ? [...globs, ...NOT_MUTATED].join(',') : list;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if ((arg === '--mutate' || arg === '-m') && i + 1 < argv.length)
      args.push(arg, withExclusions(argv[++i]));
    else if (arg.startsWith('--mutate='))
      args.push(`--mutate=${withExclusions(arg.slice('--mutate='.length))}`);
    else args.push(arg);
  }
  const core = createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json');
  const bin = join(dirname(core), 'bin', 'stryker.js');
  const run = spawnSync(process.execPath, [bin, 'run', ...args], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
