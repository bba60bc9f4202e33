import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addCheckCase } from '../report/junit.ts';
import { newJUnitBuilder } from '../report/junit-builder.ts';
import { escapeCell } from '../report/markdown-text.ts';
import { ExitCode, type GradeResult, verdictOf } from '../report/model.ts';
import { HTML_ENCODING, neutralizeCommands } from '../report/safe-text.ts';
import { formatPoints } from '../report/tally.ts';
import { neutralizeXmlCommands, xmlSafe } from '../report/xml-text.ts';
import { csvRecord, isBlankRecord, parseCsv } from './csv.ts';
import { type BatchRow, worstExitCode } from './row.ts';

/** One student of a class run: the row, and the full result when grading produced one. */
export interface ClassEntry {
  row: BatchRow;
  result?: GradeResult;
}

/** class.csv's columns, a public interface (spreadsheets, LMS imports, the merge of shards). */
export const CLASS_CSV_COLUMNS = [
  'student',
  'submission',
  'commit',
  'status',
  'score',
  'maxScore',
  'failed',
] as const;

/**
 * A field that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a TAB/CR that some
 * spreadsheets skip before one) gets a leading apostrophe, which spreadsheets show as text
 * (OWASP "CSV injection"). Student names and submission paths are student-controlled.
 */
export function spreadsheetSafe(field: string): string {
  return /^[=+\-@\t\r]/.test(field) ? `'${field}` : field;
}

export function classCsv(rows: readonly BatchRow[]): string {
  let text = csvRecord(CLASS_CSV_COLUMNS);
  for (const r of rows) {
    text += csvRecord(
      [
        r.student,
        r.submission,
        r.commit ?? '',
        r.status,
        r.score === null ? '' : formatPoints(r.score),
        r.maxScore === null ? '' : formatPoints(r.maxScore),
        r.failed.join(' '),
      ].map(spreadsheetSafe),
    );
  }
  return text;
}

export class ClassCsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClassCsvError';
  }
}

export interface MergedClassCsv {
  text: string;
  students: number;
  /** The class exit code the merged rows give: 3 if anyone is ungraded, 1 if a check failed, else 0. */
  exitCode: number;
}

/**
 * Merges the class.csv of several shards into one, rows sorted by student (code-unit order, so the
 * result does not depend on the order the shards' files arrive in). Every file must have exactly the
 * class.csv header; a student in two files is an error (the shards overlapped). A check that errored
 * is recorded in class.csv like a failed one, so it counts as failed (1) in the merged exit code.
 */
export function mergeClassCsv(files: readonly { source: string; text: string }[]): MergedClassCsv {
  if (files.length === 0) throw new ClassCsvError('no class.csv files to merge');
  const expected = CLASS_CSV_COLUMNS.join(',');
  const rows: { fields: string[]; source: string }[] = [];
  const seen = new Map<string, string>();
  for (const { source, text } of files) {
    let records: ReturnType<typeof parseCsv>;
    try {
      records = parseCsv(text).filter((r) => !isBlankRecord(r));
    } catch (e) {
      throw new ClassCsvError(`${source}: ${(e as Error).message}`);
    }
    const [header, ...body] = records;
    const got = header?.fields.join(',') ?? '';
    if (got !== expected) {
      throw new ClassCsvError(`${source}: the header is "${got}", expected "${expected}"`);
    }
    for (const record of body) {
      if (record.fields.length !== CLASS_CSV_COLUMNS.length) {
        throw new ClassCsvError(
          `${source}: line ${record.line} has ${record.fields.length} fields, expected ${CLASS_CSV_COLUMNS.length}`,
        );
      }
      const student = record.fields[0] as string;
      const before = seen.get(student);
      if (before !== undefined) {
        throw new ClassCsvError(`${source}: line ${record.line}: student ${student} is also in ${before}`);
      }
      seen.set(student, `${source} line ${record.line}`);
      rows.push({ fields: record.fields, source });
    }
  }
  rows.sort((a, b) => compareCodeUnits(a.fields[0] as string, b.fields[0] as string));
  // Fields are re-written as read: they were made spreadsheet-safe when first written.
  const text = csvRecord(CLASS_CSV_COLUMNS) + rows.map((r) => csvRecord(r.fields)).join('');
  const exitCode = worstExitCode(
    rows.map(({ fields }) =>
      fields[3] !== 'graded'
        ? ExitCode.infrastructure
        : fields[6]?.trim()
          ? ExitCode.checkFailed
          : ExitCode.ok,
    ),
  );
  return { text, students: rows.length, exitCode };
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const MAX_ERROR_IN_TABLE = 300;

/**
 * class.md: a table by student (status, score, failed checks), then each check's pass rate across the
 * graded students. `checkIds` lists the checks to rate (default: every check in the entries' results,
 * or, for rows without results, the ids that failed somewhere). With a result, a check passed when it
 * passed or was a skip worth nothing (not when it was left unverified); a row read back from class.csv
 * only says which checks failed, so there every other check counts as passed. Student text is
 * escaped for GFM (markdown-text.ts: no HTML, no @mention) and no line can act as a workflow command.
 */
export function classMarkdown(entries: readonly ClassEntry[], checkIds?: readonly string[]): string {
  const rows = entries.map((e) => e.row);
  const graded = rows.filter((r) => r.status === 'graded');
  const lines: string[] = ['# Class results', ''];
  const mean =
    graded.length > 0 ? graded.reduce((sum, r) => sum + (r.score ?? 0), 0) / graded.length : undefined;
  const maxScores = new Set(graded.map((r) => r.maxScore));
  const outOf = maxScores.size === 1 ? ` / ${formatPoints([...maxScores][0] ?? 0)}` : '';
  lines.push(
    `${rows.length} student(s): ${graded.length} graded, ${rows.length - graded.length} ungraded` +
      (mean === undefined ? '.' : `; mean score ${formatPoints(mean)}${outOf}.`),
    '',
    '| Student | Status | Score | Failed checks |',
    '| --- | --- | --- | --- |',
  );
  for (const r of rows) {
    const status = r.status === 'graded' ? 'graded' : `**ungraded**: ${escapeCell(errorText(r.error))}`;
    const score = r.score === null ? '—' : `${formatPoints(r.score)} / ${formatPoints(r.maxScore ?? 0)}`;
    const failed = r.failed.map((id) => escapeCell(id)).join(', ');
    lines.push(`| ${escapeCell(r.student)} | ${status} | ${score} | ${failed} |`);
  }
  const ids = checkIds ?? defaultCheckIds(entries);
  if (ids.length > 0 && graded.length > 0) {
    lines.push('', '## Pass rate by check', '', '| Check | Passed | Rate |', '| --- | --- | --- |');
    const gradedEntries = entries.filter((e) => e.row.status === 'graded');
    for (const id of ids) {
      const passed = gradedEntries.filter((e) => passedCheck(e, id)).length;
      const rate = Math.round((passed / graded.length) * 100);
      lines.push(`| ${escapeCell(id)} | ${passed} / ${graded.length} | ${rate}% |`);
    }
  }
  return neutralizeCommands(`${lines.join('\n')}\n`, HTML_ENCODING);
}

function passedCheck(entry: ClassEntry, id: string): boolean {
  if (!entry.result) return !entry.row.failed.includes(id);
  const check = entry.result.checks.find((c) => c.id === id);
  if (!check) return false;
  const verdict = verdictOf(check);
  return verdict === 'pass' || verdict === 'skip';
}

function errorText(error: BatchRow['error']): string {
  if (!error) return 'no result';
  const text = error.step ? `${error.step}: ${error.message}` : error.message;
  return text.length > MAX_ERROR_IN_TABLE ? `${text.slice(0, MAX_ERROR_IN_TABLE)}…` : text;
}

function defaultCheckIds(entries: readonly ClassEntry[]): string[] {
  const ids = new Set<string>();
  for (const e of entries) for (const c of e.result?.checks ?? []) ids.add(c.id);
  if (ids.size === 0) for (const e of entries) for (const id of e.row.failed) ids.add(id);
  return [...ids];
}

/**
 * junit.xml for a class: one `<testsuite>` per student (named by the student), one `<testcase>` per
 * check; an ungraded student gets one `grading` testcase with an `<error>`, so CI shows them too.
 */
export function classJUnit(entries: readonly ClassEntry[]): string {
  const builder = newJUnitBuilder();
  builder.name('kube-lab-grader class');
  for (const { row, result } of entries) {
    const suite = builder
      .testSuite()
      .name(xmlSafe(row.student))
      .property('submission', xmlSafe(row.submission))
      .property('status', row.status);
    if (row.commit) suite.property('commit', xmlSafe(row.commit));
    if (row.score !== null) suite.property('score', formatPoints(row.score));
    if (row.maxScore !== null) suite.property('maxScore', formatPoints(row.maxScore));
    if (result)
      suite
        .timestamp(new Date(Date.parse(result.startedAt) || 0).toISOString())
        .time(result.durationMs / 1000);
    const className = xmlSafe(row.student);
    if (row.status === 'ungraded') {
      suite
        .testCase()
        .className(className)
        .name('grading')
        .error(xmlSafe(errorText(row.error)), 'Ungraded');
      continue;
    }
    if (result) {
      for (const check of result.checks) addCheckCase(suite.testCase().className(className), check);
    } else {
      // Rows without results (read back from class.csv): the failing checks are all that is known.
      for (const id of row.failed)
        suite.testCase().className(className).name(xmlSafe(id)).failure('failed', 'CheckFailed');
    }
  }
  return `${neutralizeXmlCommands(builder.build())}\n`;
}

export interface ClassFiles {
  csv: string;
  markdown: string;
  junit: string;
}

/** Writes OUT/class.csv, OUT/class.md and OUT/junit.xml (OUT created if missing); returns their paths. */
export async function writeClassFiles(
  outDir: string,
  entries: readonly ClassEntry[],
  opts: { checkIds?: readonly string[] } = {},
): Promise<ClassFiles> {
  // Render everything before writing: a rendering bug must not leave half the files.
  const csv = classCsv(entries.map((e) => e.row));
  const markdown = classMarkdown(entries, opts.checkIds);
  const xml = classJUnit(entries);
  const paths: ClassFiles = {
    csv: join(outDir, 'class.csv'),
    markdown: join(outDir, 'class.md'),
    junit: join(outDir, 'junit.xml'),
  };
  await mkdir(outDir, { recursive: true });
  await Promise.all([
    writeFile(paths.csv, csv, 'utf8'),
    writeFile(paths.markdown, markdown, 'utf8'),
    writeFile(paths.junit, xml, 'utf8'),
  ]);
  return paths;
}
