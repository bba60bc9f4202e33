/**
 * The code in a Markdown report, in document order: fenced blocks (``` and ~~~, any indentation,
 * unclosed ones run to the end), 4-space indented blocks after a blank line, inline code spans
 * (including one-line ```spans```), and paragraph or list lines that are themselves a command.
 * Only what the grader needs; not a CommonMark parser.
 */
import { isProseCommand, matchPrompt } from './shell.ts';

export interface CodeBlock {
  lang: string;
  text: string;
  /** Line of the opening fence; for an indented block, the line before its first line. */
  line: number;
  indented?: boolean;
}

export type CodeItem =
  | { type: 'block'; block: CodeBlock }
  /** An inline `code` span; `line` is its own line. */
  | { type: 'span'; text: string; line: number }
  /**
   * A paragraph line or list item that is a command (`kubectl delete ippools default-ipv4-ippool␣␣`),
   * its Markdown removed; the line's code spans are not reported separately.
   */
  | { type: 'prose'; text: string; line: number };

const MAX_LINE = 4096;
const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})(.*)$/;
/** Program names that, written right after an opening fence (```kubectl get pods), start the code. */
const COMMAND_INFO = /^(?:\$\s*)?(?:kubectl|minikube|calicoctl|sudo)\s/;

export function scanMarkdown(source: string): CodeItem[] {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lines = text.split('\n');
  const items: CodeItem[] = [];
  let fence: { marker: string; indent: number; lang: string; line: number; body: string[] } | undefined;
  let indented: { line: number; body: string[] } | undefined;
  let prevBlank = true;

  const flushIndented = () => {
    if (!indented) return;
    while (indented.body.length > 0 && indented.body.at(-1)?.trim() === '') indented.body.pop();
    items.push({
      type: 'block',
      block: { lang: '', text: indented.body.join('\n'), line: indented.line, indented: true },
    });
    indented = undefined;
  };

  for (let idx = 0; idx < lines.length; idx++) {
    let line = lines[idx] as string;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const lineNo = idx + 1;
    if (fence) {
      const trimmed = line.trim();
      if (
        trimmed.length >= fence.marker.length &&
        trimmed[0] === fence.marker[0] &&
        /^(?:`+|~+)$/.test(trimmed)
      ) {
        items.push({
          type: 'block',
          block: { lang: fence.lang, text: fence.body.join('\n'), line: fence.line },
        });
        fence = undefined;
        prevBlank = true;
        continue;
      }
      fence.body.push(line.length > MAX_LINE ? '' : stripIndent(line, fence.indent));
      continue;
    }
    if (line.length > MAX_LINE) {
      flushIndented();
      prevBlank = false;
      continue;
    }
    const open = line.includes('```') || line.includes('~~~') ? FENCE_OPEN.exec(line) : null;
    if (open) {
      const marker = open[2] as string;
      const info = (open[3] as string).trim();
      // backtick fences cannot have backticks in their info string: ```this``` is an inline span
      if (!(marker[0] === '`' && info.includes('`'))) {
        flushIndented();
        const startsWithCommand = COMMAND_INFO.test(info);
        fence = {
          marker,
          indent: (open[1] as string).length,
          lang: startsWithCommand ? '' : normalizeLang(info),
          line: lineNo,
          body: startsWithCommand ? [info] : [],
        };
        continue;
      }
    }
    const blank = line.trim() === '';
    if (!blank && /^(?: {4}|\t| {0,3}\t)/.test(line) && (indented || prevBlank)) {
      indented ??= { line: lineNo - 1, body: [] };
      indented.body.push(line.replace(/^(?: {4}| {0,3}\t)/, ''));
      continue;
    }
    if (indented && blank) {
      indented.body.push('');
      continue;
    }
    flushIndented();
    if (!blank) {
      const prose = proseCommandLine(line);
      if (prose !== undefined) items.push({ type: 'prose', text: prose, line: lineNo });
      else for (const span of inlineSpans(line)) items.push({ type: 'span', text: span, line: lineNo });
    }
    prevBlank = blank;
  }
  if (fence) {
    while (fence.body.at(-1) === '') fence.body.pop();
    items.push({ type: 'block', block: { lang: fence.lang, text: fence.body.join('\n'), line: fence.line } });
  }
  flushIndented();
  return items;
}

function stripIndent(line: string, indent: number): string {
  let k = 0;
  while (k < indent && line[k] === ' ') k++;
  return line.slice(k);
}

/** `bash`, `{.bash}`, `bash title="x"`, `Bash` → `bash`. */
export function normalizeLang(info: string): string {
  const first = info.split(/\s+/)[0] ?? '';
  return first
    .replace(/^\{\.?/, '')
    .replace(/\}$/, '')
    .replace(/[,;]+$/, '')
    .toLowerCase();
}

/** Inline code spans of one line: a run of N backticks up to the next run of exactly N. */
export function inlineSpans(line: string): string[] {
  const out: string[] = [];
  let i = line.indexOf('`');
  while (i !== -1 && i < line.length) {
    let n = 0;
    while (line[i + n] === '`') n++;
    let j = line.indexOf('`', i + n);
    let close = -1;
    while (j !== -1) {
      let m = 0;
      while (line[j + m] === '`') m++;
      if (m === n) {
        close = j;
        break;
      }
      j = line.indexOf('`', j + m);
    }
    if (close === -1) {
      i = line.indexOf('`', i + n);
      // the unmatched run is literal text; a later run may still open a span
      continue;
    }
    const content = line.slice(i + n, close).trim();
    if (content) out.push(content);
    i = line.indexOf('`', close + n);
  }
  return out;
}

/** Cheap test first: a prose line can only be a command if it names one of the lab's programs. */
const MAY_BE_COMMAND = /kubectl|minikube|calicoctl|sudo/i;
const HEADING = /^#{1,6}(?:\s|$)/;
/** `- `, `* `, `1. `, `1) `, also `1.kubectl` as students write it, and a task box `[x] `. */
const LIST_MARKER = /^(?:[-*+][ \t]+|\d{1,9}[.)][ \t]*)+(?:\[[ xX]\][ \t]+)?/;
/** `Command: kubectl …`, `Команда: …`: a label before the command. */
const LABEL = /^(?:commands?|cmd|команд[аы])\s*:\s*/i;
/** Emphasis delimiters opening or closing a word (`**kubectl get pods**`, `_minikube start_`). */
const EMPHASIS_OPEN = /(^|\s)(?:\*{1,3}|_{1,3}|~~)(?=\S)/g;
const EMPHASIS_CLOSE = /(\S)(?:\*{1,3}|_{1,3}|~~)(?=[\s.:]|$)/g;
/** Backslash escapes Markdown editors add (`ip\_pool.yaml`); not `\>` of `C:\>`, nor `\` of a path. */
const ESCAPED = /\\([_*[\]#`~|])/g;

/**
 * The command on a paragraph line or list item, with its Markdown removed: quote and list markers,
 * a `Command:` label, the hard line break (two trailing spaces, a trailing `\`, `<br>`), emphasis,
 * links, backticks of code spans inside it and a sentence's final `.` or `:`. Undefined when the line
 * is not a command (`isProseCommand`), or is wholly code spans (read as spans), a heading, a table row
 * or HTML.
 */
export function proseCommandLine(line: string): string | undefined {
  if (!MAY_BE_COMMAND.test(line)) return undefined;
  let s = line.replace(/\u00a0/g, ' ').trim();
  s = s.replace(/^(?:>[ \t]?)+/, '').replace(LIST_MARKER, '');
  if (s === '' || HEADING.test(s) || s[0] === '|' || s[0] === '<') return undefined;
  s = s
    .replace(/(?:\s*<br\s*\/?>)+$/i, '')
    .replace(/\\$/, '')
    .trimEnd()
    // an image's alt text is a caption, never a command; a link keeps its text (`-f [p.yaml](p.yaml)`)
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/^\[[^\]]*\]\([^)]*\)$/, '')
    .replace(/\[([^\]]*)\]\([^)\s]*\)/g, '$1')
    .replace(EMPHASIS_OPEN, '$1')
    .replace(EMPHASIS_CLOSE, '$1')
    .replace(LABEL, '')
    .trim();
  // wholly code spans: the spans are read on their own
  if (s === '' || (s.startsWith('`') && s.endsWith('`'))) return undefined;
  s = s.replace(/`+/g, '').replace(ESCAPED, '$1').trim();
  // a sentence's full stop or colon, not `-f .`
  s = s.replace(/(\S)[.:]$/, '$1');
  const prompt = matchPrompt(s);
  const body = prompt ? prompt.rest.trim() : s;
  return isProseCommand(body, prompt?.windows === true) ? s : undefined;
}
