import { renderClassroom } from './classroom.ts';
import { type ConsoleOptions, renderConsole, renderConsoleMany } from './console.ts';
import { isSingleResultFormat, type ReportFormat } from './formats.ts';
import { renderGradescope } from './gradescope.ts';
import { renderJson, renderJsonLine } from './json-render.ts';
import { renderJUnit } from './junit.ts';
import { renderMarkdown, renderMarkdownMany } from './markdown.ts';
import type { GradeResult, GradeScale } from './model.ts';
import { asList, isResultList } from './tally.ts';

export {
  isSingleResultFormat,
  REPORT_FORMATS,
  type ReportFormat,
  SINGLE_RESULT_FORMATS,
} from './formats.ts';

export interface RenderOptions {
  /** Console only. @default false */
  color?: boolean;
  /** Console only. @default false */
  verbose?: boolean;
  /** Console and Markdown: explain which maximum the score is out of (static or live). */
  scale?: GradeScale;
}

/**
 * The CLI's `--format`: one result or several. JSON is pretty for one result and JSON Lines (one object
 * per line) for a list, so `check A B C --format json | jq` streams. Classroom and Gradescope describe
 * one submission: a list throws (the CLI refuses it as bad usage before grading).
 */
export function renderFormat(
  format: ReportFormat,
  results: GradeResult | readonly GradeResult[],
  opts: RenderOptions = {},
): string {
  const consoleOpts: ConsoleOptions = {
    color: opts.color ?? false,
    verbose: opts.verbose ?? false,
    scale: opts.scale,
  };
  if (isSingleResultFormat(format)) {
    const list = asList(results);
    if (list.length !== 1) throw new Error(`--format ${format} describes one submission, got ${list.length}`);
    const one = list[0] as GradeResult;
    return format === 'classroom' ? renderClassroom(one) : renderGradescope(one);
  }
  switch (format) {
    case 'console':
      return isResultList(results)
        ? renderConsoleMany(results, consoleOpts)
        : renderConsole(results, consoleOpts);
    case 'json':
      return isResultList(results)
        ? results.map((r) => `${renderJsonLine(r)}\n`).join('')
        : renderJson(results);
    case 'junit':
      return renderJUnit(results);
    case 'markdown':
      return isResultList(results)
        ? renderMarkdownMany(results, { scale: opts.scale })
        : renderMarkdown(results, { scale: opts.scale });
  }
}
