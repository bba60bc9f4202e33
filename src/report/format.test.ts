import { describe, expect, it } from 'vitest';
import { lab4Result } from '../testing/result-builder.ts';
import { renderClassroom } from './classroom.ts';
import { renderConsole, renderConsoleMany } from './console.ts';
import { REPORT_FORMATS, renderFormat } from './format.ts';
import { renderGradescope } from './gradescope.ts';
import { parseGradeResults, renderJson } from './json.ts';
import { renderJUnit } from './junit.ts';
import { renderMarkdown, renderMarkdownMany } from './markdown.ts';

describe('renderFormat', () => {
  const one = lab4Result();
  const many = [one, lab4Result({ submission: 'bob' })];

  it('dispatches each format to its writer', () => {
    expect(renderFormat('console', one)).toBe(renderConsole(one, { color: false }));
    expect(renderFormat('console', many, { color: true, verbose: true })).toBe(
      renderConsoleMany(many, { color: true, verbose: true }),
    );
    expect(renderFormat('junit', many)).toBe(renderJUnit(many));
    expect(renderFormat('markdown', one)).toBe(renderMarkdown(one));
    expect(renderFormat('markdown', many)).toBe(renderMarkdownMany(many));
  });

  it('writes pretty JSON for one result and JSON Lines for several', () => {
    expect(renderFormat('json', one)).toBe(renderJson(one));
    const lines = renderFormat('json', many).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => parseGradeResults(l)[0].submission)).toEqual(['alice', 'bob']);
  });

  it('knows every format it advertises', () => {
    for (const format of REPORT_FORMATS) expect(renderFormat(format, one).length).toBeGreaterThan(0);
  });

  it('renders classroom and gradescope for one result only', () => {
    expect(renderFormat('classroom', one)).toBe(renderClassroom(one));
    expect(renderFormat('gradescope', [one])).toBe(renderGradescope(one));
    expect(() => renderFormat('classroom', many)).toThrow(/one submission, got 2/);
    expect(() => renderFormat('gradescope', many)).toThrow(/one submission, got 2/);
  });

  it('passes the scale to the console and Markdown writers', () => {
    const scale = { static: 23, live: 41 };
    expect(renderFormat('console', one, { scale })).toContain('static grade (files only): 23 points');
    expect(renderFormat('markdown', one, { scale })).toContain('_static grade (files only): 23 points');
    expect(renderFormat('markdown', many, { scale })).toContain('a live grade adds the cluster checks (41)');
    expect(renderFormat('console', one)).not.toContain('static grade');
  });
});
