/**
 * Output safety for text a student controls (file names, pool names, labels, report header fields,
 * quoted YAML, error messages that quote them). Every writer uses these two steps:
 *
 * 1. `escapeControls` on each student-controlled field: C0/C1 controls, DEL, bidi controls and the
 *    Unicode line/paragraph separators become visible escapes (`\n`, `\x1b`, `\u202e`), so text cannot
 *    drive a terminal, reorder what a reader sees, or start a new line where the writer did not.
 * 2. `neutralizeCommands` on the writer's whole output: the GitHub Actions runner runs any printed
 *    line that starts with `::` after leading whitespace (v2 workflow commands) and any line that
 *    contains `##[` (legacy commands), see docs/reference-facts.md, github-actions. The first `:` of a
 *    line-start `::` and the `[` of `##[` are replaced by an encoding of the format, lossless where
 *    the format allows: `&#58;`/`&#91;` in Markdown and XML, `\u003a`/`\u005b` in JSON strings, and
 *    the visible escapes `\x3a`/`\x5b` in plain text.
 *
 * `writeOut` (./output.ts) repeats step 2 in plain text on everything the CLI prints, as a last guard.
 * Workflow commands the grader does mean to emit (annotations) go through `writeWorkflowCommands`.
 */

/** What replaces the first `:` of a line-start `::` and the `[` of `##[`. */
export interface CommandEncoding {
  colon: string;
  bracket: string;
}

/** Console and stderr: visible, in the style of the control escapes. */
export const PLAIN_ENCODING: CommandEncoding = { colon: '\\x3a', bracket: '\\x5b' };
/** Markdown text and HTML, XML text and attributes: character references render the original text. */
export const HTML_ENCODING: CommandEncoding = { colon: '&#58;', bracket: '&#91;' };
/** Inside JSON strings (the only place `##[` can be in JSON text): JSON.parse gives the original text. */
export const JSON_ENCODING: CommandEncoding = { colon: '\\u003a', bracket: '\\u005b' };

// C0 but tab, DEL, C1, the Arabic letter mark, LRM/RLM, bidi embeddings/overrides/isolates, LS/PS.
const CONTROLS = /[\0-\x08\n-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const CONTROLS_BUT_LF = /[\0-\x08\v-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

export interface EscapeOptions {
  /**
   * `escape` (default): the text becomes one line (`\n` shown as `\n`). `keep`: line breaks stay,
   * CRLF and lone CR becoming LF (the runner also breaks lines at a lone CR).
   */
  newlines?: 'escape' | 'keep';
}

/** Control, bidi and separator characters as visible escapes; tabs and all other text unchanged. */
export function escapeControls(text: string, opts: EscapeOptions = {}): string {
  const keep = opts.newlines === 'keep';
  const source = keep ? text.replace(/\r\n?/g, '\n') : text;
  return source.replace(keep ? CONTROLS_BUT_LF : CONTROLS, visibleEscape);
}

function visibleEscape(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/**
 * The text with no line that the runner would read as a workflow command. `encoding` may depend on
 * the offset of the replaced character (XML: inside or outside a CDATA section).
 */
export function neutralizeCommands(
  text: string,
  encoding: CommandEncoding | ((offset: number) => CommandEncoding) = PLAIN_ENCODING,
): string {
  const at = typeof encoding === 'function' ? encoding : () => encoding;
  let out = '';
  let copied = 0;
  let lineStart = true;
  // One left-to-right scan (a regex with a leading-whitespace group would be quadratic on long blank runs).
  for (let i = 0; i < text.length; ) {
    if (lineStart) {
      lineStart = false;
      i = skipLeading(text, i);
      if (text.startsWith('::', i)) {
        out += text.slice(copied, i) + at(i).colon;
        copied = i + 1;
        i += 2;
      }
      continue;
    }
    const ch = text[i];
    if (ch === '\n' || ch === '\r') {
      lineStart = true;
      i += 1;
    } else if (ch === '#' && text.startsWith('##[', i)) {
      out += text.slice(copied, i + 2) + at(i + 2).bracket;
      copied = i + 3;
      i += 3;
    } else i += 1;
  }
  return out + text.slice(copied);
}

/**
 * Serialized JSON made as safe, losslessly: what escapeControls escapes becomes a JSON `\uXXXX` escape
 * and `##[` becomes `##\u005b`, so JSON.parse gives the same value. Such characters can only be inside
 * strings (JSON.stringify escapes C0 itself; its indentation is spaces and LF, which stay).
 */
export function safeJson(json: string): string {
  const escaped = json.replace(CONTROLS_BUT_LF, (ch) => `\\u${hex(ch.charCodeAt(0), 4)}`);
  return neutralizeCommands(escaped, JSON_ENCODING);
}

/** Escaped controls and neutralized commands: for plain text (stderr messages, console fields). */
export function safeText(text: string, opts: EscapeOptions = {}): string {
  return neutralizeCommands(escapeControls(text, opts));
}

/** The lines of `text` the runner would act on: empty for safe output (the tests' oracle). */
export function unsafeLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => {
    const start = skipLeading(line, 0);
    return line.startsWith('::', start) || line.includes('##[');
  });
}

// The runner's TrimStart() skips Unicode whitespace (U+0085 included, which JS's \s is not); colour
// codes before the text are skipped too, in case a log viewer strips them before anyone reads the line.
const WHITESPACE = /[\s\u0085]/;
const ANSI_CSI = /^\x1b\[[0-?]*[ -/]*[@-~]/;

function skipLeading(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (WHITESPACE.test(text[i] as string)) i += 1;
    else if (text[i] === '\x1b') {
      const csi = ANSI_CSI.exec(text.slice(i, i + 64));
      if (!csi) break;
      i += csi[0].length;
    } else break;
  }
  return i;
}

/** The first line of a message (a one-line summary of a multi-line error). */
export function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
