import { join, resolve } from 'node:path';
import { type ClusterMode, type LiveConfig, uniqueProfile } from '../live/config.ts';
import { LiveGrade } from '../live/engine.ts';
import { progressFor } from '../live/progress.ts';
import { type ReportFormat, renderFormat } from '../report/format.ts';
import { ExitCode, exitCodeFor, interruptionText } from '../report/model.ts';
import { writeOut } from '../report/output.ts';
import { publishToGitHub } from '../report/publish.ts';
import { safeText } from '../report/safe-text.ts';
import { useColor } from '../report/terminal.ts';
import { RubricError } from '../rubric/rubric.ts';
import { isSubmissionError } from '../submission/errors.ts';
import { CliError } from './errors.ts';

export interface GradeOptions {
  cluster: ClusterMode;
  context?: string;
  kubeconfig?: string;
  profile?: string;
  keep?: boolean;
  calico: string;
  kubernetesVersion?: string;
  minikube?: string;
  rubric?: string;
  reportDir?: string;
  format: ReportFormat;
  faults?: string;
  timeFactor?: string;
  simHome?: string;
}

/**
 * `lab-grader grade`: runs the live grade (live/engine.ts) in this process, prints it and returns the
 * exit code: 0 full marks, 1 short of them, 3 the cluster could not be provisioned or was lost, or a
 * signal interrupted the grade (its reports are still written, marked interrupted).
 */
export async function gradeCommand(submission: string, opts: GradeOptions): Promise<number> {
  const config = configFrom(submission, opts);
  const grade = await LiveGrade.open(config, {
    progress: progressFor(process.stderr),
    reports: { gradescope: opts.format === 'gradescope' },
  }).catch((e) => {
    if (isSubmissionError(e) || e instanceof RubricError) throw new CliError(e.message);
    throw e;
  });
  const { result, provisionError } = await grade.run();
  const scale = grade.scale;
  writeOut(
    process.stdout,
    renderFormat(opts.format, result, {
      color: opts.format === 'console' && useColor(process.stdout),
      scale,
    }),
  );
  if (config.reportDir)
    writeOut(
      process.stderr,
      `reports: ${join(config.reportDir, 'junit.xml')}, summary.md, results.json, evidence.json`,
    );
  // Annotations go with the console output; a machine format keeps stdout to itself.
  await publishToGitHub(result, {
    commands: opts.format === 'console' ? process.stdout : process.stderr,
    scale,
  });
  if (result.interrupted) {
    writeOut(process.stderr, `lab-grader: ${interruptionText(result.interrupted)}`);
    // An abandoned step may still hold a timer or a watch; nothing of it matters any more.
    setTimeout(() => process.exit(ExitCode.infrastructure), 2000).unref();
    return ExitCode.infrastructure;
  }
  if (provisionError) {
    writeOut(
      process.stderr,
      `lab-grader: the cluster could not be provisioned: ${safeText(provisionError, { newlines: 'keep' })}`,
    );
    return ExitCode.infrastructure;
  }
  return exitCodeFor(result);
}

/** opts.reportDir was validated (and made absolute) by main.ts before the command ran. */
function configFrom(submission: string, opts: GradeOptions): LiveConfig {
  const timeFactor = opts.timeFactor ?? process.env.LAB_SIM_TIME_FACTOR ?? '0.01';
  if (!Number.isFinite(Number(timeFactor)) || Number(timeFactor) < 0)
    throw new CliError(`--time-factor must be a number ≥ 0, got '${timeFactor}'`);
  return {
    submission: resolve(submission),
    cluster: opts.cluster,
    context: opts.context,
    kubeconfig: opts.kubeconfig,
    // Unique on sim too: grades sharing a --sim-home must not share (and delete) one profile.
    profile: opts.profile ?? uniqueProfile(),
    keep: opts.keep === true,
    calico: opts.calico,
    kubernetesVersion: opts.kubernetesVersion,
    minikubeBin: opts.minikube,
    rubric: opts.rubric ? resolve(opts.rubric) : undefined,
    reportDir: opts.reportDir,
    sim: {
      faults: opts.faults ?? process.env.LAB_SIM_FAULTS ?? '',
      timeFactor: Number(timeFactor),
      home: opts.simHome ? resolve(opts.simHome) : undefined,
    },
  };
}
