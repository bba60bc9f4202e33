import { gradeStatic } from '../grade/static.ts';
import { type ReportFormat, renderFormat } from '../report/format.ts';
import { ExitCode, exitCodeFor, type GradeResult } from '../report/model.ts';
import { writeOut } from '../report/output.ts';
import { safeText } from '../report/safe-text.ts';
import { writeReports } from '../report/write.ts';
import { loadRubric, RubricError } from '../rubric/rubric.ts';
import { isSubmissionError } from '../submission/errors.ts';
import { CliError } from './errors.ts';

export interface CheckOptions {
  format: ReportFormat;
  /** Validated by main.ts (prepareReportDir) before the command runs. */
  reportDir?: string;
  rubric?: string;
  verbose?: boolean;
}

/** `lab-grader check PATH…`: static grading; returns the exit code. */
export async function checkCommand(paths: string[], opts: CheckOptions): Promise<number> {
  const rubric = await loadRubric(opts.rubric).catch((e) => {
    throw e instanceof RubricError ? new CliError(e.message) : e;
  });
  const results: GradeResult[] = [];
  let unreadable = false;
  for (const path of paths) {
    try {
      results.push(await gradeStatic(path, rubric));
    } catch (e) {
      if (!isSubmissionError(e)) throw e;
      // One unreadable path must not stop the others from being graded.
      writeOut(process.stderr, `lab-grader: ${safeText(e.message, { newlines: 'keep' })}`);
      unreadable = true;
    }
  }
  if (results.length > 0) {
    const graded = results.length === 1 ? (results[0] as GradeResult) : results;
    const output = renderFormat(opts.format, graded, {
      color: opts.format === 'console' && process.stdout.isTTY === true && !process.env.NO_COLOR,
      verbose: opts.verbose,
    });
    writeOut(process.stdout, output);
    if (opts.reportDir) {
      const written = await writeReports(opts.reportDir, graded);
      writeOut(process.stderr, `reports: ${written.junit}, ${written.markdown}, ${written.json}`);
    }
  }
  if (unreadable) return ExitCode.usage;
  return Math.max(ExitCode.ok, ...results.map(exitCodeFor));
}
