/**
 * A POSIX-shell tokenizer for the commands students paste into reports.
 *
 * Hand-written rather than a library (e.g. shell-quote) because the reader needs things such
 * libraries do not give: source offsets of every word (to cite the line), whether the command ends
 * inside a quote or after a `\` (to join the next line of the code block), here-document delimiters
 * (to skip their bodies), a PowerShell flavour (backtick escapes, `\` as a path separator), and
 * `$(…)`/`${…}` kept as literal text — nothing is ever expanded or executed.
 */

export interface WordToken {
  t: 'word';
  /** The word after quote removal. */
  v: string;
  /** Some part of the word was quoted or escaped (a quoted word is never alias-expanded). */
  quoted: boolean;
  start: number;
  end: number;
}

export interface OpToken {
  t: 'op';
  v: string;
  start: number;
  end: number;
}

export type Token = WordToken | OpToken;

export interface TokenizeResult {
  tokens: Token[];
  /** The text ends inside a quote or `$(`: the command goes on on the next line. */
  open: boolean;
  /** The text ends with an escaping `\` (or a PowerShell backtick): a line continuation. */
  continued: boolean;
}

export interface TokenizeOptions {
  /** PowerShell / cmd: `\` is a plain character, the backtick escapes. */
  powershell?: boolean;
}

const OPERATORS = [
  '<<<',
  '<<-',
  '&&',
  '||',
  '|&',
  ';;',
  '>>',
  '<<',
  '>&',
  '&>',
  '>|',
  '<',
  '>',
  '|',
  ';',
  '&',
  '(',
  ')',
];

export function tokenize(s: string, options: TokenizeOptions = {}): TokenizeResult {
  const ps = options.powershell === true;
  const esc = ps ? '`' : '\\';
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  let start = 0;
  let open = false;
  let continued = false;
  const n = s.length;

  const endWord = (end: number) => {
    if (inWord) tokens.push({ t: 'word', v: word, quoted, start, end });
    word = '';
    inWord = false;
    quoted = false;
  };
  const begin = (i: number) => {
    if (!inWord) {
      inWord = true;
      start = i;
    }
  };

  let i = 0;
  while (i < n) {
    const c = s[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord(i);
      i++;
      continue;
    }
    if (c === '\n') {
      endWord(i);
      tokens.push({ t: 'op', v: ';', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      const nl = s.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      continue;
    }
    if (c === esc) {
      begin(i);
      quoted = true;
      if (i + 1 >= n) {
        continued = true;
        i++;
        continue;
      }
      const next = s[i + 1] as string;
      if (next !== '\n') word += next;
      i += 2;
      continue;
    }
    if (c === "'") {
      begin(i);
      quoted = true;
      const close = s.indexOf("'", i + 1);
      if (close === -1) {
        word += s.slice(i + 1);
        open = true;
        i = n;
        continue;
      }
      word += s.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      begin(i);
      quoted = true;
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const d = s[j] as string;
        if (d === '"') {
          closed = true;
          j++;
          break;
        }
        if (d === esc && j + 1 < n) {
          const next = s[j + 1] as string;
          if (ps || next === '"' || next === '\\' || next === '$' || next === '`') word += next;
          else if (next !== '\n') word += d + next;
          j += 2;
          continue;
        }
        word += d;
        j++;
      }
      if (!closed) open = true;
      i = j;
      continue;
    }
    if (!ps && c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
      begin(i);
      const end = matchBracket(s, i + 1);
      if (end === -1) {
        word += s.slice(i);
        open = true;
        i = n;
        continue;
      }
      word += s.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (!ps && c === '`') {
      begin(i);
      const close = s.indexOf('`', i + 1);
      if (close === -1) {
        word += s.slice(i);
        open = true;
        i = n;
        continue;
      }
      word += s.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    const op = operatorAt(s, i);
    if (op) {
      // `2>file`, `2>&1`: a number right before a redirection is its file descriptor, not a word
      if (inWord && !quoted && /^\d+$/.test(word) && (op[0] === '<' || op[0] === '>')) {
        word = '';
        inWord = false;
      } else {
        endWord(i);
      }
      tokens.push({ t: 'op', v: op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    begin(i);
    word += c;
    i++;
  }
  endWord(n);
  return { tokens, open, continued };
}

function operatorAt(s: string, i: number): string | undefined {
  const c = s[i];
  if (c !== '<' && c !== '>' && c !== '|' && c !== '&' && c !== ';' && c !== '(' && c !== ')')
    return undefined;
  for (const op of OPERATORS) if (s.startsWith(op, i)) return op;
  return undefined;
}

/** Index of the bracket closing the one at `open` (`(` or `{`), skipping quoted text; -1 if none. */
function matchBracket(s: string, open: number): number {
  const o = s[open] as string;
  const cl = o === '(' ? ')' : '}';
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    const d = s[j];
    if (d === '\\') {
      j++;
    } else if (d === "'") {
      const q = s.indexOf("'", j + 1);
      if (q === -1) return -1;
      j = q;
    } else if (d === '"') {
      let k = j + 1;
      while (k < s.length && s[k] !== '"') k += s[k] === '\\' ? 2 : 1;
      if (k >= s.length) return -1;
      j = k;
    } else if (d === o) {
      depth++;
    } else if (d === cl) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** One simple command of a pipeline: its words and its redirections. */
export interface SimpleCommand {
  words: WordToken[];
  stdinFile?: string;
  /** Here-document delimiter (`<<EOF`, `<<-'EOF'`), in order of appearance. */
  heredocs: { delimiter: string; stripTabs: boolean }[];
  /** The here-document body, once the lines after the command have been read. */
  heredocText?: string;
}

/** Commands joined by `|`, with the span of source text they cover. */
export interface Pipeline {
  commands: SimpleCommand[];
  start: number;
  end: number;
}

/**
 * Splits tokens into pipelines (at `&&`, `||`, `;`, `&`, newlines and parentheses) and simple commands
 * (at `|`). Redirection targets are consumed: `< file` becomes `stdinFile`, output redirections are
 * dropped, `<<DELIM` is recorded.
 */
export function splitPipelines(tokens: Token[]): Pipeline[] {
  const out: Pipeline[] = [];
  let current: SimpleCommand = { words: [], heredocs: [] };
  let pipeline: Pipeline | undefined;
  let pendingRedirect: string | undefined;

  const flushCommand = () => {
    if (current.words.length > 0 || current.stdinFile !== undefined || current.heredocs.length > 0) {
      pipeline?.commands.push(current);
    }
    current = { words: [], heredocs: [] };
  };
  const flushPipeline = () => {
    flushCommand();
    if (pipeline && pipeline.commands.length > 0) out.push(pipeline);
    pipeline = undefined;
  };

  for (const tok of tokens) {
    if (tok.t === 'word') {
      pipeline ??= { commands: [], start: tok.start, end: tok.end };
      pipeline.end = tok.end;
      if (pendingRedirect !== undefined) {
        if (pendingRedirect === '<') current.stdinFile = tok.v;
        else if (pendingRedirect === '<<' || pendingRedirect === '<<-') {
          current.heredocs.push({ delimiter: tok.v, stripTabs: pendingRedirect === '<<-' });
        }
        pendingRedirect = undefined;
        continue;
      }
      current.words.push(tok);
      continue;
    }
    const v = tok.v;
    if (
      v === '<' ||
      v === '>' ||
      v === '>>' ||
      v === '>&' ||
      v === '&>' ||
      v === '>|' ||
      v === '<<' ||
      v === '<<-' ||
      v === '<<<'
    ) {
      pipeline ??= { commands: [], start: tok.start, end: tok.end };
      pipeline.end = tok.end;
      pendingRedirect = v;
      continue;
    }
    pendingRedirect = undefined;
    if (v === '|' || v === '|&') {
      if (pipeline) pipeline.end = tok.end;
      flushCommand();
      continue;
    }
    flushPipeline();
  }
  flushPipeline();
  return out;
}
