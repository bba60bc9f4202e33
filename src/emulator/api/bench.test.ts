import { describe, expect, it } from 'vitest';
import { benchApi } from './bench.ts';

describe('benchApi', () => {
  it('measures get/list/patch over real requests (p50 ≤ p95, both positive)', async () => {
    const r = await benchApi(10);
    for (const s of [r.get, r.list, r.patch]) {
      expect(s.p50).toBeGreaterThan(0);
      expect(s.p95).toBeGreaterThanOrEqual(s.p50);
    }
  });
});
