/**
 * The GitHub Actions half of action.yml, run by scripts/action-grade.sh after the grader: reads the
 * report directory the grader wrote and hands GitHub what it wants — annotations on stdout, the
 * Markdown summary in $GITHUB_STEP_SUMMARY, and the outputs `score`, `max-score`, `status`, `result`
 * (GitHub Classroom's base64 runner result) and `report-dir` in $GITHUB_OUTPUT.
 *
 *   tsx scripts/action-report.ts --report-dir DIR --exit-code N [--repo-root DIR]
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeClassroomResult } from '../src/report/classroom.ts';
import {
  actionOutputs,
  annotations,
  appendStepSummary,
  escapeData,
  writeOutputs,
} from '../src/report/github-actions.ts';
import { parseGradeResults } from '../src/report/json.ts';
import { renderMarkdown } from '../src/report/markdown.ts';
import type { GradeResult } from '../src/report/model.ts';
import { writeWorkflowCommands } from '../src/report/output.ts';
import { safeText } from '../src/report/safe-text.ts';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'report-dir': { type: 'string' },
      'exit-code': { type: 'string' },
      'repo-root': { type: 'string' },
    },
  });
  const reportDir = resolve(values['report-dir'] ?? 'lab-grader-report');
  const exitCode = Number(values['exit-code'] ?? '3');
  const repoRoot = resolve(values['repo-root'] ?? process.env.GITHUB_WORKSPACE ?? '.');

  const result = await readResult(join(reportDir, 'results.json'));
  if (!result) {
    // Nothing graded (bad input, cluster failure): say so where the student looks, and in the outputs.
    const why = `kube-lab-grader could not grade this submission (exit code ${exitCode}); the step log says why.`;
    writeWorkflowCommands(process.stdout, [`::error title=kube-lab-grader::${escapeData(why)}`]);
    await appendStepSummary(`## Lab grading failed\n\n${why}\n`);
    await writeOutputs({ score: 0, 'max-score': 0, status: 'error', 'report-dir': reportDir });
    return 0;
  }
  writeWorkflowCommands(process.stdout, annotations(result, { repoRoot }));
  const summaryFile = join(reportDir, 'summary.md');
  await appendStepSummary(
    existsSync(summaryFile) ? await readFile(summaryFile, 'utf8') : renderMarkdown(result),
  );
  await writeOutputs({ ...actionOutputs(result, encodeClassroomResult(result)), 'report-dir': reportDir });
  return 0;
}

async function readResult(file: string): Promise<GradeResult | undefined> {
  if (!existsSync(file)) return undefined;
  // One submission per action run: results.json holds one object (or a one-element array).
  return parseGradeResults(await readFile(file, 'utf8'))[0];
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`action-report: ${safeText(e instanceof Error ? e.message : String(e))}\n`);
    process.exitCode = 3;
  },
);
