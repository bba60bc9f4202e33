import { readFile } from 'node:fs/promises';
import { EvidenceError, parseEvidence } from '../evidence/schema.ts';
import { deriveFacts } from '../lab/facts.ts';
import { gradeEvidence, toGradeResult } from '../live/session.ts';
import { type ReportFormat, renderFormat } from '../report/format.ts';
import { exitCodeFor } from '../report/model.ts';
import { writeOut } from '../report/output.ts';
import { gradeScale } from '../report/result.ts';
import { useColor } from '../report/terminal.ts';
import { writeReports } from '../report/write.ts';
import { loadRubric, RubricError } from '../rubric/rubric.ts';
import { isSubmissionError } from '../submission/errors.ts';
import { readSubmission } from '../submission/read.ts';
import { CliError } from './errors.ts';

export interface EvaluateOptions {
  submission?: string;
  rubric?: string;
  format: ReportFormat;
  /** Validated by main.ts (prepareReportDir) before the command runs. */
  reportDir?: string;
}

/**
 * `lab-grader evaluate evidence.json`: re-grades a live run offline. The checks are pure functions of
 * the bundle and the submission, so this gives the live grade's result again (or a new one, with a
 * newer grader or rubric).
 */
export async function evaluateCommand(file: string, opts: EvaluateOptions): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const evidence = parseEvidence(text, file);
    const rubric = await loadRubric(opts.rubric);
    const submission = await readSubmission(opts.submission ?? evidence.submission.path);
    const result = toGradeResult(
      evidence,
      gradeEvidence(evidence, deriveFacts(submission, rubric)),
      rubric.lab,
      submission.labDir,
    );
    const scale = gradeScale(rubric);
    const output = renderFormat(opts.format, result, {
      color: opts.format === 'console' && useColor(process.stdout),
      scale,
    });
    writeOut(process.stdout, output);
    if (opts.reportDir)
      await writeReports(opts.reportDir, result, { scale, gradescope: opts.format === 'gradescope' });
    return exitCodeFor(result);
  } catch (e) {
    if (e instanceof EvidenceError || e instanceof RubricError) throw new CliError(e.message);
    if (isSubmissionError(e)) throw new CliError(`${e.message} (pass --submission PATH)`);
    throw e;
  }
}
