import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderGradescope } from './gradescope.ts';
import { renderJson } from './json-render.ts';
import { renderJUnit } from './junit.ts';
import { renderMarkdown, renderMarkdownMany } from './markdown.ts';
import type { GradeResult, GradeScale } from './model.ts';
import { ensureReportDir } from './report-dir.ts';
import { isResultList } from './tally.ts';

export { prepareReportDir, ReportDirError } from './report-dir.ts';

export interface WrittenReports {
  junit: string;
  markdown: string;
  json: string;
  /** With `gradescope: true`. */
  gradescope?: string;
}

export interface WriteOptions {
  /** Also write `gradescope.json` (Gradescope's results format; one result only). */
  gradescope?: boolean;
  /** summary.md explains which maximum the score is out of (static or live). */
  scale?: GradeScale;
}

/**
 * Writes `junit.xml`, `summary.md` and `results.json` into `dir` (created if missing) and returns their
 * paths. For a list of results, results.json holds an array even when the list has one element.
 */
export async function writeReports(
  dir: string,
  results: GradeResult | readonly GradeResult[],
  opts: WriteOptions = {},
): Promise<WrittenReports> {
  // Render everything first: a rendering bug must not leave a half-written report directory.
  const md = { scale: opts.scale };
  const files: [keyof WrittenReports, string, string][] = [
    ['junit', 'junit.xml', renderJUnit(results)],
    [
      'markdown',
      'summary.md',
      isResultList(results) ? renderMarkdownMany(results, md) : renderMarkdown(results, md),
    ],
    ['json', 'results.json', renderJson(results)],
  ];
  if (opts.gradescope) {
    if (isResultList(results)) throw new Error('gradescope.json describes one submission');
    files.push(['gradescope', 'gradescope.json', renderGradescope(results)]);
  }
  const abs = await ensureReportDir(dir);
  const paths: Partial<WrittenReports> = {};
  for (const [key, name] of files) paths[key] = join(abs, name);
  await Promise.all(files.map(([key, , text]) => writeFile(paths[key] as string, text, 'utf8')));
  return paths as WrittenReports;
}
