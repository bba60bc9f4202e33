import { gradeStatic } from '../grade/static.ts';
import { type ReportFormat, renderFormat } from '../report/format.ts';
import { ExitCode, exitCodeFor, type GradeResult } from '../report/model.ts';
import { writeReports } from '../report/write.ts';
import { loadRubric, RubricError } from '../rubric/rubric.ts';
import { isSubmissionError } from '../submission/errors.ts';
import { CliError } from './errors.ts';

export interface CheckOptions {
  format: ReportFormat;
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
      process.stderr.write(`lab-grader: ${e.message}\n`);
      unreadable = true;
    }
  }
  if (results.length > 0) {
    const output = renderFormat(opts.format, results.length === 1 ? (results[0] as GradeResult) : results, {
      color: opts.format === 'console' && process.stdout.isTTY === true && !process.env.NO_COLOR,
      verbose: opts.verbose,
    });
    process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    if (opts.reportDir) {
      const written = await writeReports(
        opts.reportDir,
        results.length === 1 ? (results[0] as GradeResult) : results,
      );
      process.stderr.write(`reports: ${written.junit}, ${written.markdown}, ${written.json}\n`);
    }
  }
  if (unreadable) return ExitCode.usage;
  return Math.max(ExitCode.ok, ...results.map(exitCodeFor));
}
