/**
 * Label syntax as k8s.io/apimachinery/pkg/util/validation/validation.go checks it
 * (IsQualifiedName, IsValidLabelValue: `(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?`, at most 63).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelValueErrors, qualifiedNameErrors, validateLabels } from './labels.ts';

describe('label syntax', () => {
  it('accepts valid values and keys, rejects the upstream examples of invalid ones', () => {
    expect(labelValueErrors('')).toEqual([]);
    expect(labelValueErrors('my_value.1')).toEqual([]);
    expect(labelValueErrors('a b')).toHaveLength(1);
    expect(labelValueErrors('-a')).toHaveLength(1);
    expect(labelValueErrors('x'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(qualifiedNameErrors('example.com/rack')).toEqual([]);
    expect(qualifiedNameErrors('/rack')).toEqual(['prefix part must be non-empty']);
    expect(qualifiedNameErrors('Example.com/rack')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(qualifiedNameErrors('a/b/c')[0]).toMatch(/^a qualified name must consist of/);
  });

  it('agrees with the upstream regex on arbitrary strings (property)', () => {
    const upstream = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const ok = s.length <= 63 && upstream.test(s);
        expect(labelValueErrors(s).length === 0).toBe(ok);
        const errs = validateLabels({ k: s }, 'metadata.labels');
        expect(errs.every((e) => e.field === 'metadata.labels' && e.body.startsWith('Invalid value: '))).toBe(
          true,
        );
      }),
    );
  });
});
