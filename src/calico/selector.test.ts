import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateSelector,
  parseSelector,
  type SelectorNode,
  SelectorSyntaxError,
  selectorToString,
  selects,
} from './selector.ts';

function mustParse(text: string): { ast: SelectorNode; canonical: string } {
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
  return parsed;
}

describe('parseSelector: valid selectors', () => {
  // Valid examples and canonical forms from docs/reference-facts.md, calico-selector ("Valid / invalid examples", and
  // "Canonical string form re-quotes values"); And/Or grouping per ast.go collectFragments.
  it.each([
    ['all()', 'all()'],
    ['!all()', '!all()'],
    ['zone == "west"', 'zone == "west"'],
    ["zone == 'west'", 'zone == "west"'],
    ['rack == "0"', 'rack == "0"'],
    ['rack in {"0","1"}', 'rack in {"0", "1"}'],
    ['has(rack)', 'has(rack)'],
    ['!has(rack)', '!has(rack)'],
    ['rack == "0" && zone != "east"', '(rack == "0" && zone != "east")'],
    ['(a == "x" || b == "y") && has(c)', '((a == "x" || b == "y") && has(c))'],
    ['kubernetes.io/hostname == "minikube-m02"', 'kubernetes.io/hostname == "minikube-m02"'],
    ['k starts with "min"', 'k starts with "min"'],
    ['k not in {}', 'k not in {}'],
    ['zone=="west"', 'zone == "west"'],
    ['global()', 'global()'],
    ['k contains "x"', 'k contains "x"'],
    ['k ends with "02"', 'k ends with "02"'],
    // Tokenizer details (tokenizer.go): \s* inside keywords, `notin`, `in{`, spaces inside has()/all().
    ['k startswith "a"', 'k starts with "a"'],
    ['k starts\twith "a"', 'k starts with "a"'],
    ['k notin {"a"}', 'k not in {"a"}'],
    ['k in{"a"}', 'k in {"a"}'],
    ['has( rack )', 'has(rack)'],
    ['all(  )', 'all()'],
    ['\t rack == "0" \t', 'rack == "0"'],
    // Sets are sorted and de-duplicated; a trailing comma is accepted (parser.go set loop).
    ['rack in {"1","0","1",}', 'rack in {"0", "1"}'],
    // Empty strings and values with a double quote (printed with single quotes).
    ["k == ''", 'k == ""'],
    [`k == 'say "hi"'`, `k == 'say "hi"'`],
    // Multiple "!" toggle; "a || b && c" binds && tighter.
    ['!!has(a)', 'has(a)'],
    ['!!!has(a)', '!has(a)'],
    ['a == "x" || b == "y" && c == "z"', '(a == "x" || (b == "y" && c == "z"))'],
    ['!(a == "x" || b == "y")', '!(a == "x" || b == "y")'],
    // Label tokens that look like keywords or numbers are plain labels.
    ['in == "x"', 'in == "x"'],
    ['contains != "x"', 'contains != "x"'],
    ['0 == "0"', '0 == "0"'],
  ])('%j -> %s', (text, canonical) => {
    const parsed = parseSelector(text);
    expect(parsed).toMatchObject({ ok: true, canonical });
  });
});

describe('parseSelector: invalid selectors', () => {
  // Messages from tokenizer.go / parser.go at v3.28.1 (docs/reference-facts.md, calico-selector "Tokens", "Grammar" and the
  // invalid examples). Tokens print as Go's fmt.Sprint of Token{Kind, Value}: kinds are numbered
  // Label=1, StringLiteral=2, ..., LParen=16, RParen=17, All=14, EOF=21.
  it.each([
    ['rack == 0', 'Expected string', 9],
    ['zone == west', 'Expected string', 9],
    ['rack = "0"', 'expected ==', 6],
    ['rack == "0', 'unterminated string', 9],
    ["rack == '0", 'unterminated string', 9],
    ['rack == "0" & zone == "w"', 'expected &&', 13],
    ['rack == "0" | zone == "w"', 'expected ||', 13],
    ['rack', 'Unexpected end of string in middle of op[{1 rack} {21 <nil>}]', 5],
    ['!rack', 'Unexpected end of string in middle of op[{1 rack} {21 <nil>}]', 6],
    ['rack > "1"', "unexpected characters after label 'rack', was expecting an operator", 6],
    ['rack\n== "1"', "unexpected characters after label 'rack', was expecting an operator", 5],
    ['k inx {"a"}', "unexpected characters after label 'k', was expecting an operator", 3],
    ['rack "0"', 'Expected == or != not {2 0}', 6],
    ['rack && x', 'Expected == or != not {18 <nil>}', 6],
    ['has(a', 'Expected == or != not {16 <nil>}', 4],
    ['rack in "0"', 'Expected set literal', 9],
    ['rack in {"0" "1"}', 'Expected }', 14],
    ['rack in {,}', 'Expected }', 10],
    ['(rack == "0"', 'Expected )', 13],
    ['rack == "0")', 'unexpected content at end of selector [{17 <nil>} {21 <nil>}]', 12],
    ['all() all()', 'unexpected content at end of selector [{14 <nil>} {21 <nil>}]', 7],
    ['rack == "0" &&', 'Unexpected token: {21 <nil>}', 15],
    ['== "0"', 'Unexpected token: {6 <nil>}', 1],
    ['"0" == rack', 'Unexpected token: {2 0}', 1],
    ['()', 'Unexpected token: {17 <nil>}', 2],
    ['rack == "0" @', 'unexpected characters', 13],
    ['é == "x"', 'unexpected characters', 1],
  ])('%j -> %s', (text, message, column) => {
    const parsed = parseSelector(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.message).toBe(message);
    expect(parsed.error.column).toBe(column);
    expect(parsed.error.expected.length).toBeGreaterThan(0);
  });

  it('says what was expected', () => {
    const unquoted = parseSelector('rack == 0');
    expect(unquoted.ok || unquoted.error.expected).toContain('quoted string');
    const badOp = parseSelector('rack > "1"');
    expect(badOp.ok || badOp.error.expected).toContain('==');
  });

  it('rejects the empty selector (Calico would read it as all(); IPPool normalisation maps it)', () => {
    for (const text of ['', '  ', '\t']) {
      const parsed = parseSelector(text);
      expect(parsed.ok).toBe(false);
      expect(parsed.ok || parsed.error.message).toContain('all()');
    }
  });

  it('caps label tokens at 512 characters (LabelKeyMatcher {1,512})', () => {
    expect(parseSelector(`${'a'.repeat(512)} == "x"`).ok).toBe(true);
    const long = parseSelector(`${'a'.repeat(513)} == "x"`);
    expect(long.ok || long.error.message).toMatch(/^unexpected characters after label 'a{512}'/);
    // has() with a too-long label is not a has token: it falls back to the label `has`, `(` and a
    // 512-character label followed by a stray `a`.
    const longHas = parseSelector(`has(${'a'.repeat(513)})`);
    expect(longHas.ok || longHas.error.message).toMatch(/^unexpected characters after label 'a{512}'/);
    expect(longHas.ok || longHas.error.column).toBe(4 + 512 + 1);
  });
});

describe('evaluateSelector', () => {
  const node = { rack: '0', zone: 'west', 'kubernetes.io/hostname': 'minikube-m02' };
  // Semantics table in docs/reference-facts.md, calico-selector ("Semantics"): != and not in also match absent labels.
  it.each([
    ['all()', true],
    ['!all()', false],
    ['global()', true],
    ['rack == "0"', true],
    ['rack == "1"', false],
    ['rack == "00"', false],
    ['Rack == "0"', false],
    ['rack != "1"', true],
    ['rack != "0"', false],
    ['missing != "x"', true],
    ['missing == ""', false],
    ['has(rack)', true],
    ['has(missing)', false],
    ['!has(missing)', true],
    ['rack in {"0", "1"}', true],
    ['rack in {}', false],
    ['missing in {"0"}', false],
    ['rack not in {"1"}', true],
    ['rack not in {"0"}', false],
    ['missing not in {"0"}', true],
    ['zone contains "es"', true],
    ['zone contains "ES"', false],
    ['zone starts with "we"', true],
    ['zone ends with "st"', true],
    ['zone ends with "we"', false],
    ['missing contains ""', false],
    ['kubernetes.io/hostname ends with "-m02"', true],
    ['rack == "0" && zone == "east"', false],
    ['rack == "0" || zone == "east"', true],
    ['!(rack == "1" || zone == "east")', true],
    ['rack == "1" || zone == "east" && has(rack)', false],
  ])('%s -> %s', (text, expected) => {
    expect(evaluateSelector(mustParse(text).ast, node)).toBe(expected);
  });

  it('does not treat inherited object properties as labels', () => {
    expect(evaluateSelector(mustParse('has(constructor)').ast, {})).toBe(false);
    expect(evaluateSelector(mustParse('toString != "x"').ast, {})).toBe(true);
  });
});

describe('selects', () => {
  it('evaluates a selector text against labels', () => {
    expect(selects('rack == "0"', { rack: '0' })).toBe(true);
    expect(selects('rack == "0"', { rack: '1' })).toBe(false);
    expect(selects('rack == "0"', { rack: '1' })).toBe(false); // cached parse gives the same answer
  });

  it('throws SelectorSyntaxError carrying the error', () => {
    let thrown: unknown;
    try {
      selects('rack == 0', { rack: '0' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SelectorSyntaxError);
    expect((thrown as SelectorSyntaxError).error).toEqual(
      expect.objectContaining({ message: 'Expected string' }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests

const KEYS = ['a', 'b', 'rack', 'k.io/x'];
const VALUES = ['', '0', '1', 'x', 'west', 'say "hi"'];

const labelSets = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES, 'we', 'st'), {
  maxKeys: 4,
});

/** Random ASTs in Calico's grammar (sets pre-normalised like the parser does). */
const astArb: fc.Arbitrary<SelectorNode> = fc.letrec<{ node: SelectorNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<SelectorNode>({ kind: 'all' }),
    fc.constantFrom(...KEYS).map((key): SelectorNode => ({ kind: 'has', key })),
    fc
      .record({
        kind: fc.constantFrom('eq', 'ne', 'contains', 'startsWith', 'endsWith' as const),
        key: fc.constantFrom(...KEYS),
        value: fc.constantFrom(...VALUES),
      })
      .map((n): SelectorNode => n),
    fc
      .record({
        kind: fc.constantFrom('in', 'notIn' as const),
        key: fc.constantFrom(...KEYS),
        values: fc.uniqueArray(fc.constantFrom(...VALUES), { maxLength: 3 }),
      })
      .map((n): SelectorNode => ({ ...n, values: [...n.values].sort() })),
    tie('node').map((operand): SelectorNode => ({ kind: 'not', operand })),
    fc
      .record({
        kind: fc.constantFrom('and', 'or' as const),
        operands: fc.array(tie('node'), { minLength: 2, maxLength: 3 }),
      })
      .map((n): SelectorNode => n),
  ),
})).node;

const TOKEN_SOUP = [
  '(',
  ')',
  '{',
  '}',
  ',',
  '==',
  '!=',
  '!',
  '&&',
  '||',
  '&',
  '|',
  '=',
  'in',
  'not in',
  'notin',
  'contains',
  'starts with',
  'ends with',
  'startswith',
  'has(a)',
  'has(',
  'has( b )',
  'all()',
  'all(',
  'global()',
  'a',
  'b.c/d-e_f',
  '0',
  '"x"',
  "'y'",
  '""',
  '"',
  "'",
  ' ',
  '\t',
  '\n',
  '@',
  'é',
];

describe('selector properties', () => {
  it('parseSelector never throws on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const parsed = parseSelector(text);
        return parsed.ok || (parsed.error.column >= 1 && parsed.error.column <= text.length + 1);
      }),
      { numRuns: 1000 },
    );
  });

  it('parseSelector never throws on token soups', () => {
    const soup = fc
      .tuple(fc.array(fc.constantFrom(...TOKEN_SOUP), { maxLength: 14 }), fc.constantFrom('', ' '))
      .map(([tokens, sep]) => tokens.join(sep));
    fc.assert(
      fc.property(soup, (text) => {
        const parsed = parseSelector(text);
        return parsed.ok || typeof parsed.error.message === 'string';
      }),
      { numRuns: 3000 },
    );
  });

  it('the canonical form re-parses to an equivalent selector', () => {
    const soup = fc.array(fc.constantFrom(...TOKEN_SOUP), { maxLength: 14 }).map((t) => t.join(' '));
    const selectorText = fc.oneof(soup, astArb.map(selectorToString));
    fc.assert(
      fc.property(selectorText, fc.array(labelSets, { minLength: 1, maxLength: 8 }), (text, labelList) => {
        const first = parseSelector(text);
        fc.pre(first.ok);
        if (!first.ok) return;
        const again = parseSelector(first.canonical);
        expect(again.ok).toBe(true);
        if (!again.ok) return;
        // Printing is a fixed point after one round.
        expect(again.canonical).toBe(selectorToString(again.ast));
        for (const labels of labelList) {
          expect(evaluateSelector(again.ast, labels)).toBe(evaluateSelector(first.ast, labels));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('printed random ASTs parse back with the same meaning', () => {
    fc.assert(
      fc.property(astArb, fc.array(labelSets, { minLength: 1, maxLength: 8 }), (ast, labelList) => {
        const parsed = parseSelector(selectorToString(ast));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        for (const labels of labelList) {
          expect(evaluateSelector(parsed.ast, labels)).toBe(evaluateSelector(ast, labels));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
