import { describe, expect, it } from 'vitest';
import { goTokensString, TokenKind, tokenize } from './selector-tokenizer.ts';

function kinds(text: string): number[] {
  const r = tokenize(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.tokens.map((t) => t.kind);
}

describe('tokenize (tokenizer.go, docs/reference-facts.md, calico-selector "Tokens")', () => {
  it('produces Calico token kinds with positions and an EOF token', () => {
    const r = tokenize('rack in {"0", \'1\'} && !has(zone)');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.tokens.map((t) => [t.kind, t.value, t.pos])).toEqual([
      [TokenKind.Label, 'rack', 0],
      [TokenKind.In, null, 5],
      [TokenKind.LBrace, null, 8],
      [TokenKind.StringLiteral, '0', 9],
      [TokenKind.Comma, null, 12],
      [TokenKind.StringLiteral, '1', 14],
      [TokenKind.RBrace, null, 17],
      [TokenKind.And, null, 19],
      [TokenKind.Not, null, 22],
      [TokenKind.Has, 'zone', 23],
      [TokenKind.EOF, null, 32],
    ]);
  });

  it('recognises word operators only right after a label', () => {
    expect(kinds('a contains "x"')).toEqual([
      TokenKind.Label,
      TokenKind.Contains,
      TokenKind.StringLiteral,
      TokenKind.EOF,
    ]);
    expect(kinds('contains')).toEqual([TokenKind.Label, TokenKind.EOF]);
    expect(kinds('a not in {}')).toEqual([
      TokenKind.Label,
      TokenKind.NotIn,
      TokenKind.LBrace,
      TokenKind.RBrace,
      TokenKind.EOF,
    ]);
    // `in\b`: `in-x` is `in` then the label `-x`.
    expect(kinds('a in-x')).toEqual([TokenKind.Label, TokenKind.In, TokenKind.Label, TokenKind.EOF]);
  });

  it('keeps quotes raw: no escapes, the other quote is ordinary text', () => {
    const r = tokenize(`'a"b' "c\\"`);
    expect(r.ok && r.tokens.map((t) => t.value)).toEqual(['a"b', 'c\\', null]);
  });

  it('skips only spaces and tabs between tokens', () => {
    expect(kinds(' \tall() \t')).toEqual([TokenKind.All, TokenKind.EOF]);
    expect(tokenize('all()\n')).toMatchObject({
      ok: false,
      error: { message: 'unexpected characters', pos: 5 },
    });
  });

  it('prints tokens the way Go prints Calico Token structs', () => {
    const r = tokenize('rack "0"');
    expect(r.ok && goTokensString(r.tokens)).toBe('[{1 rack} {2 0} {21 <nil>}]');
  });
});
