import { escapeCell } from '../report/markdown-text.ts';
import { HTML_ENCODING, neutralizeCommands } from '../report/safe-text.ts';
import { formatPoints } from '../report/tally.ts';
import type { MatrixCell, MatrixDocument } from './model.ts';

/*
 * matrix.md: Calico down, Kubernetes across, one table per minikube release asked for. Cell text that
 * comes from the cluster or the submission (errors, check ids) is escaped as table-cell text
 * (report/markdown-text.ts escapeCell, on report/safe-text.ts escapeControls), and the whole output
 * can carry no workflow command (safe-text.ts neutralizeCommands): it goes to $GITHUB_STEP_SUMMARY.
 */

/** Longest first error shown in a cell (matrix.json and the cell's reports have all of it). */
export const MAX_CELL_ERROR = 300;

export function renderMatrixMarkdown(doc: MatrixDocument): string {
  const pass = doc.cells.filter((c) => c.status === 'pass').length;
  const lines = [
    '# Calico × Kubernetes matrix',
    '',
    `Submission ${escapeCell(doc.submission)} on ${doc.cluster === 'sim' ? 'the emulated cluster (sim)' : 'minikube'}: ` +
      `${pass} of ${doc.cells.length} cell(s) at full marks.`,
    '',
  ];
  const sections = doc.minikube.length > 0 ? doc.minikube : [undefined];
  for (const release of sections) {
    if (release) lines.push(`## minikube ${escapeCell(release)}`, '');
    lines.push(
      `| Calico \\ Kubernetes | ${doc.kubernetes.map(escapeCell).join(' | ')} |`,
      `| --- |${' --- |'.repeat(doc.kubernetes.length)}`,
    );
    for (const calico of doc.calico) {
      const cells = doc.kubernetes.map((kubernetes) => {
        const cell = doc.cells.find(
          (c) =>
            c.versions.calico === calico &&
            c.versions.kubernetes === kubernetes &&
            c.versions.minikube === release,
        );
        return cell ? cellText(cell) : '—';
      });
      lines.push(`| ${escapeCell(calico)} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push(
    '✅ full marks · ❌ short of them (failing checks) · ⛔ does not install (first error) · ⚠️ not graded. ' +
      `Each cell's reports: \`${doc.minikube.length > 1 ? 'minikube-<minikube>/' : ''}<calico>_<kubernetes>/\`.`,
  );
  return neutralizeCommands(`${lines.join('\n')}\n`, HTML_ENCODING);
}

/**
 * One cell's text: escaped for the table by default; a progress line (plain text through the output
 * helper) passes `escapeText` as the identity.
 */
export function cellText(cell: MatrixCell, escapeText: (text: string) => string = escapeCell): string {
  const score =
    cell.score !== null && cell.maxScore !== null
      ? `${formatPoints(cell.score)}/${formatPoints(cell.maxScore)}`
      : '';
  switch (cell.status) {
    case 'pass':
      return `✅ ${score}`;
    case 'fail':
      return `❌ ${score}: ${cell.failing.map(escapeText).join(', ')}`;
    case 'no-install':
      return `⛔ does not install: ${escapeText(shortError(cell.firstError))}`;
    case 'error':
      return `⚠️ not graded: ${escapeText(shortError(cell.firstError))}`;
  }
}

/**
 * The first line of an error, cut to MAX_CELL_ERROR characters. A minikube failure that quotes its
 * command's output (`…; its output: error: … no matches for kind …`, cluster/errors.ts) shows that
 * output: it is the real first error, and the command line before it would fill the cell.
 */
export function shortError(error: string | null): string {
  let line = (error ?? 'unknown error').split('\n')[0] ?? '';
  const quoted =
    /^([\w-]+): .*?; its output: (.*?)(?:; (?:this minikube|minikube suggests|see |hint: ).*)?$/.exec(line);
  if (quoted) line = `${quoted[1]}: ${quoted[2]}`;
  return line.length > MAX_CELL_ERROR ? `${line.slice(0, MAX_CELL_ERROR - 1)}…` : line;
}
