import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lab4Result } from '../testing/result-builder.ts';
import { gradescopeSchemas } from './gradescope.ts';
import { parseGradeResults, renderJson } from './json.ts';
import { renderJUnit } from './junit.ts';
import { renderMarkdown, renderMarkdownMany } from './markdown.ts';
import { ReportDirError, writeReports } from './write.ts';

describe('writeReports', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'report-write-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('creates the directory and writes junit.xml, summary.md and results.json', async () => {
    const result = lab4Result();
    const dir = join(base, 'nested', 'out');
    const paths = await writeReports(dir, result);
    expect(paths).toEqual({
      junit: join(dir, 'junit.xml'),
      markdown: join(dir, 'summary.md'),
      json: join(dir, 'results.json'),
    });
    expect(await readFile(paths.junit, 'utf8')).toBe(renderJUnit(result));
    expect(await readFile(paths.markdown, 'utf8')).toBe(renderMarkdown(result));
    expect(await readFile(paths.json, 'utf8')).toBe(renderJson(result));
  });

  it('writes an array to results.json and the many-submission summary for several results', async () => {
    const results = [lab4Result(), lab4Result({ submission: 'bob' })];
    const paths = await writeReports(base, results);
    const json = await readFile(paths.json, 'utf8');
    expect(Array.isArray(JSON.parse(json))).toBe(true);
    expect(parseGradeResults(json)).toEqual(results);
    expect(await readFile(paths.markdown, 'utf8')).toBe(renderMarkdownMany(results));
  });

  it('also writes gradescope.json when asked, valid for Gradescope', async () => {
    const result = lab4Result();
    const paths = await writeReports(base, result, { gradescope: true, scale: { static: 23, live: 41 } });
    expect(paths.gradescope).toBe(join(base, 'gradescope.json'));
    const gradescope = JSON.parse(await readFile(paths.gradescope as string, 'utf8'));
    expect(gradescopeSchemas().results.safeParse(gradescope).success).toBe(true);
    expect(gradescope.score).toBe(result.score);
    expect(await readFile(paths.markdown, 'utf8')).toContain('static grade (files only): 23 points');
    await expect(writeReports(base, [result, result], { gradescope: true })).rejects.toThrow(
      /one submission/,
    );
  });

  it('overwrites reports from an earlier run', async () => {
    await writeReports(base, lab4Result({ submission: 'old' }));
    const paths = await writeReports(base, lab4Result({ submission: 'new' }));
    expect(parseGradeResults(await readFile(paths.json, 'utf8'))[0].submission).toBe('new');
  });
});

describe('writeReports into a bad directory', () => {
  it('fails fast instead of spinning under /proc', async () => {
    await expect(writeReports('/proc/lab-grader-test', lab4Result())).rejects.toThrow(ReportDirError);
  });
});
