export { type ConsoleOptions, renderConsole, renderConsoleMany } from './console.ts';
export { REPORT_FORMATS, type RenderOptions, type ReportFormat, renderFormat } from './format.ts';
export {
  checkResultSchema,
  checkStatusSchema,
  clusterInfoSchema,
  gradeResultJsonSchema,
  gradeResultSchema,
  interruptionSchema,
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
  type Interruption,
  interruptionText,
  type OverallVerdict,
  overallVerdict,
  RESULT_SCHEMA,
  summarize,
  type Verdict,
  verdictOf,
} from './model.ts';
export { type TextSink, writeOut } from './output.ts';
export { escapeControls, neutralizeCommands, safeText, unsafeLines } from './safe-text.ts';
export { prepareReportDir, ReportDirError, type WrittenReports, writeReports } from './write.ts';
