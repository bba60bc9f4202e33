import type { CheckResult, CheckStatus } from '../checks/types.ts';
import { stringifyEvidence } from './evidence.ts';
import { cellCodeSpan, codeSpan, escapeCell, escapeInline, fencedBlock } from './markdown-text.ts';
import { ExitCode, exitCodeFor, type GradeResult } from './model.ts';
import { countStatuses, formatPoints } from './tally.ts';

export interface MarkdownOptions {
  /**
   * Longest diagnostics text shown per check; GitHub caps a step summary at 1 MiB.
   * @default 20000
   */
  maxDiagnosticsChars?: number;
}

const STATUS_MARK: Record<CheckStatus, string> = { pass: '✅', fail: '❌', skip: '⏭️', error: '💥' };

/** One submission as Markdown, suitable for `$GITHUB_STEP_SUMMARY`. */
export function renderMarkdown(result: GradeResult, opts: MarkdownOptions = {}): string {
  const blocks = [
    `## ${overallMark(result)} ${escapeInline(result.lab)}: ${codeSpan(result.submission)}`,
    scoreLine(result),
    clusterLine(result),
    checksTable(result.checks),
    whatToFix(result.checks),
    detailsSection(result.checks, opts.maxDiagnosticsChars ?? 20_000),
  ];
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

/** Several submissions: a summary table first, then each submission's report. */
export function renderMarkdownMany(results: readonly GradeResult[], opts: MarkdownOptions = {}): string {
  const labs = [...new Set(results.map((r) => r.lab))];
  const noun = results.length === 1 ? 'submission' : 'submissions';
  const header = `# ${escapeInline(labs.join(', ') || 'kube-lab-grader')}: ${results.length} ${noun}`;
  const rows = results.map((r) => {
    const n = countStatuses(r.checks);
    const name = `${overallMark(r)} ${cellCodeSpan(r.submission)}`;
    return `| ${name} | ${formatPoints(r.score)} / ${formatPoints(r.maxScore)} | ${n.pass} | ${n.fail} | ${n.skip} | ${n.error} |`;
  });
  const table = [
    '| Submission | Score | ✅ passed | ❌ failed | ⏭️ skipped | 💥 errors |',
    '|---|--:|--:|--:|--:|--:|',
    ...rows,
  ].join('\n');
  const sections = results.map((r) => renderMarkdown(r, opts).trimEnd());
  return `${[header, table, ...sections].join('\n\n')}\n`;
}

function overallMark(result: GradeResult): string {
  const code = exitCodeFor(result);
  if (code === ExitCode.ok) return '✅';
  return code === ExitCode.checkFailed ? '❌' : '💥';
}

function scoreLine(result: GradeResult): string {
  const n = countStatuses(result.checks);
  const counts = [
    `${n.pass} passed`,
    `${n.fail} failed`,
    `${n.skip} skipped`,
    `${n.error} ${n.error === 1 ? 'error' : 'errors'}`,
  ];
  return `**Score: ${formatPoints(result.score)} / ${formatPoints(result.maxScore)}** · ${counts.join(' · ')}`;
}

function clusterLine(result: GradeResult): string {
  const c = result.cluster;
  if (!c) return '';
  const parts = [`Cluster: ${escapeInline(c.kind)}`];
  if (c.kubernetes) parts.push(`Kubernetes ${escapeInline(c.kubernetes)}`);
  if (c.calico) parts.push(`Calico ${escapeInline(c.calico)}`);
  if (c.runtime) parts.push(`runtime ${escapeInline(c.runtime)}`);
  if (c.minikube) parts.push(`minikube ${escapeInline(c.minikube)}`);
  return parts.join(' · ');
}

function checksTable(checks: readonly CheckResult[]): string {
  if (checks.length === 0) return '_No checks ran._';
  const rows = checks.map((c) => {
    const check = `**${escapeCell(c.title)}**<br>${cellCodeSpan(c.id)}`;
    const points = `${formatPoints(c.points)} / ${formatPoints(c.maxPoints)}`;
    return `| ${STATUS_MARK[c.status]} | ${check} | ${points} | ${escapeCell(c.message)} |`;
  });
  return ['| | Check | Points | Result |', '|---|---|--:|---|', ...rows].join('\n');
}

function whatToFix(checks: readonly CheckResult[]): string {
  const problems = checks.filter((c) => c.status === 'fail' || c.status === 'error');
  if (problems.length === 0) return '';
  const items = problems.map((c) => {
    const lines = [
      `- ${STATUS_MARK[c.status]} **${escapeInline(c.title)}** (${codeSpan(c.id)}): ${indent(escapeInline(c.message), '  ')}`,
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
    if (c.diagnostics) body.push(fencedBlock(truncate(c.diagnostics, maxChars), 'text'));
    if (showEvidence) body.push(`Evidence:\n\n${fencedBlock(stringifyEvidence(c.evidence), 'json')}`);
    // The blank line after <summary> lets GitHub render the Markdown inside the HTML block.
    const summary = `<summary>${STATUS_MARK[c.status]} <code>${escapeHtml(c.id)}</code> ${escapeHtml(c.title)}</summary>`;
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

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
