import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderJson } from './json.ts';
import { renderJUnit } from './junit.ts';
import { renderMarkdown, renderMarkdownMany } from './markdown.ts';
import type { GradeResult } from './model.ts';
import { ensureReportDir } from './report-dir.ts';
import { isResultList } from './tally.ts';

export { prepareReportDir, ReportDirError } from './report-dir.ts';

export interface WrittenReports {
  junit: string;
  markdown: string;
  json: string;
}

/**
 * Writes `junit.xml`, `summary.md` and `results.json` into `dir` (created if missing) and returns their
 * paths. For a list of results, results.json holds an array even when the list has one element.
 */
export async function writeReports(
  dir: string,
  results: GradeResult | readonly GradeResult[],
): Promise<WrittenReports> {
  // Render everything first: a rendering bug must not leave a half-written report directory.
  const junitXml = renderJUnit(results);
  const summary = isResultList(results) ? renderMarkdownMany(results) : renderMarkdown(results);
  const json = renderJson(results);
  const abs = await ensureReportDir(dir);
  const paths: WrittenReports = {
    junit: join(abs, 'junit.xml'),
    markdown: join(abs, 'summary.md'),
    json: join(abs, 'results.json'),
  };
  await Promise.all([
    writeFile(paths.junit, junitXml, 'utf8'),
    writeFile(paths.markdown, summary, 'utf8'),
    writeFile(paths.json, json, 'utf8'),
  ]);
  return paths;
}
