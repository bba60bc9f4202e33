import pc from 'picocolors';
import type { CheckResult, CheckStatus } from '../checks/types.ts';
import { stringifyEvidence } from './evidence.ts';
import { ExitCode, exitCodeFor, type GradeResult } from './model.ts';
import { countStatuses, formatPoints } from './tally.ts';

export interface ConsoleOptions {
  /** Explicit: the caller decides from the TTY / NO_COLOR / --color, this module never looks. */
  color: boolean;
  /** Also show messages of passed and skipped checks, evidence and diagnostics. */
  verbose?: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

const STATUS_MARK: Record<CheckStatus, string> = { pass: '✔', fail: '✖', skip: '○', error: '‼' };

/** A concise terminal report: one line per check, hints under failures, a final score line. */
export function renderConsole(result: GradeResult, opts: ConsoleOptions): string {
  const c = pc.createColors(opts.color);
  const lines = [c.bold(printable(`${result.lab} · ${result.submission}`))];
  const idWidth = Math.max(0, ...result.checks.map((k) => printable(k.id).length));
  const titleWidth = Math.max(0, ...result.checks.map((k) => printable(k.title).length));
  for (const check of result.checks) {
    lines.push(checkLine(check, idWidth, titleWidth, c));
    lines.push(...detailLines(check, opts.verbose ?? false, c));
  }
  lines.push(scoreLine(result, c));
  return `${lines.join('\n')}\n`;
}

/** Several submissions one after the other, then one line per submission. */
export function renderConsoleMany(results: readonly GradeResult[], opts: ConsoleOptions): string {
  const c = pc.createColors(opts.color);
  const width = Math.max(0, ...results.map((r) => printable(r.submission).length));
  const totals = results.map((r) => {
    const name = overallColor(r, c)(printable(r.submission).padEnd(width));
    return `${name}  ${formatPoints(r.score)}/${formatPoints(r.maxScore)}\n`;
  });
  const noun = results.length === 1 ? 'submission' : 'submissions';
  const summary = `${c.bold(`${results.length} ${noun}`)}\n${totals.join('')}`;
  return [...results.map((r) => renderConsole(r, opts)), summary].join('\n');
}

function checkLine(check: CheckResult, idWidth: number, titleWidth: number, c: Colors): string {
  const paint = statusColor(check.status, c);
  const points = `${formatPoints(check.points)}/${formatPoints(check.maxPoints)}`;
  const id = printable(check.id).padEnd(idWidth);
  const title = printable(check.title).padEnd(titleWidth);
  const line = `${paint(STATUS_MARK[check.status])} ${id}  ${title}  ${points}`;
  return line.trimEnd();
}

function detailLines(check: CheckResult, verbose: boolean, c: Colors): string[] {
  const problem = check.status === 'fail' || check.status === 'error';
  const out: string[] = [];
  if (problem || check.status === 'skip' || verbose) out.push(...indent(check.message, '    '));
  if (check.hint && (problem || verbose))
    out.push(...indent(`hint: ${check.hint}`, '    ').map((l) => c.cyan(l)));
  if (verbose && check.evidence !== undefined) {
    out.push(...indent(`evidence: ${stringifyEvidence(check.evidence)}`, '    ').map((l) => c.dim(l)));
  }
  if (verbose && check.diagnostics) out.push(...indent(check.diagnostics, '    │ ').map((l) => c.dim(l)));
  return out;
}

function scoreLine(result: GradeResult, c: Colors): string {
  const n = countStatuses(result.checks);
  const score = `Score ${formatPoints(result.score)}/${formatPoints(result.maxScore)}`;
  const counts = `${n.pass} passed, ${n.fail} failed, ${n.skip} skipped, ${n.error} ${n.error === 1 ? 'error' : 'errors'}`;
  return `${overallColor(result, c)(c.bold(score))} · ${counts}`;
}

function statusColor(status: CheckStatus, c: Colors): (s: string) => string {
  switch (status) {
    case 'pass':
      return c.green;
    case 'fail':
      return c.red;
    case 'skip':
      return c.yellow;
    case 'error':
      return c.magenta;
  }
}

function overallColor(result: GradeResult, c: Colors): (s: string) => string {
  const code = exitCodeFor(result);
  if (code === ExitCode.ok) return c.green;
  return code === ExitCode.checkFailed ? c.red : c.magenta;
}

function indent(text: string, prefix: string): string[] {
  return printable(text.replace(/\r\n/g, '\n'))
    .split(/\r?\n/)
    .map((line) => `${prefix}${line}`);
}

/**
 * Messages quote submission content (names, labels, logs): control characters are shown as `\u001b`
 * so a crafted submission cannot drive the grader's terminal.
 */
export function printable(text: string): string {
  return text.replace(
    /[\x00-\x08\x0B-\x1F\x7F-\x9F]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
