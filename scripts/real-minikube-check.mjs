#!/usr/bin/env node
/**
 * scripts/real-minikube-check.mjs — grades the bundled reference and two broken fixtures on a real
 * minikube (docker driver) across Kubernetes versions, one of them below 1.30 (exec without the v5
 * stream protocol), and checks each outcome: the reference gets full marks, each broken fixture
 * fails exactly its checks. Run by .github/workflows/real-minikube.yml; runs here on the emulator:
 *
 *   node scripts/real-minikube-check.mjs [--cluster minikube|sim] [--kubernetes v1.29.15,v1.31.0]
 *                                        [--only reference,…] [--out reports/real-minikube]
 *
 * Writes OUT/<kubernetes>/<submission>/ (each grade's reports) and OUT/summary.md; exits 1 when an
 * outcome differs from what is expected, 3 when a grade could not run.
 */
import { fileURLToPath } from 'node:url';
import { $, argv, fs, path } from 'zx';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What each submission must score on any cluster that runs the lab (src/live/session.test.ts). */
const SUBMISSIONS = [
  { name: 'reference', dir: 'fixtures/submissions/reference', fails: [] },
  {
    name: 'default-pool-kept',
    dir: 'fixtures/submissions/broken/default-pool-kept',
    fails: ['pools.default-removed'],
  },
  {
    name: 'service-selector-mismatch',
    dir: 'fixtures/submissions/broken/service-selector-mismatch',
    fails: ['service.endpoints', 'service.lb-spread', 'service.selects-pods'],
  },
];

const cluster = String(argv.cluster ?? 'minikube');
// v1.29: exec offers no v5.channel.k8s.io (the pools step must not need stdin's close); v1.31: current.
const versions = String(argv.kubernetes ?? 'v1.29.15,v1.31.0')
  .split(',')
  .filter(Boolean);
const only = argv.only ? String(argv.only).split(',') : undefined;
const out = path.resolve(String(argv.out ?? path.join(root, 'reports/real-minikube')));
if (!['minikube', 'sim'].includes(cluster)) {
  console.error(`--cluster must be minikube or sim, got ${cluster}`);
  process.exit(2);
}
for (const v of versions)
  if (!/^v\d+\.\d+\.\d+$/.test(v)) {
    console.error(`--kubernetes takes versions like v1.31.0, got ${v}`);
    process.exit(2);
  }

const rows = [];
let worst = 0;
for (const version of versions) {
  for (const sub of SUBMISSIONS.filter((s) => !only || only.includes(s.name))) {
    const dir = path.join(out, version, sub.name);
    await fs.mkdirp(dir);
    const started = Date.now();
    console.log(`${new Date().toISOString()} ▶ ${sub.name} on Kubernetes ${version} (${cluster})`);
    const run = await $({
      nothrow: true,
      quiet: true,
      cwd: root,
    })`node bin/lab-grader.js grade ${sub.dir} --cluster ${cluster} --kubernetes-version ${version} --report-dir ${dir} --format json`;
    await fs.writeFile(path.join(dir, 'stderr.log'), run.stderr);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const outcome = judge(sub, run.exitCode, await readResults(dir));
    worst = Math.max(worst, outcome.code);
    rows.push({ version, name: sub.name, seconds, ...outcome });
    console.log(
      `${new Date().toISOString()} ${outcome.ok ? '✔' : '✘'} ${sub.name} on ${version}: ${outcome.text} (${seconds} s)`,
    );
  }
}

const table = [
  `## Real minikube check (${cluster})`,
  '',
  '| Kubernetes | submission | outcome | time |',
  '| --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.version} | ${r.name} | ${r.ok ? '✅' : '❌'} ${r.text} | ${r.seconds} s |`),
  '',
];
await fs.writeFile(path.join(out, 'summary.md'), table.join('\n'));
console.log(table.join('\n'));
process.exit(worst);

async function readResults(dir) {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, 'results.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Compares one grade with what its submission must score. */
function judge(sub, exitCode, results) {
  if (results?.status !== 'graded') {
    const why = results?.error
      ? `${results.error.step}: ${String(results.error.message).split('\n')[0]}`
      : `exit ${exitCode}, no results.json`;
    return { ok: false, code: 3, text: `not graded (${why})` };
  }
  const failing = results.checks
    .filter((c) => c.status === 'fail' || c.status === 'error')
    .map((c) => c.id)
    .sort();
  const expected = [...sub.fails].sort();
  const same = failing.length === expected.length && failing.every((id, i) => id === expected[i]);
  const score = `${results.score}/${results.maxScore}`;
  if (same)
    return { ok: true, code: 0, text: expected.length ? `${score}, fails ${failing.join(', ')}` : score };
  return {
    ok: false,
    code: 1,
    text: `${score}, fails [${failing.join(', ')}], expected [${expected.join(', ')}]`,
  };
}
