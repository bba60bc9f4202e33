import { randomUUID } from 'node:crypto';
import { appendFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult } from '../checks/types.ts';
import { exitCodeFor, exitStatus, type GradeResult } from './model.ts';
import { escapeControls, neutralizeCommands } from './safe-text.ts';

/*
 * GitHub Actions integration: workflow commands on stdout (annotations), the step summary file and
 * the step outputs file. The runner's rules are in docs/reference-facts.md, github-actions (from
 * actions/runner src/Runner.Common/ActionCommand.cs): a line is a command when, after leading
 * whitespace, it starts with `::` (or holds `##[` anywhere); inside a command the runner un-escapes
 * %25 %0D %0A in the data and also %3A %2C in property values. Student text (file names, messages
 * quoting YAML, header fields) reaches these lines, so every piece is escaped here.
 *
 * Print `annotations()` with writeWorkflowCommands (./output.ts), not writeOut, whose guard would
 * (rightly) neutralize them.
 */

/** Data of a workflow command (after the second `::`): `%` → %25, CR → %0D, LF → %0A. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A property value (`file=…,title=…`): the data rules plus `:` → %3A and `,` → %2C. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** Student text for a command's data: controls shown as escapes (line breaks kept), `::`/`##[` broken. */
function commandText(text: string): string {
  return neutralizeCommands(escapeControls(text, { newlines: 'keep' }));
}

/** Student text for a property value: one line, `::`/`##[` broken. */
function propertyText(text: string): string {
  return neutralizeCommands(escapeControls(text));
}

export interface AnnotationOptions {
  /** The repository root (`git rev-parse --show-toplevel`): annotation paths are relative to it. */
  repoRoot: string;
  /** Where `result.submission` is relative to. @default process.cwd() */
  cwd?: string;
}

export interface SourceLocation {
  /** Relative to the submission's lab folder, as checks record it. */
  file: string;
  line?: number;
  col?: number;
}

// A message quoting a whole manifest would make an unreadable log line: keep annotations bounded.
const MAX_MESSAGE = 4000;

/**
 * Workflow commands for a result: `::error file=…,line=…,title=<check id>::<message>` for each
 * failed or errored check whose evidence points at a file, and `::warning` for the notes checks
 * record (evidence `warnings`, and YAML findings of severity warning). Each line is one command;
 * nothing in it can start a second one.
 */
export function annotations(result: GradeResult, opts: AnnotationOptions): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  const push = (line: string) => {
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  };
  for (const check of result.checks) {
    if (check.status === 'fail' || check.status === 'error') {
      const loc = findLocations(check.evidence)[0];
      if (loc)
        push(annotation('error', check.id, annotationMessage(check), resolveLocation(result, loc, opts)));
    }
    for (const note of notes(check.evidence)) {
      const where = note.loc ? resolveLocation(result, note.loc, opts) : undefined;
      push(annotation('warning', check.id, note.message, where));
    }
  }
  return lines;
}

function annotationMessage(check: CheckResult): string {
  return boundedMessage(check.hint ? `${check.message}\n\nHint: ${check.hint}` : check.message);
}

/** A message cut to MAX_MESSAGE characters, between code points (a lone surrogate half shows as garbage). */
export function boundedMessage(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE).replace(/[\uD800-\uDBFF]$/, '')}…` : text;
}

/**
 * One annotation command, `::error file=…,line=…,col=…,title=…::message`, every piece escaped: the
 * title and file as property values (one line), the message as data (its line breaks as %0A).
 */
export function annotation(
  kind: 'error' | 'warning' | 'notice',
  title: string,
  message: string,
  where?: RepoLocation,
): string {
  const props: string[] = [];
  if (where) {
    props.push(`file=${escapeProperty(propertyText(where.file))}`);
    if (where.line) props.push(`line=${where.line}`);
    if (where.line && where.col) props.push(`col=${where.col}`);
  }
  props.push(`title=${escapeProperty(propertyText(title))}`);
  // Line breaks in the message travel as %0A (the annotation shows them); the log line stays one line.
  return `::${kind} ${props.join(',')}::${escapeData(commandText(message))}`;
}

/** A file location relative to the repository root, as annotations name it. */
export interface RepoLocation {
  file: string;
  line?: number;
  col?: number;
}

/** A check's location as a path from the repository root, or undefined when it lies outside it. */
function resolveLocation(
  result: GradeResult,
  loc: SourceLocation,
  opts: AnnotationOptions,
): RepoLocation | undefined {
  const abs = path.resolve(opts.cwd ?? process.cwd(), result.submission, loc.file);
  const rel = path.relative(path.resolve(opts.repoRoot), abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return { file: rel.split(path.sep).join('/'), line: loc.line, col: loc.col };
}

// `ippool.yaml:11`, `lab4_report.md:18:3`, as checks write `at` and lead their problem strings with.
const AT = /^(.+?):(\d+)(?::(\d+))?$/;
const LEADING_AT = /^([^\s:]+\.(?:ya?ml|md|markdown|json)):(\d+)(?::(\d+))?(?=\s|:|$)/i;
const MAX_DEPTH = 6;
const MAX_NODES = 2000;

/**
 * Every file location in a check's evidence, in document order. Evidence is free-form JSON, so the
 * shapes checks use are recognised defensively: `{file, line?, col?}` objects, `at: "file:line"`
 * strings, and strings that begin with `file.yaml:line ` (problem lists).
 */
export function findLocations(evidence: unknown): SourceLocation[] {
  const found: SourceLocation[] = [];
  let budget = MAX_NODES;
  const visit = (value: unknown, depth: number, key?: string) => {
    if (budget-- <= 0 || depth > MAX_DEPTH) return;
    if (typeof value === 'string') {
      const m = (key === 'at' ? AT : LEADING_AT).exec(value);
      if (m) found.push(location(m[1] as string, m[2], m[3]));
      return;
    }
    if (Array.isArray(value)) {
      for (const v of value) visit(v, depth + 1);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    if (typeof obj.file === 'string' && obj.file !== '') {
      found.push({
        file: obj.file,
        ...(positiveInt(obj.line) ? { line: obj.line as number } : {}),
        ...(positiveInt(obj.col) ? { col: obj.col as number } : {}),
      });
    }
    for (const [k, v] of Object.entries(obj)) if (k !== 'file') visit(v, depth + 1, k);
  };
  visit(evidence, 0);
  return found;
}

function location(file: string, line?: string, col?: string): SourceLocation {
  const loc: SourceLocation = { file };
  if (line && Number(line) > 0) loc.line = Number(line);
  if (loc.line && col && Number(col) > 0) loc.col = Number(col);
  return loc;
}

function positiveInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** Notes a check recorded for the reader: `warnings: string[]`, and `findings` of severity warning. */
function notes(evidence: unknown): { message: string; loc?: SourceLocation }[] {
  if (evidence === null || typeof evidence !== 'object' || Array.isArray(evidence)) return [];
  const ev = evidence as Record<string, unknown>;
  const out: { message: string; loc?: SourceLocation }[] = [];
  if (Array.isArray(ev.warnings)) {
    for (const w of ev.warnings) if (typeof w === 'string' && w !== '') out.push({ message: w });
  }
  if (Array.isArray(ev.findings)) {
    for (const f of ev.findings as unknown[]) {
      if (f === null || typeof f !== 'object') continue;
      const finding = f as Record<string, unknown>;
      if (finding.severity !== 'warning' || typeof finding.message !== 'string') continue;
      out.push({ message: finding.message, loc: findLocations(finding)[0] });
    }
  }
  return out;
}

/** GitHub refuses a step summary over 1 MiB ("upload aborted"); the whole step's file counts. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

export interface EnvOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * Appends Markdown to `$GITHUB_STEP_SUMMARY`; false (and nothing written) outside Actions. Text that
 * would push the step's summary over GitHub's limit is cut, with a note saying so.
 */
export async function appendStepSummary(markdown: string, opts: EnvOptions = {}): Promise<boolean> {
  const file = (opts.env ?? process.env).GITHUB_STEP_SUMMARY;
  if (!file) return false;
  const used = await stat(file).then(
    (s) => s.size,
    () => 0,
  );
  const text = markdown.endsWith('\n') ? markdown : `${markdown}\n`;
  await appendFile(file, fitSummary(text, STEP_SUMMARY_LIMIT - used), 'utf8');
  return true;
}

const CUT_NOTE = '\n\n_(summary cut: GitHub limits a step summary to 1 MiB; see the report artifact)_\n';

function fitSummary(text: string, room: number): string {
  if (Buffer.byteLength(text, 'utf8') <= room) return text;
  const keep = room - Buffer.byteLength(CUT_NOTE, 'utf8');
  if (keep <= 0) return '';
  // Cut on a line end so no table row, code span or HTML entity is left half-written.
  const cut = Buffer.from(text, 'utf8')
    .subarray(0, keep)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  const lineEnd = cut.lastIndexOf('\n');
  return `${lineEnd > 0 ? cut.slice(0, lineEnd) : ''}${CUT_NOTE}`;
}

/** The outputs of the grading step (`steps.<id>.outputs.*`). */
export interface ActionOutputs {
  score: number | string;
  'max-score': number | string;
  /** `pass`, `fail` or `error`. */
  status: string;
  /** GitHub Classroom: base64 of the runner JSON (see classroom.ts). */
  result?: string;
  [name: string]: number | string | undefined;
}

export interface OutputOptions extends EnvOptions {
  /** Delimiter source for multi-line values. @default `ghadelimiter_<uuid>` (as @actions/core does) */
  delimiter?: () => string;
}

const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Appends outputs to `$GITHUB_OUTPUT`: `name=value`, or for a value with a line end
 * `name<<DELIM` / value / `DELIM` with a random delimiter that the value does not contain (so a value
 * cannot end the block early and set other outputs). False outside Actions.
 */
export async function writeOutputs(
  outputs: Readonly<Record<string, number | string | undefined>>,
  opts: OutputOptions = {},
): Promise<boolean> {
  const file = (opts.env ?? process.env).GITHUB_OUTPUT;
  if (!file) return false;
  await appendFile(file, formatOutputs(outputs, opts.delimiter), 'utf8');
  return true;
}

export function formatOutputs(
  outputs: Record<string, number | string | undefined>,
  delimiter: () => string = () => `ghadelimiter_${randomUUID()}`,
): string {
  let text = '';
  for (const [name, raw] of Object.entries(outputs)) {
    if (raw === undefined) continue;
    if (!OUTPUT_NAME.test(name)) throw new Error(`invalid output name ${JSON.stringify(name)}`);
    const value = String(raw);
    if (!/[\r\n]/.test(value)) {
      text += `${name}=${value}\n`;
      continue;
    }
    let delim = delimiter();
    for (let tries = 0; value.includes(delim) || /[\r\n]/.test(delim) || delim === ''; tries += 1) {
      if (tries >= 10) throw new Error(`no delimiter for output ${name} that its value does not contain`);
      delim = delimiter();
    }
    text += `${name}<<${delim}\n${value}\n${delim}\n`;
  }
  return text;
}

/** `pass` (exit 0), `fail` (1) or `error` (3): the status output of the action. */
export function actionStatus(result: GradeResult): 'pass' | 'fail' | 'error' {
  return exitStatus(exitCodeFor(result));
}

/**
 * The action's outputs for one submission. An ungraded one gives 0 of 0 with status `error`: no
 * points to record, as in its Classroom result (max_score 0), and a status that fails the job.
 */
export function actionOutputs(result: GradeResult, classroomResult?: string): ActionOutputs {
  const outputs: ActionOutputs = {
    score: result.score ?? 0,
    'max-score': result.maxScore ?? 0,
    status: actionStatus(result),
  };
  if (classroomResult !== undefined) outputs.result = classroomResult;
  return outputs;
}
