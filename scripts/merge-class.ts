/**
 * Merges the class.csv files of a sharded class run (examples/staff/grade-class.yml) into one
 * class.csv and class.md, and adds class.md to the GitHub step summary when there is one.
 *
 *   tsx scripts/merge-class.ts --out DIR FILE_OR_DIR...
 *
 * A directory argument is searched (one level down too) for class.csv, so the folder that
 * actions/download-artifact fills with one sub-folder per shard can be passed as is.
 * Exit code: the merged class's (0 all passed, 1 a check failed, 3 someone ungraded), 2 bad input.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ClassCsvError, classMarkdown, mergeClassCsv } from '../src/batch/class-files.ts';
import { parseCsv } from '../src/batch/csv.ts';
import type { BatchRow } from '../src/batch/row.ts';
import { appendStepSummary } from '../src/report/github-actions.ts';
import { safeText } from '../src/report/safe-text.ts';

export async function classCsvFiles(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    if (!existsSync(arg)) throw new ClassCsvError(`${arg}: no such file or directory`);
    if (!statSync(arg).isDirectory()) {
      files.push(arg);
      continue;
    }
    const direct = join(arg, 'class.csv');
    if (existsSync(direct)) files.push(direct);
    for (const entry of (await readdir(arg, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const nested = join(arg, entry.name, 'class.csv');
      if (entry.isDirectory() && existsSync(nested)) files.push(nested);
    }
  }
  if (files.length === 0) throw new ClassCsvError(`no class.csv in ${args.join(', ')}`);
  return files;
}

/** Rows of a merged class.csv, for class.md (scores as numbers, failed ids split). */
export function rowsOfClassCsv(text: string): BatchRow[] {
  return parseCsv(text)
    .slice(1)
    .filter((r) => r.fields.length === 7)
    .map(({ fields }) => {
      const [student, submission, commit, status, score, maxScore, failed] = fields as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      const graded = status === 'graded';
      const failedIds = failed.split(' ').filter(Boolean);
      return {
        student,
        submission,
        ...(commit ? { commit } : {}),
        status: graded ? 'graded' : 'ungraded',
        score: score === '' ? null : Number(score),
        maxScore: maxScore === '' ? null : Number(maxScore),
        failed: failedIds,
        ...(graded ? {} : { error: { message: 'not graded (see the shard job log)' } }),
        exitCode: graded ? (failedIds.length ? 1 : 0) : 3,
      };
    });
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' } },
    allowPositionals: true,
  });
  if (!values.out || positionals.length === 0) {
    process.stderr.write('usage: merge-class.ts --out DIR FILE_OR_DIR...\n');
    return 2;
  }
  const files = await classCsvFiles(positionals);
  const merged = mergeClassCsv(
    await Promise.all(files.map(async (source) => ({ source, text: await readFile(source, 'utf8') }))),
  );
  const markdown = classMarkdown(rowsOfClassCsv(merged.text).map((row) => ({ row })));
  await mkdir(values.out, { recursive: true });
  await writeFile(join(values.out, 'class.csv'), merged.text, 'utf8');
  await writeFile(join(values.out, 'class.md'), markdown, 'utf8');
  await appendStepSummary(markdown);
  process.stderr.write(`merged ${files.length} file(s), ${merged.students} student(s) into ${values.out}\n`);
  return merged.exitCode;
}

// Run as a script (tsx scripts/merge-class.ts …), not when a test imports it.
if (process.argv[1]?.endsWith('merge-class.ts')) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`merge-class: ${safeText(e instanceof Error ? e.message : String(e))}\n`);
      process.exitCode = e instanceof ClassCsvError ? 2 : 3;
    },
  );
}
