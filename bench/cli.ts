import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $ } from 'zx';
import { medianOf } from './median.ts';
import { medianWall } from './pack.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/lab-grader.js');
const REFERENCE = join(ROOT, 'fixtures/submissions/reference');

/**
 * Issue 8's targets as a user meets them, through the CLI: cold starts as ratios to `node -e 0`
 * (check ≤ 3×, --help ≤ 2×), and a full emulated grade of the reference at time factor 0, end to end
 * (≤ 4 s wall), with the peak memory of its largest process (≤ 200 MB; GNU time's maximum RSS, which
 * of the grader process). The child processes a grade starts are counted by the harness bench.
 */
export async function benchCli(): Promise<string[]> {
  const node = await medianWall(['node', '-e', '0'], ROOT);
  const check = await medianWall(['node', BIN, 'check', REFERENCE], ROOT);
  const help = await medianWall(['node', BIN, '--help'], ROOT);
  const lines = [
    `cold start: check ${(check / 1000).toFixed(2)} s = ${(check / node).toFixed(1)}× node -e 0 (${(node / 1000).toFixed(2)} s; target ≤ 3×), --help ${(help / node).toFixed(1)}× (target ≤ 2×)`,
  ];
  const walls: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < 3; i++) {
    const out = await mkdtemp(join(tmpdir(), 'lab-grader-bench-cli-'));
    try {
      const t = performance.now();
      const r = await $({
        quiet: true,
        nothrow: true,
        cwd: ROOT,
      })`/usr/bin/time -f maxrss=%M node ${BIN} grade ${REFERENCE} --cluster sim --time-factor 0 --report-dir ${out}`;
      walls.push(performance.now() - t);
      rss.push(Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? Number.NaN) / 1024);
      if (r.exitCode !== 0) throw new Error(`grade exited ${r.exitCode}: ${r.stderr.slice(-400)}`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }
  lines.push(
    `CLI grade of the reference on sim, time factor 0: median ${(medianOf(walls) / 1000).toFixed(2)} s wall (runs: ${walls.map((w) => (w / 1000).toFixed(2)).join(', ')} s; target ≤ 4 s), peak RSS of the grader ${medianOf(rss).toFixed(0)} MB (target ≤ 200 MB)`,
  );
  return lines;
}
