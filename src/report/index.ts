export { type ConsoleOptions, printable, renderConsole, renderConsoleMany } from './console.ts';
export { REPORT_FORMATS, type RenderOptions, type ReportFormat, renderFormat } from './format.ts';
export {
  checkResultSchema,
  checkStatusSchema,
  clusterInfoSchema,
  gradeResultJsonSchema,
  gradeResultSchema,
  parseGradeResult,
  parseGradeResults,
  renderJson,
  renderJsonLine,
} from './json.ts';
export { renderJUnit } from './junit.ts';
export { type MarkdownOptions, renderMarkdown, renderMarkdownMany } from './markdown.ts';
export {
  type ClusterInfo,
  type ClusterKind,
  ExitCode,
  exitCodeFor,
  type GradeResult,
  RESULT_SCHEMA,
  summarize,
} from './model.ts';
export { type WrittenReports, writeReports } from './write.ts';
