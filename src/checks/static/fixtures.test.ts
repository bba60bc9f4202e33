import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveFacts } from '../../lab/facts.ts';
import { defaultRubric } from '../../rubric/rubric.ts';
import { readSubmission } from '../../submission/read.ts';
import { runStaticChecks, STATIC_CHECKS } from './index.ts';

const root = join(import.meta.dirname, '../../../fixtures/submissions');
const brokenDir = join(root, 'broken');

interface Expected {
  description: string;
  fails: string[];
  skips?: string[];
}

async function grade(dir: string) {
  return runStaticChecks(deriveFacts(await readSubmission(dir), defaultRubric));
}

describe('reference submission', () => {
  it('passes every static check', async () => {
    const results = await grade(join(root, 'reference'));
    expect(results.map((r) => r.id)).toEqual(STATIC_CHECKS.map(([id]) => id));
    for (const r of results)
      expect({ id: r.id, status: r.status, message: r.message }).toMatchObject({ status: 'pass' });
    expect(results.reduce((s, r) => s + r.points, 0)).toBe(results.reduce((s, r) => s + r.maxPoints, 0));
  });
});

describe('broken fixtures fail exactly their intended checks', () => {
  const variants = readdirSync(brokenDir);
  it('there are at least 10 of them', () => {
    expect(variants.length).toBeGreaterThanOrEqual(10);
  });
  for (const name of variants) {
    const expected = JSON.parse(readFileSync(join(brokenDir, name, 'expected.json'), 'utf8')) as Expected;
    it(`${name}: ${expected.description}`, async () => {
      const results = await grade(join(brokenDir, name));
      const failed = results.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id);
      const skipped = results.filter((r) => r.status === 'skip').map((r) => r.id);
      expect(failed.sort()).toEqual([...expected.fails].sort());
      expect(skipped.sort()).toEqual([...(expected.skips ?? [])].sort());
      for (const r of results.filter((x) => x.status === 'fail')) {
        expect(r.hint, `${r.id} needs a hint`).toBeTruthy();
        expect(r.points).toBe(0);
      }
    });
  }
});
