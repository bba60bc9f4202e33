import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATIC_CHECKS } from '../checks/static/index.ts';
import { checkSpec, defaultRubric, parseRubric, RubricError } from './rubric.ts';

describe('the Lab 4 rubric', () => {
  it('has an entry for every static check, and the README documents every check id', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    for (const [id] of STATIC_CHECKS) expect(checkSpec(defaultRubric, id).points).toBeGreaterThan(0);
    for (const id of Object.keys(defaultRubric.checks))
      expect(readme, `README lacks ${id}`).toContain(`\`${id}\``);
  });

  it('rejects a malformed rubric with the field named', () => {
    expect(() => parseRubric('{', 'r.json')).toThrow(RubricError);
    const bad = { ...defaultRubric, expect: { ...defaultRubric.expect, replicas: 'two' } };
    expect(() => parseRubric(JSON.stringify(bad), 'r.json')).toThrow(/replicas/);
  });

  it('carries the apply policy caps, defaulted for rubric files written before it', () => {
    expect(defaultRubric.expect.apply).toMatchObject({ namespace: 'lab4', maxReplicas: 4, maxMemory: '1Gi' });
    const { apply: _, ...older } = defaultRubric.expect;
    const parsed = parseRubric(JSON.stringify({ ...defaultRubric, expect: older }), 'old.json');
    expect(parsed.expect.apply).toEqual(defaultRubric.expect.apply);
    const badCap = { ...defaultRubric.expect, apply: { ...defaultRubric.expect.apply, maxMemory: 'lots' } };
    expect(() => parseRubric(JSON.stringify({ ...defaultRubric, expect: badCap }), 'r.json')).toThrow(
      /maxMemory/,
    );
  });

  it('lets staff change expectations and points', () => {
    const custom = parseRubric(
      JSON.stringify({
        ...defaultRubric,
        expect: { ...defaultRubric.expect, replicas: 3 },
        checks: { ...defaultRubric.checks, 'deployment.replicas': { title: 'x', points: 5 } },
      }),
      'r.json',
    );
    expect(custom.expect.replicas).toBe(3);
    expect(checkSpec(custom, 'deployment.replicas').points).toBe(5);
  });
});
