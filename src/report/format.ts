import { type ConsoleOptions, renderConsole, renderConsoleMany } from './console.ts';
import type { ReportFormat } from './formats.ts';
import { renderJson, renderJsonLine } from './json.ts';
import { renderJUnit } from './junit.ts';
import { renderMarkdown, renderMarkdownMany } from './markdown.ts';
import type { GradeResult } from './model.ts';
import { isResultList } from './tally.ts';

export { REPORT_FORMATS, type ReportFormat } from './formats.ts';

export interface RenderOptions {
  /** Console only. @default false */
  color?: boolean;
  /** Console only. @default false */
  verbose?: boolean;
}

/**
 * The CLI's `--format`: one result or several. JSON is pretty for one result and JSON Lines (one object
 * per line) for a list, so `check A B C --format json | jq` streams.
 */
export function renderFormat(
  format: ReportFormat,
  results: GradeResult | readonly GradeResult[],
  opts: RenderOptions = {},
): string {
  const consoleOpts: ConsoleOptions = { color: opts.color ?? false, verbose: opts.verbose ?? false };
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
      return isResultList(results) ? renderMarkdownMany(results) : renderMarkdown(results);
  }
}
