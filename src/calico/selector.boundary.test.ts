/**
 * Boundary tests of the Calico selector language (issue 7): label characters at the edges of each
 * character class, the word boundary after `in`, set ordering, and the label sets the grader infers
 * for a pool when a report shows no `kubectl label`.
 */
import { describe, expect, it } from 'vitest';
import { findSatisfyingLabels, parseSelector, selects } from './selector.ts';
import { compareCodePoints, toStringSet } from './selector-ast.ts';

const ok = (s: string) => parseSelector(s).ok;

describe('label characters at the class edges', () => {
  it.each(['a', 'z', 'A', 'Z', '0', '9', '_', '.', '/', '-', 'rack.io/zone-A_9'])('%s is a label', (key) => {
    expect(ok(`${key} == "x"`)).toBe(true);
    expect(selects(`${key} == "x"`, { [key]: 'x' })).toBe(true);
  });
  it.each(['@', '[', '`', '{', ':', '~', '+'])('%s is not a label character', (c) => {
    expect(ok(`k${c} == "x"`)).toBe(false);
  });
});

describe('the word boundary after in / not in', () => {
  it.each([
    ['k in {"a"}', true],
    ['k in{"a"}', true],
    ['k not in {"a"}', true],
    ['k not  in{"a"}', true],
    ['k inA {"a"}', false],
    ['k inZ {"a"}', false],
    ['k ina {"a"}', false],
    ['k inz {"a"}', false],
    ['k in0 {"a"}', false],
    ['k in9 {"a"}', false],
    ['k in_ {"a"}', false],
    ['k not inx {"a"}', false],
  ])('%s parses: %s', (s, want) => {
    expect(ok(s)).toBe(want);
  });

  it('`in` at the very end is the operator, missing its set', () => {
    const r = parseSelector('k in');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('Expected set literal');
    const n = parseSelector('k not in');
    if (!n.ok) expect(n.error.message).toBe('Expected set literal');
    const w = parseSelector('k inx');
    if (!w.ok) expect(w.error.message).toContain("unexpected characters after label 'k'");
  });

  it.each([
    ['k contains "a"', { k: 'xay' }, true],
    ['k starts with "a"', { k: 'ab' }, true],
    ['k startswith "a"', { k: 'ab' }, true],
    ['k ends with "b"', { k: 'ab' }, true],
    ['k ends with "b"', { k: 'ba' }, false],
    ['k != "a"', {}, true],
    ['k != "a"', { k: 'a' }, false],
    ['k not in {"a"}', {}, true],
    ['k in {"a"}', {}, false],
  ])('%s on %o: %s', (s, labels, want) => {
    expect(selects(s, labels)).toBe(want);
  });
});

describe('sets are sorted by code point and de-duplicated', () => {
  it('canonical form', () => {
    const r = parseSelector('k in {"b", "a", "ab", "a", "B"}');
    expect(r.ok && r.canonical).toBe('k in {"B", "a", "ab", "b"}');
    const one = parseSelector('k in {"b"}');
    expect(one.ok && one.canonical).toBe('k in {"b"}');
    const two = parseSelector('k in {"a", "a"}');
    expect(two.ok && two.canonical).toBe('k in {"a"}');
  });

  it('compareCodePoints: prefixes, astral characters, equal strings', () => {
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('ab', 'ab')).toBe(0);
    expect(compareCodePoints('b', 'a')).toBeGreaterThan(0);
    // U+1F600 sorts after U+FFFF by code point (UTF-16 order would put it first).
    expect(compareCodePoints('😀', '\uffff')).toBeGreaterThan(0);
    expect(compareCodePoints('😀a', '😀b')).toBeLessThan(0);
    expect(compareCodePoints('😀b', '😀a')).toBeGreaterThan(0);
    // U+FFFF is one UTF-16 unit: the next character is still compared.
    expect(compareCodePoints('\uffffa', '\uffffb')).toBeLessThan(0);
    expect(toStringSet(['\uffff', '😀', 'a'])).toEqual(['a', '\uffff', '😀']);
    expect(toStringSet(['b'])).toEqual(['b']);
    expect(toStringSet([])).toEqual([]);
  });
});

describe('findSatisfyingLabels: the labels the grader gives a node for a pool', () => {
  const labels = (s: string) => {
    const r = parseSelector(s);
    if (!r.ok) throw new Error(r.error.message);
    const found = findSatisfyingLabels(r.ast);
    if (found) expect(selects(s, found), s).toBe(true);
    return found;
  };
  it.each([
    ['rack == "0"', { rack: '0' }],
    ['rack != "0"', {}],
    ['!(rack != "0")', { rack: '0' }],
    ['rack in {"b", "a"}', { rack: 'a' }],
    ['!(rack not in {"a"})', { rack: 'a' }],
    ['rack not in {"a"}', {}],
    ['!(rack in {"a"})', {}],
    ['has(rack)', { rack: 'x' }],
    ['!has(rack)', {}],
    ['rack starts with "r"', { rack: 'r' }],
    ['rack ends with "0"', { rack: '0' }],
    ['rack starts with "ab" && rack starts with "a"', { rack: 'ab' }],
    ['rack ends with "yz" && rack ends with "z"', { rack: 'yz' }],
    ['rack starts with "a" && rack ends with "z"', { rack: 'az' }],
    ['rack contains "m" && rack starts with "a"', { rack: 'am' }],
    ['rack contains "m" && !(rack contains "x")', { rack: 'm' }],
    ['rack == "0" || rack == "1"', { rack: '0' }],
    ['!(rack == "0" && zone == "a")', {}],
    ['!(rack == "0" || rack == "1")', {}],
    ['rack == "0" && !(rack != "0")', { rack: '0' }],
    ['all()', {}],
    ['global()', {}],
  ])('%s -> %o', (s, want) => {
    expect(labels(s)).toEqual(want);
  });

  it.each([
    '!all()',
    'has(a) && !has(a)',
    'a == "x" && a == "y"',
    'a == "x" && a != "x"',
    '!global()',
    'a in {"x"} && !(a in {"x"})',
  ])('%s has none', (s) => {
    expect(labels(s)).toBeNull();
  });

  it('a negated substring test is dodged with a filler', () => {
    expect(labels('rack starts with "a" && !(rack ends with "a")')).toEqual({ rack: 'ax' });
    expect(labels('rack contains "" && !(rack == "")')).toEqual({ rack: 'x' });
  });

  it('gives up on a selector that needs too many steps', () => {
    const wide = Array.from({ length: 16 }, (_, i) => `(a${i} == "x" || b${i} == "y")`).join(' && ');
    const r = parseSelector(`${wide} && !all()`);
    expect(r.ok && findSatisfyingLabels(r.ast)).toBeNull();
  });
});
