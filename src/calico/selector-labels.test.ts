import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateSelector, parseSelector, type SelectorNode } from './selector.ts';
import { findSatisfyingLabels, selectorRequirements } from './selector-labels.ts';

function ast(text: string): SelectorNode {
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
  return parsed.ast;
}

describe('findSatisfyingLabels', () => {
  it.each([
    // The lab's selectors (docs/reference-facts.md, calico-selector "Real samples": rack == "0", zone == "east").
    ['rack == "0"', { rack: '0' }],
    ['zone == "east"', { zone: 'east' }],
    ['rack in {"1", "0"}', { rack: '0' }],
    ['all()', {}],
    ['!has(rack)', {}],
    ['rack != "0"', {}],
    ['rack not in {"0"}', {}],
    ['has(rack)', { rack: 'x' }],
    ['rack == "0" && zone != "east"', { rack: '0' }],
    ['(a == "x" || b == "y") && has(c)', { a: 'x', c: 'x' }],
    ['a == "x" && a == "y" || b == "z"', { b: 'z' }],
    ['!(a != "x")', { a: 'x' }],
    ['!(a not in {"p", "q"})', { a: 'p' }],
    ['k starts with "min" && k ends with "02"', { k: 'min02' }],
    ['k contains "ab" && !(k == "ab")', { k: 'xab' }],
    ['k starts with "a" && !(k ends with "a")', { k: 'ax' }],
    ['has(a) && a != ""', { a: 'x' }],
  ])('%s -> %j', (text, expected) => {
    const labels = findSatisfyingLabels(ast(text));
    expect(labels).toEqual(expected);
    expect(evaluateSelector(ast(text), labels!)).toBe(true);
  });

  it.each([
    '!all()',
    'has(a) && !has(a)',
    'a == "x" && a == "y"',
    'a in {}',
    'a == "x" && a not in {"x"}',
    'k starts with "a" && k starts with "b"',
  ])('%s -> null (unsatisfiable)', (text) => {
    expect(findSatisfyingLabels(ast(text))).toBeNull();
  });

  it('is deterministic', () => {
    const node = ast('(rack == "1" || rack == "0") && has(zone)');
    expect(findSatisfyingLabels(node)).toEqual(findSatisfyingLabels(node));
  });

  it('any label set it returns satisfies the selector (property)', () => {
    const atoms = [
      'has(a)',
      'a == "x"',
      'a != "x"',
      'b in {"1", "2"}',
      'b not in {"1"}',
      'a starts with "x"',
      'a ends with "y"',
      'a contains "xy"',
      'all()',
    ];
    const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(...atoms),
        tie('e').map((e) => `!(${e})`),
        fc.tuple(tie('e'), fc.constantFrom('&&', '||'), tie('e')).map(([x, op, y]) => `(${x} ${op} ${y})`),
      ),
    })).e;
    fc.assert(
      fc.property(expr, (text) => {
        const node = ast(text);
        const labels = findSatisfyingLabels(node);
        return labels === null || evaluateSelector(node, labels);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('selectorRequirements', () => {
  it('lists comparisons in source order with negation pushed into the operator', () => {
    expect(
      selectorRequirements(ast('rack == "0" && !has(zone) || !(k in {"b", "a"}) && k starts with "m"')),
    ).toEqual([
      { key: 'rack', op: '==', values: ['0'] },
      { key: 'zone', op: '!has', values: [] },
      { key: 'k', op: 'not in', values: ['a', 'b'] },
      { key: 'k', op: 'starts with', values: ['m'] },
    ]);
  });

  it('drops duplicates and ignores all()', () => {
    expect(selectorRequirements(ast('all() && (rack == "0" || rack == "0") && !(a != "1")'))).toEqual([
      { key: 'rack', op: '==', values: ['0'] },
      { key: 'a', op: '==', values: ['1'] },
    ]);
  });

  it('is empty for all()', () => {
    expect(selectorRequirements(ast('all()'))).toEqual([]);
  });
});
