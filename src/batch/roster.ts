import { type CsvRecord, CsvSyntaxError, isBlankRecord, parseCsv } from './csv.ts';
import { uniqueStudentNames } from './names.ts';

/**
 * A class roster: a CSV with a header row naming at least `student` and `path` (the submission to
 * grade), optionally `repo` and `commit` (recorded in class.csv). Columns may come in any order and in
 * any case; other columns (e-mail, group…) are ignored.
 */
export interface RosterEntry {
  /** The roster's name, made safe and unique (a folder name under the output directory). */
  student: string;
  /** The name as written in the roster. */
  rosterName: string;
  path: string;
  repo?: string;
  commit?: string;
  /** 1-based line of the entry in the roster file. */
  line: number;
}

export class RosterError extends Error {
  readonly line?: number;
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'RosterError';
    this.line = line;
  }
}

const REQUIRED = ['student', 'path'] as const;
const OPTIONAL = ['repo', 'commit'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

/** Entries in roster order; blank lines are skipped. Errors name the roster line. */
export function parseRoster(text: string): RosterEntry[] {
  let records: CsvRecord[];
  try {
    records = parseCsv(text).filter((r) => !isBlankRecord(r));
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new RosterError(e.message.replace(/^line \d+: /, ''), e.line);
    throw e;
  }
  const [header, ...rows] = records;
  if (!header) throw new RosterError('the roster is empty; it needs a header row "student,path"');
  const columns = headerColumns(header);
  const raw = rows.map((record) => {
    const cell = (c: Column): string | undefined => {
      const at = columns.get(c);
      return at === undefined ? undefined : record.fields[at]?.trim();
    };
    for (const c of REQUIRED) {
      if (!cell(c)) throw new RosterError(`the ${c} column is empty or missing`, record.line);
    }
    const entry = {
      rosterName: cell('student') as string,
      path: cell('path') as string,
      line: record.line,
    } as Omit<RosterEntry, 'student'>;
    const repo = cell('repo');
    const commit = cell('commit');
    if (repo) entry.repo = repo;
    if (commit) entry.commit = commit;
    return entry;
  });
  const names = uniqueStudentNames(raw.map((e) => e.rosterName));
  return raw.map((e, i) => ({ student: names[i] as string, ...e }));
}

function headerColumns(header: CsvRecord): Map<Column, number> {
  const columns = new Map<Column, number>();
  header.fields.forEach((name, index) => {
    const key = name.trim().toLowerCase();
    if (!(REQUIRED as readonly string[]).includes(key) && !(OPTIONAL as readonly string[]).includes(key))
      return;
    if (columns.has(key as Column))
      throw new RosterError(`the header names column "${key}" twice`, header.line);
    columns.set(key as Column, index);
  });
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw new RosterError(
      `the header row must name the columns student and path (missing: ${missing.join(', ')}; found: ${header.fields.map((f) => JSON.stringify(f)).join(', ')})`,
      header.line,
    );
  }
  return columns;
}
