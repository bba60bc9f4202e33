import { escapeControls } from './safe-text.ts';

/**
 * Escaping for GitHub-flavoured Markdown (`$GITHUB_STEP_SUMMARY`). Messages and hints are plain text,
 * except that `code spans` written by check authors are kept (they are how hints show commands).
 * Student text must neither render as HTML nor mention anyone: `<`, `>` and `&` become references
 * everywhere (code included: a span that needs them is written as `<code>`, a block as `<pre>`), and
 * an `@` in text is followed by a zero-width space (`@&#8203;`), which GitHub does not link.
 */

const CODE_SPAN = /(`[^`\n]+`)/;
// A backtick span shows its content literally: content that would need a reference goes in <code>.
const NEEDS_HTML_CODE = /[<>&]|##\[/;

/** Plain text for a paragraph or list item: Markdown and HTML metacharacters render literally. */
export function escapeInline(text: string): string {
  return escapeControls(text, { newlines: 'keep' })
    .split(CODE_SPAN)
    .map((part, i) => (i % 2 === 1 ? codeSpan(part.slice(1, -1)) : escapeText(part)))
    .join('');
}

/** Inline text that must stay on its line (a heading, a bold title): line breaks shown as `\n`. */
export function escapeLine(text: string): string {
  return escapeInline(escapeControls(text));
}

/** Text for one table cell: also `|` (GFM needs `\|` even inside code spans) and newlines. */
export function escapeCell(text: string): string {
  return escapeInline(text).replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

/** Inline code that survives any backticks, markup or line breaks in the text (shown as `\n`). */
export function codeSpan(text: string): string {
  const oneLine = escapeControls(text);
  if (NEEDS_HTML_CODE.test(oneLine)) return `<code>${escapeMarkdown(escapeHtml(oneLine))}</code>`;
  const fence = '`'.repeat(longestBacktickRun(oneLine) + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** A code span inside a table cell. */
export function cellCodeSpan(text: string): string {
  return codeSpan(text).replace(/\|/g, '\\|');
}

/**
 * A preformatted block as HTML (`<pre>` is a raw HTML block in GFM: no Markdown inside, references
 * decoded), so the text cannot end it early and its markup characters can be escaped.
 */
export function preBlock(text: string): string {
  return `<pre>${escapeHtml(escapeControls(text, { newlines: 'keep' }).replace(/\n$/, ''))}</pre>`;
}

/** One-line text inside raw HTML (a `<summary>`): no Markdown is parsed there. */
export function htmlText(text: string): string {
  return escapeHtml(escapeControls(text)).replace(/@/g, '@&#8203;');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(text: string): string {
  return escapeMarkdown(escapeHtml(text)).replace(/@/g, '@&#8203;');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]]/g, (c) => `\\${c}`);
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
