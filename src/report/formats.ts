/** The CLI's `--format` values. Kept apart from the writers so the CLI can list them without loading them. */
export const REPORT_FORMATS = ['console', 'json', 'junit', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
