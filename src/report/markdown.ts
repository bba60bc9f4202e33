import type { CheckResult } from '../checks/types.ts';
import { stringifyEvidence } from './evidence.ts';
import {
  cellCodeSpan,
  codeSpan,
  escapeCell,
  escapeInline,
  escapeLine,
  htmlText,
  preBlock,
} from './markdown-text.ts';
import {
  type GradedResult,
  type GradeResult,
  type GradeScale,
  interruptionText,
  isUngraded,
  notGradedText,
  overallVerdict,
  scaleText,
  type UngradedResult,
  type Verdict,
  verdictOf,
} from './model.ts';
import { HTML_ENCODING, neutralizeCommands } from './safe-text.ts';
import { countVerdicts, formatPoints, verdictCountWords } from './tally.ts';

export interface MarkdownOptions {
  /**
   * Longest diagnostics text shown per check; GitHub caps a step summary at 1 MiB.
   * @default 20000
   */
  maxDiagnosticsChars?: number;
  /** When given, a line under the score says which maximum it is out of (static or live). */
  scale?: GradeScale;
}

// ❔: a check worth points that could not be verified is not a pass (never ✅).
const MARK: Record<Verdict, string> = {
  pass: '✅',
  fail: '❌',
  unverified: '❔',
  skip: '⏭️',
  error: '💥',
};

/** One submission as Markdown, suitable for `$GITHUB_STEP_SUMMARY`. */
export function renderMarkdown(result: GradeResult, opts: MarkdownOptions = {}): string {
  return neutralizeCommands(markdownOf(result, opts), HTML_ENCODING);
}

function markdownOf(result: GradeResult, opts: MarkdownOptions): string {
  if (isUngraded(result)) return ungradedMarkdown(result);
  const blocks = [
    `## ${MARK[overallVerdict(result)]} ${escapeLine(result.lab)}: ${codeSpan(result.submission)}`,
    scoreLine(result),
    opts.scale ? `_${escapeLine(scaleText(result, opts.scale))}_` : '',
    result.interrupted ? `> ⚠️ ${escapeLine(interruptionText(result.interrupted))}` : '',
    clusterLine(result),
    checksTable(result.checks),
    whatToFix(result.checks),
    detailsSection(result.checks, opts.maxDiagnosticsChars ?? 20_000),
  ];
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

/** No score, no checks table: the reason, where a student looks first. */
function ungradedMarkdown(result: UngradedResult): string {
  const blocks = [
    `## ${MARK.error} ${escapeLine(result.lab)}: ${codeSpan(result.submission)}`,
    `**${escapeLine(notGradedText(result.error))}**`,
    result.interrupted ? `> ⚠️ ${escapeLine(interruptionText(result.interrupted))}` : '',
    clusterLine(result),
  ];
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

/** Several submissions: a summary table first, then each submission's report. */
export function renderMarkdownMany(results: readonly GradeResult[], opts: MarkdownOptions = {}): string {
  const labs = [...new Set(results.map((r) => r.lab))];
  const noun = results.length === 1 ? 'submission' : 'submissions';
  const header = `# ${escapeLine(labs.join(', ') || 'kube-lab-grader')}: ${results.length} ${noun}`;
  const rows = results.map((r) => {
    const name = `${MARK[overallVerdict(r)]} ${cellCodeSpan(r.submission)}`;
    if (isUngraded(r)) return `| ${name} | not graded | — | — | — | — | — |`;
    const n = countVerdicts(r.checks);
    const counts = [n.pass, n.fail, n.unverified, n.skip, n.error].join(' | ');
    return `| ${name} | ${formatPoints(r.score)} / ${formatPoints(r.maxScore)} | ${counts} |`;
  });
  const table = [
    '| Submission | Score | ✅ passed | ❌ failed | ❔ not verified | ⏭️ skipped | 💥 errors |',
    '|---|--:|--:|--:|--:|--:|--:|',
    ...rows,
  ].join('\n');
  const sections = results.map((r) => markdownOf(r, opts).trimEnd());
  return neutralizeCommands(`${[header, table, ...sections].join('\n\n')}\n`, HTML_ENCODING);
}

function scoreLine(result: GradedResult): string {
  const counts = verdictCountWords(countVerdicts(result.checks));
  return `**Score: ${formatPoints(result.score)} / ${formatPoints(result.maxScore)}** · ${counts.join(' · ')}`;
}

function clusterLine(result: GradeResult): string {
  const c = result.cluster;
  if (!c) return '';
  const parts = [`Cluster: ${escapeLine(c.kind)}`];
  if (c.kubernetes) parts.push(`Kubernetes ${escapeLine(c.kubernetes)}`);
  if (c.calico) parts.push(`Calico ${escapeLine(c.calico)}`);
  if (c.runtime) parts.push(`runtime ${escapeLine(c.runtime)}`);
  if (c.minikube) parts.push(`minikube ${escapeLine(c.minikube)}`);
  return parts.join(' · ');
}

function checksTable(checks: readonly CheckResult[]): string {
  if (checks.length === 0) return '_No checks ran._';
  const rows = checks.map((c) => {
    const verdict = verdictOf(c);
    const check = `**${escapeCell(c.title)}**<br>${cellCodeSpan(c.id)}`;
    const points = `${formatPoints(c.points)} / ${formatPoints(c.maxPoints)}`;
    const message = verdict === 'unverified' ? `not verified: ${c.message}` : c.message;
    return `| ${MARK[verdict]} | ${check} | ${points} | ${escapeCell(message)} |`;
  });
  return ['| | Check | Points | Result |', '|---|---|--:|---|', ...rows].join('\n');
}

function whatToFix(checks: readonly CheckResult[]): string {
  const problems = checks.filter((c) => c.status === 'fail' || c.status === 'error');
  if (problems.length === 0) return '';
  const items = problems.map((c) => {
    const lines = [
      `- ${MARK[c.status]} **${escapeLine(c.title)}** (${codeSpan(c.id)}): ${indent(escapeInline(c.message), '  ')}`,
    ];
    if (c.hint) lines.push(indent(escapeInline(c.hint), '  > ', true));
    return lines.join('\n');
  });
  return ['### What to fix', items.join('\n')].join('\n\n');
}

function detailsSection(checks: readonly CheckResult[], maxChars: number): string {
  const blocks = checks.flatMap((c) => {
    const showEvidence = c.evidence !== undefined && (c.status === 'fail' || c.status === 'error');
    if (!c.diagnostics && !showEvidence) return [];
    const body: string[] = [];
    if (c.diagnostics) body.push(preBlock(truncate(c.diagnostics, maxChars)));
    if (showEvidence) body.push(`Evidence:\n\n${preBlock(stringifyEvidence(c.evidence))}`);
    // The blank line after <summary> lets GitHub render the Markdown inside the HTML block.
    const summary = `<summary>${MARK[verdictOf(c)]} <code>${htmlText(c.id)}</code> ${htmlText(c.title)}</summary>`;
    return [`<details>${summary}\n\n${body.join('\n\n')}\n\n</details>`];
  });
  if (blocks.length === 0) return '';
  return ['### Details', ...blocks].join('\n\n');
}

/** Continuation lines of a list item / blockquote need the same prefix to stay inside it. */
function indent(text: string, prefix: string, firstLineToo = false): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 && !firstLineToo ? line : `${prefix}${line}`))
    .join('\n');
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}\n… ${text.length - maxChars} more characters (full text in junit.xml)`;
}
