/**
 * Calico selector parser (IPPool nodeSelector, policy selectors): a port of
 * libcalico-go/lib/selector/parser/parser.go at v3.28.1 (see docs/reference-facts.md, calico-selector).
 * Error messages use Calico's wording, including Go's printing of tokens (`Expected == or != not {2 0}`).
 *
 * One deliberate difference: Calico's Parse("") (or whitespace only) returns `all()`. Here an empty
 * selector is an error, because an empty IPPool nodeSelector never reaches the parser in Calico:
 * clientv3 and IPAM treat '' as "all nodes" before parsing. IPPool normalisation (ippool.ts) maps '' to
 * `all()`, which is where that meaning belongs.
 */
import { evaluateSelector, type SelectorNode, selectorToString, toStringSet } from './selector-ast.ts';
import {
  EXPECTED_OPERATOR,
  goTokenString,
  goTokensString,
  type Token,
  TokenKind,
  tokenize,
} from './selector-tokenizer.ts';

export { evaluateSelector, type SelectorNode, selectorToString } from './selector-ast.ts';
export { findSatisfyingLabels, selectorRequirements } from './selector-labels.ts';

export interface SelectorError {
  /** Calico's error text (tokenizer/parser wording). */
  message: string;
  /** 1-based column (UTF-16 offset + 1) where the problem was found. */
  column: number;
  /** What the parser wanted at that column, in plain words. */
  expected: string;
}

export type ParsedSelector =
  | { ok: true; ast: SelectorNode; canonical: string }
  | { ok: false; error: SelectorError };

export class SelectorSyntaxError extends Error {
  readonly error: SelectorError;
  readonly selector: string;
  constructor(selector: string, error: SelectorError) {
    super(
      `invalid selector '${selector}': ${error.message} (column ${error.column}, expected ${error.expected})`,
    );
    this.name = 'SelectorSyntaxError';
    this.error = error;
    this.selector = selector;
  }
}

const EXPECTED_STRING = `a quoted string ("..." or '...')`;
const EXPECTED_OP_START = 'a label, has(<label>), all(), global(), ! or (';

/** Thrown inside the recursive descent; converted to a result at the top. */
class ParseFailure {
  constructor(
    readonly message: string,
    readonly token: Token,
    readonly expected: string,
  ) {}
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): SelectorNode {
    const node = this.parseOr();
    const rest = this.tokens.slice(this.i);
    if (rest.length !== 1) {
      throw new ParseFailure(
        `unexpected content at end of selector ${goTokensString(rest)}`,
        rest[0],
        '&&, || or the end of the selector',
      );
    }
    return node;
  }

  private peek(offset = 0): Token {
    // The EOF token is last; parseOperation never looks further than EOF + 0.
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private parseOr(): SelectorNode {
    const operands = [this.parseAnd()];
    while (this.peek().kind === TokenKind.Or) {
      this.i++;
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(): SelectorNode {
    const operands = [this.parseOperation()];
    while (this.peek().kind === TokenKind.And) {
      this.i++;
      operands.push(this.parseOperation());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private parseOperation(): SelectorNode {
    // Leading "!"s collapse to one boolean: "!!x" is just x.
    let negated = false;
    while (this.peek().kind === TokenKind.Not) {
      negated = !negated;
      this.i++;
    }
    const node = this.parseTerm();
    return negated ? { kind: 'not', operand: node } : node;
  }

  private parseTerm(): SelectorNode {
    const first = this.peek();
    switch (first.kind) {
      case TokenKind.Has:
        this.i++;
        return { kind: 'has', key: first.value! };
      case TokenKind.All:
        this.i++;
        return { kind: 'all' };
      case TokenKind.Global:
        this.i++;
        return { kind: 'global' };
      case TokenKind.Label:
        return this.parseLabelOperation(first);
      case TokenKind.LParen: {
        this.i++;
        const inner = this.parseOr();
        const close = this.peek();
        if (close.kind !== TokenKind.RParen) throw new ParseFailure('Expected )', close, ')');
        this.i++;
        return inner;
      }
      default:
        throw new ParseFailure(`Unexpected token: ${goTokenString(first)}`, first, EXPECTED_OP_START);
    }
  }

  private parseLabelOperation(label: Token): SelectorNode {
    const remaining = this.tokens.length - this.i;
    if (remaining < 3) {
      throw new ParseFailure(
        `Unexpected end of string in middle of op${goTokensString(this.tokens.slice(this.i))}`,
        this.peek(1),
        EXPECTED_OPERATOR,
      );
    }
    const key = label.value!;
    const op = this.peek(1);
    const operand = this.peek(2);
    const matchKind = MATCH_KINDS[op.kind];
    if (matchKind !== undefined) {
      if (operand.kind !== TokenKind.StringLiteral) {
        throw new ParseFailure('Expected string', operand, EXPECTED_STRING);
      }
      this.i += 3;
      return { kind: matchKind, key, value: operand.value! };
    }
    if (op.kind === TokenKind.In || op.kind === TokenKind.NotIn) {
      if (operand.kind !== TokenKind.LBrace) throw new ParseFailure('Expected set literal', operand, '{');
      this.i += 3;
      const values: string[] = [];
      // Strings separated by commas; a trailing comma before } is accepted, as in Calico.
      while (this.peek().kind === TokenKind.StringLiteral) {
        values.push(this.peek().value!);
        this.i++;
        if (this.peek().kind !== TokenKind.Comma) break;
        this.i++;
      }
      const close = this.peek();
      if (close.kind !== TokenKind.RBrace)
        throw new ParseFailure('Expected }', close, `a quoted string, "," or }`);
      this.i++;
      return { kind: op.kind === TokenKind.In ? 'in' : 'notIn', key, values: toStringSet(values) };
    }
    throw new ParseFailure(`Expected == or != not ${goTokenString(op)}`, op, EXPECTED_OPERATOR);
  }
}

const MATCH_KINDS: Partial<Record<TokenKind, 'eq' | 'ne' | 'contains' | 'startsWith' | 'endsWith'>> = {
  [TokenKind.Eq]: 'eq',
  [TokenKind.Ne]: 'ne',
  [TokenKind.Contains]: 'contains',
  [TokenKind.StartsWith]: 'startsWith',
  [TokenKind.EndsWith]: 'endsWith',
};

/** Parses a selector; never throws. An empty (or blank) selector is an error here, see the file comment. */
export function parseSelector(text: string): ParsedSelector {
  const tokenized = tokenize(text);
  if (!tokenized.ok) {
    const { message, pos, expected } = tokenized.error;
    return { ok: false, error: { message, column: pos + 1, expected } };
  }
  const tokens = tokenized.tokens;
  if (tokens[0].kind === TokenKind.EOF) {
    return {
      ok: false,
      error: {
        message: 'empty selector (Calico reads an empty selector as all())',
        column: tokens[0].pos + 1,
        expected: EXPECTED_OP_START,
      },
    };
  }
  try {
    const ast = new Parser(tokens).parse();
    return { ok: true, ast, canonical: selectorToString(ast) };
  } catch (e) {
    if (!(e instanceof ParseFailure)) throw e;
    return { ok: false, error: { message: e.message, column: e.token.pos + 1, expected: e.expected } };
  }
}

/** Small memo of parsed selectors: grading evaluates the same few selectors against many label sets. */
const CACHE_LIMIT = 256;
const cache = new Map<string, ParsedSelector>();

function parseCached(selector: string): ParsedSelector {
  let parsed = cache.get(selector);
  if (parsed === undefined) {
    parsed = parseSelector(selector);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(selector, parsed);
  }
  return parsed;
}

/** Does `selector` select a resource with `labels`? Throws SelectorSyntaxError on bad syntax. */
export function selects(selector: string, labels: Readonly<Record<string, string>>): boolean {
  const parsed = parseCached(selector);
  if (!parsed.ok) throw new SelectorSyntaxError(selector, parsed.error);
  return evaluateSelector(parsed.ast, labels);
}
