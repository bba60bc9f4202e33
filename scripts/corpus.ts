/**
 * `npm run corpus [DIR] [--no-ocr]`: grades every labelled real submission in DIR (default
 * ../shared/corpus) and prints, per labelled field, how far the grader agrees with the expert — as
 * balanced accuracy, since most labels are passes and raw agreement flatters a lenient grader. Each
 * submission is graded with OCR off and (unless --no-ocr) on, and compared with `labels.json` alone
 * (the text) and with `labels_screens.json` too (what the screenshots decide). Not part of `npm test`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gradeStatic } from '../src/grade/static.ts';
import { createOcrEngine } from '../src/ocr/index.ts';
import { defaultRubric } from '../src/rubric/rubric.ts';
import {
  agreement,
  COMPARED_FIELDS,
  compare,
  compareWithScreens,
  type FieldComparison,
  SCREEN_COMPARED_FIELDS,
} from './corpus-agreement.ts';

const args = process.argv.slice(2);
const withOcr = !args.includes('--no-ocr');
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? '../shared/corpus');
if (!existsSync(dir)) {
  process.stderr.write(`corpus: ${dir} does not exist (pass the corpus folder as the argument)\n`);
  process.exit(2);
}

type Row = FieldComparison & { submission: string };
const runs: Record<string, Row[]> = {
  'text labels, OCR off': [],
  'text labels, OCR on': [],
  'text + screens labels, OCR off': [],
  'text + screens labels, OCR on': [],
};
const folders = readdirSync(dir).filter(
  (d) => statSync(join(dir, d)).isDirectory() && existsSync(join(dir, d, 'labels.json')),
);
const engine = withOcr ? createOcrEngine({}) : undefined;
const started = Date.now();
for (const folder of folders) {
  const labels = JSON.parse(readFileSync(join(dir, folder, 'labels.json'), 'utf8'));
  const screensFile = join(dir, folder, 'labels_screens.json');
  const screens = existsSync(screensFile) ? JSON.parse(readFileSync(screensFile, 'utf8')) : null;
  const off = await gradeStatic(join(dir, folder), defaultRubric);
  const push = (run: string, rows: FieldComparison[]) =>
    runs[run]?.push(...rows.map((r) => ({ ...r, submission: folder })));
  push('text labels, OCR off', compare(labels, off));
  push('text + screens labels, OCR off', compareWithScreens(labels, screens, off));
  if (engine) {
    const on = await gradeStatic(join(dir, folder), defaultRubric, Date.now, { engine });
    push('text labels, OCR on', compare(labels, on));
    push('text + screens labels, OCR on', compareWithScreens(labels, screens, on));
  }
}
await engine?.close();

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const line = (name: string, r: FieldComparison[]) => {
  const a = agreement(r);
  return `${name.padEnd(26)} ${String(a.compared).padStart(4)}  ${pct(a.rawAgreement).padStart(7)}  ${`${a.caught}/${a.labelledFail}`.padStart(7)}  ${`${a.kept}/${a.labelledPass}`.padStart(7)}  ${pct(a.balancedAccuracy).padStart(7)}`;
};
const header = `${'field'.padEnd(26)} ${'n'.padStart(4)}  ${'raw'.padStart(7)}  ${'caught'.padStart(7)}  ${'kept'.padStart(7)}  ${'bal.acc'.padStart(7)}`;
console.log(
  `corpus: ${folders.length} labelled submissions in ${dir}${withOcr ? ` (OCR on: ${((Date.now() - started) / 1000).toFixed(0)} s for both grades)` : ' (--no-ocr)'}\n`,
);
for (const [run, rows] of Object.entries(runs)) {
  if (rows.length === 0) continue;
  console.log(`## ${run}\n${header}`);
  const fields = run.startsWith('text +') ? SCREEN_COMPARED_FIELDS : COMPARED_FIELDS;
  for (const field of fields) {
    const r = rows.filter((x) => x.field === field);
    if (r.length) console.log(line(field, r));
  }
  console.log(`${line('ALL FIELDS', rows)}\n`);
}
console.log('summary (balanced accuracy, all fields):');
for (const [run, rows] of Object.entries(runs))
  if (rows.length) console.log(`  ${run.padEnd(32)} ${pct(agreement(rows).balancedAccuracy)}`);
const shown = withOcr
  ? ['text labels, OCR on', 'text + screens labels, OCR on']
  : ['text labels, OCR off', 'text + screens labels, OCR off'];
for (const run of shown) {
  const disagreements = (runs[run] ?? []).filter((r) => r.expert !== r.ours);
  console.log(`\n${disagreements.length} disagreement(s), ${run}:`);
  for (const d of disagreements)
    console.log(
      `- ${d.submission.split('__')[0]} ${d.field}: expert ${d.expert}, grader ${d.ours} — ${d.message.slice(0, 220)}`,
    );
}
