/** The CLI's `--format` values. Kept apart from the writers so the CLI can list them without loading them. */
export const REPORT_FORMATS = ['console', 'json', 'junit', 'markdown', 'classroom', 'gradescope'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Formats that describe one submission (a Classroom runner result, a Gradescope results.json). */
export const SINGLE_RESULT_FORMATS = ['classroom', 'gradescope'] as const satisfies readonly ReportFormat[];
export type SingleResultFormat = (typeof SINGLE_RESULT_FORMATS)[number];

export function isSingleResultFormat(format: ReportFormat): format is SingleResultFormat {
  return (SINGLE_RESULT_FORMATS as readonly string[]).includes(format);
}
