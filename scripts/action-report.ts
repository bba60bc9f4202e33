/**
 * The fallback half of action.yml's grading step (scripts/action-grade.sh), run only when the grader
 * published nothing to GitHub itself: it publishes the results.json the grader left (a command that
 * does not publish yet) through the same publishToGitHub the CLI uses, or, when there is none (bad
 * input: nothing was graded), says so in an annotation, the step summary and the outputs
 * (score 0 of 0, status error).
 *
 *   tsx scripts/action-report.ts --report-dir DIR --exit-code N
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { annotation, appendStepSummary, writeOutputs } from '../src/report/github-actions.ts';
import { parseGradeResults } from '../src/report/json.ts';
import { writeWorkflowCommands } from '../src/report/output.ts';
import { publishToGitHub } from '../src/report/publish.ts';
import { safeText } from '../src/report/safe-text.ts';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'report-dir': { type: 'string' }, 'exit-code': { type: 'string' } },
  });
  const file = join(resolve(values['report-dir'] ?? 'lab-grader-report'), 'results.json');
  // One submission per action run: results.json holds one object (or a one-element array).
  const result = existsSync(file) ? parseGradeResults(await readFile(file, 'utf8'))[0] : undefined;
  if (result) {
    await publishToGitHub(result, { env: { ...process.env, GITHUB_ACTIONS: 'true' } });
    return 0;
  }
  const why = `kube-lab-grader could not grade this submission (exit code ${values['exit-code'] ?? '?'}); the step log says why.`;
  writeWorkflowCommands(process.stdout, [annotation('error', 'kube-lab-grader', why)]);
  await appendStepSummary(`## Lab grading failed\n\n${why}\n`);
  await writeOutputs({ score: 0, 'max-score': 0, status: 'error' });
  return 0;
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
