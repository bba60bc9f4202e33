/**
 * Tokenizer for the small POSIX-sh subset busybox ash scripts use in labs: words with '…', "…",
 * backslashes, $VAR/${VAR}/$?/$(…)/`…`, the operators ; & && || | ( ) and newlines, redirections
 * (> >> < 2> 2>&1 >&2 &>). Never a real shell: nothing is executed on the host.
 */

export type WordPart =
  | { kind: 'lit'; text: string; quoted: boolean }
  | { kind: 'var'; name: string; quoted: boolean; fallback?: string }
  | { kind: 'cmd'; script: string; quoted: boolean };

export interface Word {
  parts: WordPart[];
}

export type Token =
  | { type: 'word'; word: Word }
  | { type: 'op'; op: ';' | '&' | '&&' | '||' | '|' | '(' | ')' | '\n' }
  | { type: 'redir'; fd: number | 'both'; op: '>' | '>>' | '<' | 'dup'; target?: Word; dupTo?: number };

export class ShellSyntaxError extends Error {}

/** Literal text of a word when it is one unquoted literal (reserved words, assignments). */
export function plainWord(word: Word): string | undefined {
  if (word.parts.length !== 1) return undefined;
  const p = word.parts[0];
  return p.kind === 'lit' && !p.quoted ? p.text : undefined;
}

function isNameStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}

/** Index just after the `)` closing a `$(` that starts at `start` (the char after `$(`). */
function matchParen(src: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) break;
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth--;
      i++;
      if (depth === 0) return i;
    } else i++;
  }
  throw new ShellSyntaxError('unterminated $(');
}

/** Reads `$…` at src[i] === '$'; returns the part and the next index. */
function readDollar(src: string, i: number, quoted: boolean): [WordPart, number] {
  const next = src[i + 1];
  if (next === '(') {
    const end = matchParen(src, i + 2);
    return [{ kind: 'cmd', script: src.slice(i + 2, end - 1), quoted }, end];
  }
  if (next === '{') {
    const end = src.indexOf('}', i + 2);
    if (end < 0) throw new ShellSyntaxError('bad substitution');
    const inner = src.slice(i + 2, end);
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#$])(?::?-(.*))?$/.exec(inner);
    if (!m) throw new ShellSyntaxError(`\${${inner}}: bad substitution`);
    return [{ kind: 'var', name: m[1], quoted, fallback: m[2] }, end + 1];
  }
  if (next !== undefined && /[?#$0-9]/.test(next)) return [{ kind: 'var', name: next, quoted }, i + 2];
  if (next !== undefined && isNameStart(next)) {
    let j = i + 1;
    while (j < src.length && /[A-Za-z0-9_]/.test(src[j])) j++;
    return [{ kind: 'var', name: src.slice(i + 1, j), quoted }, j];
  }
  return [{ kind: 'lit', text: '$', quoted }, i + 1];
}

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let parts: WordPart[] = [];
  let inWord = false;
  const lit = (text: string, quoted: boolean) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === 'lit' && last.quoted === quoted) last.text += text;
    else parts.push({ kind: 'lit', text, quoted });
    inWord = true;
  };
  const endWord = () => {
    if (inWord) tokens.push({ type: 'word', word: { parts } });
    parts = [];
    inWord = false;
  };
  const readTargetWord = (): Word => {
    while (src[i] === ' ' || src[i] === '\t') i++;
    const sub = tokenizeWordAt();
    if (!sub) throw new ShellSyntaxError('syntax error: unexpected redirection');
    return sub;
  };
  // Reads one word starting at i (for redirection targets).
  const tokenizeWordAt = (): Word | undefined => {
    const saved = parts;
    const savedIn = inWord;
    parts = [];
    inWord = false;
    while (i < src.length && !/[\s;&|()<>]/.test(src[i])) readWordChar();
    const w = inWord ? { parts } : undefined;
    parts = saved;
    inWord = savedIn;
    return w;
  };
  const readWordChar = () => {
    const c = src[i];
    if (c === '\\') {
      if (src[i + 1] === '\n') i += 2;
      else {
        lit(src[i + 1] ?? '', true);
        i += 2;
      }
    } else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
      lit(src.slice(i + 1, end), true);
      i = end + 1;
    } else if (c === '"') {
      i++;
      inWord = true;
      if (parts.length === 0 || src[i] === '"') lit('', true);
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && /["\\$`\n]/.test(src[i + 1] ?? '')) {
          if (src[i + 1] !== '\n') lit(src[i + 1], true);
          i += 2;
        } else if (src[i] === '$') {
          const [part, next] = readDollar(src, i, true);
          parts.push(part);
          i = next;
        } else if (src[i] === '`') {
          const end = src.indexOf('`', i + 1);
          if (end < 0) throw new ShellSyntaxError('unterminated `');
          parts.push({ kind: 'cmd', script: src.slice(i + 1, end), quoted: true });
          i = end + 1;
        } else {
          lit(src[i], true);
          i++;
        }
      }
      if (src[i] !== '"') throw new ShellSyntaxError('unterminated quoted string');
      i++;
    } else if (c === '$') {
      const [part, next] = readDollar(src, i, false);
      parts.push(part);
      inWord = true;
      i = next;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated `');
      parts.push({ kind: 'cmd', script: src.slice(i + 1, end), quoted: false });
      inWord = true;
      i = end + 1;
    } else {
      lit(c, false);
      i++;
    }
  };

  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '#' && !inWord) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '\n') {
      endWord();
      tokens.push({ type: 'op', op: '\n' });
      i++;
    } else if (c === ';' || c === '(' || c === ')') {
      endWord();
      tokens.push({ type: 'op', op: c });
      i++;
    } else if (c === '&' || c === '|') {
      endWord();
      if (src[i + 1] === c) {
        tokens.push({ type: 'op', op: c === '&' ? '&&' : '||' });
        i += 2;
      } else if (c === '&' && src[i + 1] === '>') {
        i += 2;
        tokens.push({ type: 'redir', fd: 'both', op: '>', target: readTargetWord() });
      } else {
        tokens.push({ type: 'op', op: c });
        i++;
      }
    } else if (
      c === '>' ||
      c === '<' ||
      (/[0-9]/.test(c) && !inWord && (src[i + 1] === '>' || src[i + 1] === '<'))
    ) {
      endWord();
      let fd: number | undefined;
      if (/[0-9]/.test(c)) {
        fd = Number(c);
        i++;
      }
      const dir = src[i];
      if (dir === '<') {
        i++;
        tokens.push({ type: 'redir', fd: fd ?? 0, op: '<', target: readTargetWord() });
      } else if (src[i + 1] === '>') {
        i += 2;
        tokens.push({ type: 'redir', fd: fd ?? 1, op: '>>', target: readTargetWord() });
      } else if (src[i + 1] === '&') {
        i += 2;
        const m = /^[0-9]/.exec(src.slice(i));
        if (!m) throw new ShellSyntaxError('syntax error: bad fd number');
        i++;
        tokens.push({ type: 'redir', fd: fd ?? 1, op: 'dup', dupTo: Number(m[0]) });
      } else {
        i++;
        tokens.push({ type: 'redir', fd: fd ?? 1, op: '>', target: readTargetWord() });
      }
    } else readWordChar();
  }
  endWord();
  return tokens;
}
