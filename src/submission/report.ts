import { toReportCommands } from './commands.ts';
import { headerFieldCount, labNumber, parseHeaderText } from './header.ts';
import { scanMarkdown } from './markdown.ts';
import { type BlockStyle, createShellState, parseShellBlock, styleForLang } from './shell.ts';
import type { HeaderField, ReportInfo, ShellCommand } from './types.ts';

export { parseHeaderText } from './header.ts';

/** A report needs this many course-header fields to be recognised by its header. */
const MIN_HEADER_FIELDS = 3;

/** Reads a report: its course header, code blocks, shell commands and the commands the grader knows. */
export function parseReport(
  file: string,
  text: string,
  header: Partial<Record<HeaderField, string>> = parseHeaderText(text),
): ReportInfo {
  const items = scanMarkdown(text);
  const state = createShellState();
  const shell: ShellCommand[] = [];
  const codeBlocks: ReportInfo['codeBlocks'] = [];
  for (const item of items) {
    if (item.type === 'block') {
      const b = item.block;
      codeBlocks.push(b);
      const style: BlockStyle = b.indented ? 'loose' : styleForLang(b.lang);
      shell.push(...parseShellBlock({ style, text: b.text, firstLine: b.line + 1 }, file, state));
    } else {
      // a code span, or a paragraph line that is a command (prose): read only if it is one
      const style: BlockStyle = item.type === 'span' ? 'loose' : 'prose';
      shell.push(...parseShellBlock({ style, text: item.text, firstLine: item.line }, file, state));
    }
  }
  return { file, header, shell, commands: toReportCommands(shell), codeBlocks };
}

export interface MarkdownCandidate {
  /** Relative path, `/`-separated. */
  path: string;
  text: string;
  size: number;
}

export interface ReportChoice {
  path: string;
  reason: string;
  header: Partial<Record<HeaderField, string>>;
}

/**
 * Which Markdown file is the report: the one with the course header (most fields, naming Lab 4 first,
 * then the shallowest, then the largest), else README.md, else the largest .md.
 */
export function chooseReport(candidates: readonly MarkdownCandidate[]): ReportChoice | undefined {
  if (candidates.length === 0) return undefined;
  const scored = candidates.map((c) => {
    const header = parseHeaderText(c.text);
    return {
      c,
      header,
      fields: headerFieldCount(header),
      lab4: labNumber(header.Lab) === 4,
      depth: depth(c.path),
    };
  });
  const withHeader = scored
    .filter((s) => s.fields >= MIN_HEADER_FIELDS)
    .sort(
      (a, b) =>
        Number(b.lab4) - Number(a.lab4) ||
        b.fields - a.fields ||
        a.depth - b.depth ||
        b.c.size - a.c.size ||
        compare(a.c.path, b.c.path),
    );
  const best = withHeader[0];
  if (best) {
    return {
      path: best.c.path,
      reason: `it has the course header (${best.fields} of 9 fields)`,
      header: best.header,
    };
  }
  const readme = scored
    .filter((s) => /(?:^|\/)readme\.(?:md|markdown)$/i.test(s.c.path))
    .sort((a, b) => a.depth - b.depth || compare(a.c.path, b.c.path))[0];
  if (readme)
    return {
      path: readme.c.path,
      reason: 'no Markdown file has the course header; README',
      header: readme.header,
    };
  const largest = [...scored].sort((a, b) => b.c.size - a.c.size || compare(a.c.path, b.c.path))[0];
  if (!largest) return undefined;
  return {
    path: largest.c.path,
    reason: 'no Markdown file has the course header and there is no README; the largest .md',
    header: largest.header,
  };
}

function depth(p: string): number {
  let n = 0;
  for (const ch of p) if (ch === '/') n++;
  return n;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
