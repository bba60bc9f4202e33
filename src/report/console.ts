import pc from 'picocolors';
import type { CheckResult } from '../checks/types.ts';
import { stringifyEvidence } from './evidence.ts';
import {
  type GradedResult,
  type GradeResult,
  type GradeScale,
  interruptionText,
  isUngraded,
  notGradedText,
  overallVerdict,
  scaleText,
  type Verdict,
  verdictOf,
} from './model.ts';
import { escapeControls, neutralizeCommands } from './safe-text.ts';
import { countVerdicts, formatPoints, verdictCountWords } from './tally.ts';

export interface ConsoleOptions {
  /** Explicit: the caller decides from the TTY / NO_COLOR / --color, this module never looks. */
  color: boolean;
  /** Also show messages of passed and skipped checks, evidence and diagnostics. */
  verbose?: boolean;
  /** When given, a line under the score says which maximum it is out of (static or live). */
  scale?: GradeScale;
}

type Colors = ReturnType<typeof pc.createColors>;

// `?`: a check worth points that could not be verified is not a pass (and not ✔).
const MARK: Record<Verdict, string> = { pass: '✔', fail: '✖', unverified: '?', skip: '○', error: '‼' };

/*
 * Every field is a student's text as far as this module knows: one-line fields go through `field`,
 * multi-line ones through `indent`, and the whole output through neutralizeCommands (safe-text.ts).
 */

/** A concise terminal report: one line per check, hints under failures, a final score line. */
export function renderConsole(result: GradeResult, opts: ConsoleOptions): string {
  return neutralizeCommands(consoleLines(result, opts));
}

/** Several submissions one after the other, then one line per submission. */
export function renderConsoleMany(results: readonly GradeResult[], opts: ConsoleOptions): string {
  const c = pc.createColors(opts.color);
  const width = Math.max(0, ...results.map((r) => field(r.submission).length));
  const totals = results.map((r) => {
    const name = verdictColor(overallVerdict(r), c)(field(r.submission).padEnd(width));
    const score = isUngraded(r) ? 'not graded' : `${formatPoints(r.score)}/${formatPoints(r.maxScore)}`;
    return `${name}  ${score}\n`;
  });
  const noun = results.length === 1 ? 'submission' : 'submissions';
  const summary = `${c.bold(`${results.length} ${noun}`)}\n${totals.join('')}`;
  return neutralizeCommands([...results.map((r) => consoleLines(r, opts)), summary].join('\n'));
}

function consoleLines(result: GradeResult, opts: ConsoleOptions): string {
  const c = pc.createColors(opts.color);
  const lines = [c.bold(field(`${result.lab} · ${result.submission}`))];
  if (isUngraded(result)) {
    // No score and no check lines: nothing here may read as a mark.
    lines.push(c.magenta(`${MARK.error} ${field(notGradedText(result.error))}`));
    if (result.interrupted) lines.push(c.magenta(`! ${field(interruptionText(result.interrupted))}`));
    return `${lines.join('\n')}\n`;
  }
  const idWidth = Math.max(0, ...result.checks.map((k) => field(k.id).length));
  const titleWidth = Math.max(0, ...result.checks.map((k) => field(k.title).length));
  for (const check of result.checks) {
    lines.push(checkLine(check, idWidth, titleWidth, c));
    lines.push(...detailLines(check, opts.verbose ?? false, c));
  }
  if (result.interrupted) lines.push(c.magenta(`! ${field(interruptionText(result.interrupted))}`));
  lines.push(scoreLine(result, c));
  if (opts.scale) lines.push(c.dim(scaleText(result, opts.scale)));
  return `${lines.join('\n')}\n`;
}

function checkLine(check: CheckResult, idWidth: number, titleWidth: number, c: Colors): string {
  const verdict = verdictOf(check);
  const points = `${formatPoints(check.points)}/${formatPoints(check.maxPoints)}`;
  const id = field(check.id).padEnd(idWidth);
  const title = field(check.title).padEnd(titleWidth);
  const line = `${verdictColor(verdict, c)(MARK[verdict])} ${id}  ${title}  ${points}`;
  return line.trimEnd();
}

function detailLines(check: CheckResult, verbose: boolean, c: Colors): string[] {
  const verdict = verdictOf(check);
  const problem = verdict === 'fail' || verdict === 'error' || verdict === 'unverified';
  const out: string[] = [];
  const message = verdict === 'unverified' ? `not verified: ${check.message}` : check.message;
  if (problem || verdict === 'skip' || verbose) out.push(...indent(message, '    '));
  if (check.hint && (problem || verbose))
    out.push(...indent(`hint: ${check.hint}`, '    ').map((l) => c.cyan(l)));
  if (verbose && check.evidence !== undefined) {
    out.push(...indent(`evidence: ${stringifyEvidence(check.evidence)}`, '    ').map((l) => c.dim(l)));
  }
  if (verbose && check.diagnostics) out.push(...indent(check.diagnostics, '    │ ').map((l) => c.dim(l)));
  return out;
}

function scoreLine(result: GradedResult, c: Colors): string {
  const score = `Score ${formatPoints(result.score)}/${formatPoints(result.maxScore)}`;
  const counts = verdictCountWords(countVerdicts(result.checks)).join(', ');
  return `${verdictColor(overallVerdict(result), c)(c.bold(score))} · ${counts}`;
}

function verdictColor(verdict: Verdict, c: Colors): (s: string) => string {
  switch (verdict) {
    case 'pass':
      return c.green;
    case 'fail':
      return c.red;
    case 'unverified':
      return c.yellow;
    case 'skip':
      return c.dim;
    case 'error':
      return c.magenta;
  }
}

/** A one-line field: controls and line breaks shown as escapes. */
function field(text: string): string {
  return escapeControls(text);
}

function indent(text: string, prefix: string): string[] {
  return escapeControls(text, { newlines: 'keep' })
    .split('\n')
    .map((line) => `${prefix}${line}`);
}
