import type { HeaderField } from './types.ts';

/**
 * The course header at the top of a report: `Lab: Lab4`, `### Lab: Lab4`, `**Lab:** 4`, `| Lab | 4 |`,
 * with trailing `\`, `<br>` or two-space hard breaks and `[text](url)` links in the value.
 */

/** Only the top of the report is searched: a `Group:` line deep in the prose is not the header. */
const HEADER_SEARCH_LINES = 150;
const MAX_LINE = 4096;

const FIELD_PATTERNS: readonly [HeaderField, string][] = [
  ['University', 'university'],
  ['Faculty', 'faculty'],
  ['Course', 'course'],
  ['Year', 'year'],
  ['Group', 'group'],
  ['Author', 'author'],
  ['Lab', 'lab'],
  ['Date of create', 'date\\s+of\\s+creat(?:e|ed|ion)'],
  ['Date of finished', 'date\\s+of\\s+finish(?:ed)?'],
];

const NAMES = FIELD_PATTERNS.map(([, p]) => `(${p})`).join('|');
const EMPH = '(?:\\*\\*|__|\\*|_)?';
// `Field: value` with optional heading marks, list bullet, blockquote and emphasis around the name.
const LINE_RE = new RegExp(
  `^\\s*(?:#{1,6}\\s+)?(?:>\\s*)?(?:[-*+]\\s+)?${EMPH}\\s*(?:${NAMES})\\s*${EMPH}\\s*[:：]\\s*${EMPH}(.*)$`,
  'i',
);
// `| Field | value |` table rows (the separator row never matches a field name).
const TABLE_RE = new RegExp(`^\\s*\\|?\\s*${EMPH}\\s*(?:${NAMES})\\s*[:：]?\\s*${EMPH}\\s*\\|(.*)$`, 'i');
const FENCE_RE = /^\s*(`{3,}|~{3,})/;

export function parseHeaderText(text: string): Partial<Record<HeaderField, string>> {
  const header: Partial<Record<HeaderField, string>> = {};
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fence: string | null = null;
  let found = 0;
  for (let n = 0; n < HEADER_SEARCH_LINES && start <= text.length; n++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    if (line.length > MAX_LINE) continue;
    const f = line.includes('``') || line.includes('~~') ? FENCE_RE.exec(line) : null;
    if (f) {
      const marker = f[1] as string;
      if (fence === null) {
        // a ```span``` on one line is inline code, not a fence
        if (!(marker[0] === '`' && line.indexOf('`', line.indexOf(marker) + marker.length) !== -1))
          fence = marker;
      } else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
        fence = null;
      }
      continue;
    }
    if (fence !== null || !(line.includes(':') || line.includes('|') || line.includes('：'))) continue;
    const plain = LINE_RE.exec(line);
    const m = plain ?? TABLE_RE.exec(line);
    if (!m) continue;
    const index = m.findIndex((g, i) => i > 0 && i <= FIELD_PATTERNS.length && g !== undefined);
    const field = FIELD_PATTERNS[index - 1]?.[0];
    if (!field || header[field] !== undefined) continue;
    const raw = m[FIELD_PATTERNS.length + 1] ?? '';
    header[field] = cleanValue(plain ? raw : tableCell(raw));
    if (++found === FIELD_PATTERNS.length) break;
  }
  return header;
}

function tableCell(rest: string): string {
  const bar = rest.indexOf('|');
  return bar === -1 ? rest : rest.slice(0, bar);
}

/** Removes markdown decoration from a header value; an absent value stays ''. */
export function cleanValue(raw: string): string {
  let v = raw.trim();
  v = v.replace(/<br\s*\/?>/gi, ' ');
  v = v.replace(/\\+$/, '');
  v = v.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
  v = v.replace(/^\[([^\]]*)\]$/, '$1');
  v = v.trim();
  v = v.replace(/^(\*\*|__)(.*)\1$/, '$2').replace(/^(\*\*|__)/, '');
  return v.trim();
}

/** The lab number named by a `Lab:` value (`Lab4`, `4`, `Lab 4`, `№4`), if any. */
export function labNumber(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /(\d+)/.exec(value);
  return m ? Number(m[1]) : undefined;
}

export function headerFieldCount(header: Partial<Record<HeaderField, string>>): number {
  return Object.keys(header).length;
}
