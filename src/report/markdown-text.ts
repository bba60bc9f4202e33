/**
 * Escaping for GitHub-flavoured Markdown. Messages and hints are plain text, except that `code spans`
 * written by check authors are kept (they are how hints show commands).
 */

const CODE_SPAN = /(`[^`\n]+`)/;

/** Plain text for a paragraph or list item: Markdown and HTML metacharacters render literally. */
export function escapeInline(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(CODE_SPAN)
    .map((part, i) => (i % 2 === 1 ? part : escapePlain(part)))
    .join('');
}

function escapePlain(text: string): string {
  return text
    .replace(/[\\*_[\]]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text for one table cell: also `|` (GFM needs `\|` even inside code spans) and newlines. */
export function escapeCell(text: string): string {
  return escapeInline(text).replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

/** A code span that survives any backticks in the text (newlines become spaces, as Markdown would). */
export function codeSpan(text: string): string {
  const oneLine = text.replace(/\r?\n|\r/g, ' ');
  const fence = '`'.repeat(longestBacktickRun(oneLine) + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** A code span inside a table cell. */
export function cellCodeSpan(text: string): string {
  return codeSpan(text).replace(/\|/g, '\\|');
}

/** A fenced block that no line of the text can close early. */
export function fencedBlock(text: string, lang = ''): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${lang}\n${text.replace(/\r\n?/g, '\n').replace(/\n$/, '')}\n${fence}`;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (const ch of text) {
    run = ch === '`' ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
