/** Parser for the sh subset: lists, && ||, pipelines, `!`, subshells, for/if/while, assignments. */
import { plainWord, ShellSyntaxError, type Token, type Word } from './lexer.ts';

export interface Redirect {
  fd: number | 'both';
  op: '>' | '>>' | '<' | 'dup';
  target?: Word;
  dupTo?: number;
}

export type Node =
  | { type: 'simple'; assigns: { name: string; value: Word }[]; words: Word[]; redirects: Redirect[] }
  | { type: 'pipeline'; negate: boolean; commands: Node[] }
  | { type: 'andor'; first: Node; rest: { op: '&&' | '||'; node: Node }[] }
  | { type: 'list'; items: Node[] }
  | { type: 'subshell'; body: Node; redirects: Redirect[] }
  | { type: 'for'; name: string; items: Word[] | undefined; body: Node }
  | { type: 'if'; branches: { cond: Node; body: Node }[]; otherwise?: Node }
  | { type: 'while'; until: boolean; cond: Node; body: Node };

const RESERVED = new Set(['do', 'done', 'then', 'elif', 'else', 'fi', '}']);

export function parse(tokens: Token[]): Node {
  let pos = 0;
  const peek = () => tokens[pos];
  const word = (t: Token | undefined) => (t?.type === 'word' ? plainWord(t.word) : undefined);
  const isOp = (t: Token | undefined, op: string) => t?.type === 'op' && t.op === op;
  const skipNewlines = () => {
    while (isOp(peek(), '\n')) pos++;
  };
  const expectWord = (w: string) => {
    skipNewlines();
    if (word(peek()) !== w) throw new ShellSyntaxError(`syntax error: expected "${w}"`);
    pos++;
  };

  const list = (terminators: Set<string>): Node => {
    const items: Node[] = [];
    for (;;) {
      while (isOp(peek(), '\n') || isOp(peek(), ';')) pos++;
      const t = peek();
      if (!t || isOp(t, ')')) break;
      const w = word(t);
      if (w !== undefined && terminators.has(w)) break;
      items.push(andOr());
      const sep = peek();
      if (sep && sep.type === 'op' && (sep.op === ';' || sep.op === '&' || sep.op === '\n')) pos++;
      else break;
    }
    return { type: 'list', items };
  };

  const andOr = (): Node => {
    const first = pipeline();
    const rest: { op: '&&' | '||'; node: Node }[] = [];
    for (;;) {
      const t = peek();
      if (t?.type === 'op' && (t.op === '&&' || t.op === '||')) {
        pos++;
        skipNewlines();
        rest.push({ op: t.op, node: pipeline() });
      } else break;
    }
    return rest.length === 0 ? first : { type: 'andor', first, rest };
  };

  const pipeline = (): Node => {
    let negate = false;
    if (word(peek()) === '!') {
      negate = true;
      pos++;
    }
    const commands = [command()];
    while (isOp(peek(), '|')) {
      pos++;
      skipNewlines();
      commands.push(command());
    }
    return commands.length === 1 && !negate ? commands[0] : { type: 'pipeline', negate, commands };
  };

  const redirects = (): Redirect[] => {
    const out: Redirect[] = [];
    while (peek()?.type === 'redir') {
      const t = peek() as Extract<Token, { type: 'redir' }>;
      out.push({ fd: t.fd, op: t.op, target: t.target, dupTo: t.dupTo });
      pos++;
    }
    return out;
  };

  const command = (): Node => {
    const t = peek();
    if (!t) throw new ShellSyntaxError('syntax error: unexpected end of file');
    if (isOp(t, '(')) {
      pos++;
      const body = list(new Set());
      if (!isOp(peek(), ')')) throw new ShellSyntaxError('syntax error: missing )');
      pos++;
      return { type: 'subshell', body, redirects: redirects() };
    }
    const w = word(t);
    if (w === '{') {
      pos++;
      const body = list(new Set(['}']));
      expectWord('}');
      return { type: 'subshell', body, redirects: redirects() };
    }
    if (w === 'for') {
      pos++;
      const name = word(peek());
      if (!name) throw new ShellSyntaxError('syntax error: bad for loop variable');
      pos++;
      let items: Word[] | undefined;
      skipNewlines();
      if (word(peek()) === 'in') {
        pos++;
        items = [];
        while (peek()?.type === 'word') items.push((tokens[pos++] as Extract<Token, { type: 'word' }>).word);
      }
      while (isOp(peek(), ';') || isOp(peek(), '\n')) pos++;
      expectWord('do');
      const body = list(new Set(['done']));
      expectWord('done');
      return { type: 'for', name, items, body };
    }
    if (w === 'while' || w === 'until') {
      pos++;
      const cond = list(new Set(['do']));
      expectWord('do');
      const body = list(new Set(['done']));
      expectWord('done');
      return { type: 'while', until: w === 'until', cond, body };
    }
    if (w === 'if') {
      pos++;
      const branches: { cond: Node; body: Node }[] = [];
      let otherwise: Node | undefined;
      for (;;) {
        const cond = list(new Set(['then']));
        expectWord('then');
        const body = list(new Set(['elif', 'else', 'fi']));
        branches.push({ cond, body });
        skipNewlines();
        const k = word(peek());
        pos++;
        if (k === 'elif') continue;
        if (k === 'else') {
          otherwise = list(new Set(['fi']));
          expectWord('fi');
        } else if (k !== 'fi') throw new ShellSyntaxError('syntax error: expected "fi"');
        break;
      }
      return { type: 'if', branches, otherwise };
    }
    if (w !== undefined && RESERVED.has(w)) throw new ShellSyntaxError(`syntax error: unexpected "${w}"`);
    const assigns: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    const redirs: Redirect[] = [];
    for (;;) {
      const cur = peek();
      if (cur?.type === 'redir') {
        redirs.push(...redirects());
        continue;
      }
      if (cur?.type !== 'word') break;
      const first = cur.word.parts[0];
      const m =
        words.length === 0 && first?.kind === 'lit' && !first.quoted
          ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text)
          : null;
      if (m && first.kind === 'lit') {
        const rest = { ...first, text: first.text.slice(m[0].length) };
        assigns.push({ name: m[1], value: { parts: [rest, ...cur.word.parts.slice(1)] } });
      } else words.push(cur.word);
      pos++;
    }
    if (words.length === 0 && assigns.length === 0 && redirs.length === 0) {
      const bad = peek();
      const shown = bad?.type === 'op' ? (bad.op === '\n' ? 'newline' : bad.op) : 'end of file';
      throw new ShellSyntaxError(
        `syntax error: unexpected ${shown === 'end of file' ? shown : `"${shown}"`}`,
      );
    }
    return { type: 'simple', assigns, words, redirects: redirs };
  };

  const root = list(new Set());
  if (pos < tokens.length) {
    const t = tokens[pos];
    const shown = t.type === 'op' ? t.op : t.type === 'word' ? (plainWord(t.word) ?? 'word') : 'redirection';
    throw new ShellSyntaxError(`syntax error: unexpected "${shown}"`);
  }
  return root;
}
