import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gradeStatic } from '../src/grade/static.ts';
import { defaultRubric } from '../src/rubric/rubric.ts';
import { medianOf } from './median.ts';

/** Static grading throughput over the fixtures, in one process: submissions per second. */
export async function benchStatic(opts: {
  runs: number;
  seconds: number;
}): Promise<{ perSecond: number[]; median: number; submissions: number }> {
  const root = join(import.meta.dirname, '../fixtures/submissions');
  const dirs = [
    join(root, 'reference'),
    ...readdirSync(join(root, 'broken')).map((d) => join(root, 'broken', d)),
  ];
  // Warm-up: module loading and JIT are not what we measure.
  for (const d of dirs) await gradeStatic(d, defaultRubric);
  const perSecond: number[] = [];
  for (let run = 0; run < opts.runs; run++) {
    let graded = 0;
    const start = performance.now();
    const until = start + opts.seconds * 1000;
    while (performance.now() < until) {
      for (const d of dirs) await gradeStatic(d, defaultRubric);
      graded += dirs.length;
    }
    perSecond.push(graded / ((performance.now() - start) / 1000));
  }
  return { perSecond, median: medianOf(perSecond), submissions: dirs.length };
}
