/**
 * Tokenizer for Calico selectors, a port of libcalico-go/lib/selector/tokenizer/tokenizer.go at v3.28.1
 * (see docs/reference-facts.md, calico-selector). Hand-written scanning instead of Calico's regexes so a
 * typical selector tokenizes in a few microseconds; the accepted language and the error texts are the same.
 */

/** Token kinds, numbered exactly like Calico's `tokenKind` iota: Calico prints tokens as `{<kind> <value>}`. */
export const TokenKind = {
  None: 0,
  Label: 1,
  StringLiteral: 2,
  LBrace: 3,
  RBrace: 4,
  Comma: 5,
  Eq: 6,
  Ne: 7,
  In: 8,
  Not: 9,
  NotIn: 10,
  Contains: 11,
  StartsWith: 12,
  EndsWith: 13,
  All: 14,
  Has: 15,
  LParen: 16,
  RParen: 17,
  And: 18,
  Or: 19,
  Global: 20,
  EOF: 21,
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export interface Token {
  kind: TokenKind;
  /** Label name (Label, Has) or literal text (StringLiteral); null otherwise (Go's `<nil>`). */
  value: string | null;
  /** 0-based offset of the token's first character in the selector text. */
  pos: number;
}

export interface TokenizerError {
  message: string;
  /** 0-based offset where the problem was found. */
  pos: number;
  expected: string;
}

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: TokenizerError };

/** LabelKeyMatcher `[a-zA-Z0-9_./-]{1,512}`: the longest label token Calico accepts. */
export const MAX_LABEL_LENGTH = 512;

export const EXPECTED_OPERATOR = 'an operator: ==, !=, in, not in, contains, starts with or ends with';
const EXPECTED_TERM = 'a label, has(<label>), all(), global(), a quoted string, an operator, ! or (';

const SPACE = 0x20;
const TAB = 0x09;

function isLabelChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x5f || // _
    c === 0x2e || // .
    c === 0x2f || // /
    c === 0x2d // -
  );
}

/** RE2 `\w` (ASCII word character), used for `\b` in `in\b` / `not\s*in\b`. */
function isWordChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

/** RE2 `\s` is `[\t\n\f\r ]` (no \v): used inside `starts\s*with`, `has(\s*...\s*)` etc. */
function isRegexSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === 0x0a || c === 0x0c || c === 0x0d;
}

function skipRegexSpace(s: string, i: number): number {
  while (i < s.length && isRegexSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Length of the label token at i (0 if none), capped at 512 like `{1,512}`. */
function labelLength(s: string, i: number): number {
  let j = i;
  const end = Math.min(s.length, i + MAX_LABEL_LENGTH);
  while (j < end && isLabelChar(s.charCodeAt(j))) j++;
  return j - i;
}

/** If `word` occurs at i, the index just after it, else -1. */
function matchWord(s: string, i: number, word: string): number {
  return s.startsWith(word, i) ? i + word.length : -1;
}

/** `^starts\s*with` style: first word, optional RE2 whitespace, second word. Returns end index or -1. */
function matchTwoWords(s: string, i: number, first: string, second: string): number {
  const afterFirst = matchWord(s, i, first);
  if (afterFirst < 0) return -1;
  return matchWord(s, skipRegexSpace(s, afterFirst), second);
}

/** Word boundary `\b` after an `in` that ended at index `end` (the preceding char is `n`, a word char). */
function wordBoundaryAt(s: string, end: number): boolean {
  return end >= s.length || !isWordChar(s.charCodeAt(end));
}

/** Operator right after a label: returns [kind, endIndex] or null. Order as in Calico. */
function matchOperatorAfterLabel(s: string, i: number): [TokenKind, number] | null {
  let end = matchWord(s, i, 'contains');
  if (end >= 0) return [TokenKind.Contains, end];
  end = matchTwoWords(s, i, 'starts', 'with');
  if (end >= 0) return [TokenKind.StartsWith, end];
  end = matchTwoWords(s, i, 'ends', 'with');
  if (end >= 0) return [TokenKind.EndsWith, end];
  end = matchTwoWords(s, i, 'not', 'in');
  if (end >= 0 && wordBoundaryAt(s, end)) return [TokenKind.NotIn, end];
  end = matchWord(s, i, 'in');
  if (end >= 0 && wordBoundaryAt(s, end)) return [TokenKind.In, end];
  return null;
}

/** `^has\(\s*(label)\s*\)`: returns [label, endIndex] or null (then Calico falls back to a label `has`). */
function matchHas(s: string, i: number): [string, number] | null {
  const open = matchWord(s, i, 'has(');
  if (open < 0) return null;
  const start = skipRegexSpace(s, open);
  const len = labelLength(s, start);
  if (len === 0) return null;
  // A label longer than 512 characters makes the whole regex fail (no backtracking can help).
  const afterLabel = start + len;
  const close = skipRegexSpace(s, afterLabel);
  if (close >= s.length || s.charCodeAt(close) !== 0x29) return null;
  return [s.slice(start, afterLabel), close + 1];
}

/** `^all\(\s*\)` / `^global\(\s*\)`: end index or -1. */
function matchEmptyCall(s: string, i: number, name: string): number {
  const open = matchWord(s, i, name);
  if (open < 0) return -1;
  const close = skipRegexSpace(s, open);
  return close < s.length && s.charCodeAt(close) === 0x29 ? close + 1 : -1;
}

function fail(message: string, pos: number, expected: string): TokenizeResult {
  return { ok: false, error: { message, pos, expected } };
}

/** Splits a selector into tokens; the list always ends with an EOF token. Never throws. */
export function tokenize(s: string): TokenizeResult {
  const tokens: Token[] = [];
  let i = 0;
  const n = s.length;
  for (;;) {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c !== SPACE && c !== TAB) break;
      i++;
    }
    if (i >= n) {
      tokens.push({ kind: TokenKind.EOF, value: null, pos: n });
      return { ok: true, tokens };
    }
    const lastKind = tokens.length > 0 ? tokens[tokens.length - 1].kind : TokenKind.None;
    const c = s.charCodeAt(i);
    const next = i + 1 < n ? s.charCodeAt(i + 1) : -1;
    switch (c) {
      case 0x28: // (
        tokens.push({ kind: TokenKind.LParen, value: null, pos: i++ });
        break;
      case 0x29: // )
        tokens.push({ kind: TokenKind.RParen, value: null, pos: i++ });
        break;
      case 0x22: // "
      case 0x27: {
        // ' -- no escapes: the literal runs to the next identical quote.
        const close = s.indexOf(c === 0x22 ? '"' : "'", i + 1);
        if (close < 0) {
          return fail('unterminated string', i, `a closing ${c === 0x22 ? '"' : "'"} quote`);
        }
        tokens.push({ kind: TokenKind.StringLiteral, value: s.slice(i + 1, close), pos: i });
        i = close + 1;
        break;
      }
      case 0x7b: // {
        tokens.push({ kind: TokenKind.LBrace, value: null, pos: i++ });
        break;
      case 0x7d: // }
        tokens.push({ kind: TokenKind.RBrace, value: null, pos: i++ });
        break;
      case 0x2c: // ,
        tokens.push({ kind: TokenKind.Comma, value: null, pos: i++ });
        break;
      case 0x3d: // =
        if (next !== 0x3d) return fail('expected ==', i, '==');
        tokens.push({ kind: TokenKind.Eq, value: null, pos: i });
        i += 2;
        break;
      case 0x21: // !
        if (next === 0x3d) {
          tokens.push({ kind: TokenKind.Ne, value: null, pos: i });
          i += 2;
        } else {
          tokens.push({ kind: TokenKind.Not, value: null, pos: i++ });
        }
        break;
      case 0x26: // &
        if (next !== 0x26) return fail('expected &&', i, '&&');
        tokens.push({ kind: TokenKind.And, value: null, pos: i });
        i += 2;
        break;
      case 0x7c: // |
        if (next !== 0x7c) return fail('expected ||', i, '||');
        tokens.push({ kind: TokenKind.Or, value: null, pos: i });
        i += 2;
        break;
      default: {
        if (lastKind === TokenKind.Label) {
          // Right after a label only the word operators are recognised.
          const op = matchOperatorAfterLabel(s, i);
          if (op === null) {
            const label = tokens[tokens.length - 1].value;
            return fail(
              `unexpected characters after label '${label}', was expecting an operator`,
              i,
              EXPECTED_OPERATOR,
            );
          }
          tokens.push({ kind: op[0], value: null, pos: i });
          i = op[1];
          break;
        }
        const has = matchHas(s, i);
        if (has !== null) {
          tokens.push({ kind: TokenKind.Has, value: has[0], pos: i });
          i = has[1];
          break;
        }
        let end = matchEmptyCall(s, i, 'all(');
        if (end >= 0) {
          tokens.push({ kind: TokenKind.All, value: null, pos: i });
          i = end;
          break;
        }
        end = matchEmptyCall(s, i, 'global(');
        if (end >= 0) {
          tokens.push({ kind: TokenKind.Global, value: null, pos: i });
          i = end;
          break;
        }
        const len = labelLength(s, i);
        if (len === 0) return fail('unexpected characters', i, EXPECTED_TERM);
        tokens.push({ kind: TokenKind.Label, value: s.slice(i, i + len), pos: i });
        i += len;
      }
    }
  }
}

/** Go's `fmt.Sprint(token)` for Calico's `Token{Kind, Value}` struct: `{1 rack}`, `{21 <nil>}`. */
export function goTokenString(t: Token): string {
  return `{${t.kind} ${t.value === null ? '<nil>' : t.value}}`;
}

/** Go's `fmt.Sprint([]Token)`: `[{1 rack} {21 <nil>}]`. */
export function goTokensString(tokens: readonly Token[]): string {
  return `[${tokens.map(goTokenString).join(' ')}]`;
}
