/**
 * `npm run corpus [DIR]`: grades every labelled real submission in DIR (default ../shared/corpus)
 * and prints, per labelled field, how far the grader agrees with the expert — as balanced accuracy,
 * since most labels are passes and raw agreement flatters a lenient grader. Not part of `npm test`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gradeStatic } from '../src/grade/static.ts';
import { defaultRubric } from '../src/rubric/rubric.ts';
import { agreement, COMPARED_FIELDS, compare, type FieldComparison } from './corpus-agreement.ts';

const dir = resolve(process.argv[2] ?? '../shared/corpus');
if (!existsSync(dir)) {
  process.stderr.write(`corpus: ${dir} does not exist (pass the corpus folder as the argument)\n`);
  process.exit(2);
}

const rows: (FieldComparison & { submission: string })[] = [];
const folders = readdirSync(dir).filter(
  (d) => statSync(join(dir, d)).isDirectory() && existsSync(join(dir, d, 'labels.json')),
);
for (const folder of folders) {
  const labels = JSON.parse(readFileSync(join(dir, folder, 'labels.json'), 'utf8'));
  const result = await gradeStatic(join(dir, folder), defaultRubric);
  for (const row of compare(labels, result)) rows.push({ ...row, submission: folder });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const line = (name: string, r: FieldComparison[]) => {
  const a = agreement(r);
  return `${name.padEnd(24)} ${String(a.compared).padStart(4)}  ${pct(a.rawAgreement).padStart(7)}  ${`${a.caught}/${a.labelledFail}`.padStart(7)}  ${`${a.kept}/${a.labelledPass}`.padStart(7)}  ${pct(a.balancedAccuracy).padStart(7)}`;
};
console.log(`corpus: ${folders.length} labelled submissions in ${dir}\n`);
console.log(
  `${'field'.padEnd(24)} ${'n'.padStart(4)}  ${'raw'.padStart(7)}  ${'caught'.padStart(7)}  ${'kept'.padStart(7)}  ${'bal.acc'.padStart(7)}`,
);
for (const field of COMPARED_FIELDS) {
  const r = rows.filter((x) => x.field === field);
  if (r.length) console.log(line(field, r));
}
console.log(line('ALL FIELDS', rows));
const disagreements = rows.filter((r) => r.expert !== r.ours);
console.log(`\n${disagreements.length} disagreement(s):`);
for (const d of disagreements)
  console.log(
    `- ${d.submission.split('__')[0]} ${d.field}: expert ${d.expert}, grader ${d.ours} — ${d.message.slice(0, 220)}`,
  );
