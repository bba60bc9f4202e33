import { describe, expect, it } from 'vitest';
import { randomSuffix, templateHash } from './names.ts';

describe('generated names', () => {
  it('pod-template-hash is stable, 10 chars of the SafeEncodeString alphabet, and changes with the template', () => {
    const t = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const reordered = {
      spec: { containers: [{ image: 'nginx', name: 'c' }] },
      metadata: { labels: { app: 'x' } },
    };
    expect(templateHash(t)).toMatch(/^[bcdf4-9]{10}$/);
    expect(templateHash(reordered)).toBe(templateHash(t));
    expect(templateHash({ ...t, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } })).not.toBe(
      templateHash(t),
    );
  });

  it('random suffixes use the apimachinery alphabet and follow the seeded stream', () => {
    let n = 0;
    const fake = () => ((n++ * 7) % 27) / 27;
    expect(randomSuffix(fake)).toBe('bks4c');
  });
});
