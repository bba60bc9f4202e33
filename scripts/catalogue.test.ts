import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_REGISTRY, registryEntry } from '../src/checks/registry.ts';
import {
  catalogueTable,
  formatJson,
  markdownTable,
  passesWhen,
  README,
  ROOT,
  RUBRIC_JSON,
  updateReadme,
  updateRubricJson,
  WRITE_COMMAND,
} from './catalogue.ts';

describe('the generated catalogue', () => {
  it(`README.md's check tables are the registry's (else run: ${WRITE_COMMAND})`, () => {
    const readme = readFileSync(README, 'utf8');
    expect(
      updateReadme(readme) === readme,
      `README.md's "Check catalogue" tables are out of date with src/checks/registry.ts; run: ${WRITE_COMMAND}`,
    ).toBe(true);
  });

  it(`src/rubric/lab4.json's checks are the registry's defaults (else run: ${WRITE_COMMAND})`, () => {
    const json = readFileSync(RUBRIC_JSON, 'utf8');
    expect(
      updateRubricJson(json) === json,
      `the checks section of src/rubric/lab4.json is out of date with src/checks/registry.ts; run: ${WRITE_COMMAND}`,
    ).toBe(true);
  });

  it('has one row per check, with its points and sentence', () => {
    for (const phase of ['static', 'live'] as const) {
      const rows = catalogueTable(phase).split('\n').slice(2);
      const entries = CHECK_REGISTRY.filter((c) => c.phase === phase);
      expect(rows).toHaveLength(entries.length);
      entries.forEach((c, i) => {
        const cells = rows[i].split(' | ').map((cell) => cell.replace(/^\| |\s*\|?$/g, '').trim());
        expect(cells).toEqual([`\`${c.id}\``, String(c.points), passesWhen(c)]);
      });
    }
  });

  it('says in the sentence which static check a live one replaces', () => {
    const live = registryEntry('live', 'pools.default-removed');
    expect(live && passesWhen(live)).toBe(
      '(replaces the static check) the default pool is gone or disabled, no app pod has an address from it, and the report did the removal (if the grader had to, it fails as not shown)',
    );
    const other = { ...live!, id: 'pools.gone', replaces: 'pools.default-removed' };
    expect(passesWhen(other)).toMatch(/^\(replaces the static `pools\.default-removed`\) the default pool/);
    const local = registryEntry('static', 'pools.defined');
    expect(local && passesWhen(local)).toBe(local?.passesWhen);
  });

  it('pads a table to its widest cells', () => {
    expect(markdownTable(['id', 'x'], [['`a.b`', 'long cell']])).toBe(
      ['| id    | x         |', '| ----- | --------- |', '| `a.b` | long cell |'].join('\n'),
    );
  });

  it('rewrites only between the markers, and needs both pairs', () => {
    const text = [
      'intro',
      '<!-- catalogue:static -->',
      'old static',
      '<!-- /catalogue:static -->',
      'middle',
      '<!-- catalogue:live -->',
      '<!-- /catalogue:live -->',
      'end',
    ].join('\n');
    const out = updateReadme(text);
    expect(out).toBe(
      [
        'intro',
        '<!-- catalogue:static -->',
        '',
        catalogueTable('static'),
        '',
        '<!-- /catalogue:static -->',
        'middle',
        '<!-- catalogue:live -->',
        '',
        catalogueTable('live'),
        '',
        '<!-- /catalogue:live -->',
        'end',
      ].join('\n'),
    );
    expect(updateReadme(out)).toBe(out);
    expect(() => updateReadme('no markers')).toThrow(/<!-- catalogue:static -->/);
    expect(() => updateReadme(text.replace('<!-- /catalogue:live -->', ''))).toThrow(/catalogue:live/);
  });

  it('writes lab4.json as biome formats it, keeping everything but the checks', () => {
    const json = readFileSync(RUBRIC_JSON, 'utf8');
    expect(`${formatJson(JSON.parse(json))}\n`).toBe(json);
    const parsed = JSON.parse(json);
    const stale = JSON.stringify({ ...parsed, checks: { 'deployment.env': { title: 'x', points: 9 } } });
    expect(updateRubricJson(stale)).toBe(json);
    expect(formatJson({ a: ['x'.repeat(120)], b: [], c: {} })).toBe(
      `{\n  "a": [\n    "${'x'.repeat(120)}"\n  ],\n  "b": [],\n  "c": {}\n}`,
    );
  });

  it('prints the tables without --write, and --check passes on this tree', () => {
    const run = (...args: string[]) =>
      spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/catalogue.ts'), ...args], {
        cwd: ROOT,
        encoding: 'utf8',
      });
    const printed = run();
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout).toContain(catalogueTable('static'));
    expect(printed.stdout).toContain(catalogueTable('live'));
    const checked = run('--check');
    expect(checked.status, checked.stderr).toBe(0);
  });
});
