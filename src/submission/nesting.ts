/**
 * How deeply a manifest nests, measured on the raw text before any parser sees it: a file of 20 000
 * `[` (40 KB) overflows the YAML library's recursive composer and takes it most of a second, so such a
 * file is rejected up front with its position.
 */

export interface TooDeep {
  /** 1-based position where the nesting first exceeds the limit. */
  line: number;
  col: number;
}

const Ch = {
  Tab: 9,
  Lf: 10,
  Cr: 13,
  Space: 32,
  DQuote: 34,
  Hash: 35,
  SQuote: 39,
  Comma: 44,
  Dash: 45,
  Colon: 58,
  Gt: 62,
  Question: 63,
  LBracket: 91,
  Backslash: 92,
  RBracket: 93,
  LBrace: 123,
  Pipe: 124,
  RBrace: 125,
} as const;

/** JSON: exact (brackets and braces outside strings). */
export function jsonTooDeep(text: string, max: number): TooDeep | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === Ch.Lf) {
      line++;
      lineStart = i + 1;
      continue;
    }
    if (inString) {
      if (c === Ch.Backslash) i++;
      else if (c === Ch.DQuote) inString = false;
      continue;
    }
    if (c === Ch.DQuote) inString = true;
    else if (c === Ch.LBracket || c === Ch.LBrace) {
      if (++depth > max) return { line, col: i - lineStart + 1 };
    } else if ((c === Ch.RBracket || c === Ch.RBrace) && depth > 0) depth--;
  }
  return undefined;
}

const isBlank = (c: number) => c === Ch.Space || c === Ch.Tab || c === Ch.Cr;

/**
 * YAML: an upper bound that is close for real manifests — open block levels (by indentation) plus
 * open flow collections plus compact nodes on the line (`- - x`, `- key:`, `? `). Block scalars (`|`,
 * `>`) and quoted scalars are skipped, so brackets in text do not count.
 */
export function yamlTooDeep(text: string, max: number): TooDeep | undefined {
  const indents: number[] = [];
  let flow = 0;
  let quote = 0;
  /** Indentation of the line that opened a block scalar; -1 when not inside one. */
  let scalarParent = -1;
  let line = 0;
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const start = pos;
    pos = end + 1;
    line++;
    let i = start;
    while (i < end && text.charCodeAt(i) === Ch.Space) i++;
    const indent = i - start;
    let first = i;
    while (first < end && isBlank(text.charCodeAt(first))) first++;
    if (quote === 0 && (first >= end || text.charCodeAt(first) === Ch.Hash)) continue;
    if (scalarParent >= 0) {
      if (indent > scalarParent) continue;
      scalarParent = -1;
    }
    if (flow === 0 && quote === 0) {
      while (indents.length > 0 && (indents.at(-1) as number) >= indent) indents.pop();
      indents.push(indent);
      if (indents.length > max) return { line, col: indent + 1 };
    }
    let compact = 0;
    let nodeStart = quote === 0;
    for (let j = i; j < end; j++) {
      const c = text.charCodeAt(j);
      if (quote !== 0) {
        if (quote === Ch.DQuote && c === Ch.Backslash) j++;
        else if (c === quote) quote = 0;
        continue;
      }
      if (isBlank(c)) continue;
      const next = j + 1 < end ? text.charCodeAt(j + 1) : Ch.Space;
      if (c === Ch.Hash && (j === start || isBlank(text.charCodeAt(j - 1)))) break;
      if (nodeStart && (c === Ch.DQuote || c === Ch.SQuote)) {
        quote = c;
        nodeStart = false;
      } else if (nodeStart && (c === Ch.Dash || c === Ch.Question) && isBlank(next)) {
        if (indents.length + flow + ++compact > max) return { line, col: j - start + 1 };
      } else if (c === Ch.LBracket || c === Ch.LBrace) {
        if (indents.length + ++flow + compact > max) return { line, col: j - start + 1 };
        nodeStart = true;
      } else if (c === Ch.RBracket || c === Ch.RBrace) {
        if (flow > 0) flow--;
        nodeStart = false;
      } else if (c === Ch.Comma && flow > 0) {
        nodeStart = true;
      } else if (c === Ch.Colon && (isBlank(next) || flow > 0)) {
        nodeStart = true;
      } else if (nodeStart && flow === 0 && (c === Ch.Pipe || c === Ch.Gt)) {
        scalarParent = indent;
        break;
      } else {
        nodeStart = false;
      }
    }
  }
  return undefined;
}
