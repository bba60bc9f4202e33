export { type ConsoleOptions, renderConsole, renderConsoleMany } from './console.ts';
export {
  isSingleResultFormat,
  REPORT_FORMATS,
  type RenderOptions,
  type ReportFormat,
  renderFormat,
  SINGLE_RESULT_FORMATS,
} from './format.ts';
export {
  checkResultSchema,
  checkStatusSchema,
  clusterInfoSchema,
  gradedResultSchema,
  gradeErrorSchema,
  gradeResultJsonSchema,
  gradeResultSchema,
  interruptionSchema,
  parseGradeResult,
  parseGradeResults,
  renderJson,
  renderJsonLine,
  ungradedResultSchema,
} from './json.ts';
export { renderJUnit } from './junit.ts';
export { type MarkdownOptions, renderMarkdown, renderMarkdownMany } from './markdown.ts';
export {
  type ClusterInfo,
  type ClusterKind,
  ExitCode,
  exitCodeFor,
  exitStatus,
  type GradedResult,
  type GradeError,
  type GradeResult,
  type GradeScale,
  type Interruption,
  interruptionText,
  isUngraded,
  notGradedText,
  type OverallVerdict,
  overallVerdict,
  RESULT_SCHEMA,
  scaleText,
  summarize,
  type UngradedResult,
  type Verdict,
  verdictOf,
} from './model.ts';
export { type TextSink, writeOut, writeWorkflowCommands } from './output.ts';
export { type ClassPublication, findRepoRoot, type PublishOptions, publishToGitHub } from './publish.ts';
export { displayPath, gradedResult, gradeScale, ungradedResult } from './result.ts';
export { escapeControls, neutralizeCommands, safeText, unsafeLines } from './safe-text.ts';
export { isInteractive, useColor } from './terminal.ts';
export {
  prepareReportDir,
  ReportDirError,
  type WriteOptions,
  type WrittenReports,
  writeReports,
} from './write.ts';
