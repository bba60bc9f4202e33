import { runStaticChecks } from '../checks/static/index.ts';
import { deriveFacts } from '../lab/facts.ts';
import type { OcrEngine, OcrOptions, ScreenshotRead } from '../ocr/index.ts';
import type { GradedResult } from '../report/model.ts';
import { gradedResult } from '../report/result.ts';
import type { Rubric } from '../rubric/rubric.ts';
import { readSubmission } from '../submission/read.ts';
import type { Submission } from '../submission/types.ts';

/** Kept here for the modules that import it from this one; it lives with the result builder. */
export { displayPath } from '../report/result.ts';

/**
 * How a static grade reads screenshots: OCR options (`readScreenshots` with them; `noOcr` reads none),
 * or an engine shared by a class. Absent: no screenshot is read (today's text-only grade).
 */
export type GradeOcr = OcrOptions | { engine: OcrEngine };

/** Grades a submission from its files alone: no cluster; milliseconds without OCR. */
export async function gradeStatic(
  path: string,
  rubric: Rubric,
  now: () => number = Date.now,
  ocr?: GradeOcr,
): Promise<GradedResult> {
  const startedAt = now();
  const submission = await readSubmission(path);
  const screenshots = await screenshotsOf(submission, ocr);
  return resultFor(submission, rubric, startedAt, now, screenshots);
}

/** The OCR results of a submission's images; [] with no OCR or `--no-ocr` (nothing of OCR loads then). */
export async function screenshotsOf(submission: Submission, ocr?: GradeOcr): Promise<ScreenshotRead[]> {
  if (!ocr || ('noOcr' in ocr && ocr.noOcr)) return [];
  // The report as readSubmission decoded it (a UTF-16 report's links read right), not read again.
  const reportText = submission.report?.text ?? '';
  const reportPath = submission.report?.file;
  if ('engine' in ocr) return ocr.engine.read(submission.root, submission.labDir, reportText, reportPath);
  const { readScreenshots } = await import('../ocr/index.ts');
  return readScreenshots(submission.root, submission.labDir, reportText, { ...ocr, reportPath });
}

export function resultFor(
  submission: Submission,
  rubric: Rubric,
  startedAt: number,
  now: () => number = Date.now,
  screenshots: readonly ScreenshotRead[] = [],
): GradedResult {
  const checks = runStaticChecks(deriveFacts(submission, rubric, screenshots));
  return gradedResult({
    lab: rubric.lab,
    submission: submission.labDir,
    cluster: null,
    checks,
    startedAt,
    durationMs: now() - startedAt,
  });
}
