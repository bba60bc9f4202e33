import { join, resolve } from 'node:path';
import { classSubmissions } from '../batch/class-input.ts';
import { ClassReportError, gradeClass } from '../batch/class-run.ts';
import { parseJobs } from '../batch/pool.ts';
import { RosterError } from '../batch/roster.ts';
import { parseShard, ShardError } from '../batch/shard.ts';
import { trapSignals } from '../cluster/cleanup.ts';
import {
  type ClusterMode,
  type LiveConfig,
  parseRetries,
  parseTimeFactor,
  uniqueProfile,
} from '../live/config.ts';
import { LiveGrade } from '../live/engine.ts';
import { progressFor, silentProgress } from '../live/progress.ts';
import { isSingleResultFormat, type ReportFormat, renderFormat } from '../report/format.ts';
import { ExitCode, exitCodeFor, interruptionText } from '../report/model.ts';
import { writeOut } from '../report/output.ts';
import { publishToGitHub } from '../report/publish.ts';
import { gradeScale } from '../report/result.ts';
import { safeText } from '../report/safe-text.ts';
import { useColor } from '../report/terminal.ts';
import { loadRubric, RubricError } from '../rubric/rubric.ts';
import { isSubmissionError } from '../submission/errors.ts';
import { asUsage, CliError } from './errors.ts';

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
  roster?: string;
  /** Submissions graded at once, each on its own cluster (default 1). */
  jobs?: string;
  shard?: string;
  /** Tries again after the first of a step failing outside the student's control (default 1). */
  retries?: string;
}

/**
 * `lab-grader grade`: runs the live grade (live/engine.ts) in this process, prints it and returns the
 * exit code: 0 full marks, 1 short of them, 3 the cluster could not be provisioned or was lost, or a
 * signal interrupted the grade (its reports are still written, marked interrupted).
 */
export async function gradeCommand(paths: string[], opts: GradeOptions): Promise<number> {
  if (opts.retries !== undefined) usage(() => parseRetries(opts.retries as string));
  const single = paths.length === 1 && !opts.roster && !opts.shard;
  if (single) return gradeOne(paths[0] as string, opts);
  if (paths.length === 0 && !opts.roster)
    throw new CliError('grade needs a submission path or --roster FILE');
  if (paths.length > 0 && opts.roster) throw new CliError('give submission paths or --roster, not both');
  return gradeMany(paths, opts);
}

async function gradeOne(submission: string, opts: GradeOptions): Promise<number> {
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

/**
 * A class, live: `--jobs` grades at once, each on a fresh cluster of its own (a unique minikube
 * profile; on sim its own emulated cluster), each student's reports and evidence in OUT/<student>/.
 * One signal trap for the whole class: it interrupts every running grade, which still writes its
 * reports and deletes its cluster; grades not yet started become ungraded rows.
 */
async function gradeMany(paths: string[], opts: GradeOptions): Promise<number> {
  if (isSingleResultFormat(opts.format))
    throw new CliError(`--format ${opts.format} describes one submission; for a class use --report-dir`);
  if (opts.profile) throw new CliError('--profile names one cluster; a class gets a profile per submission');
  const jobs = opts.jobs === undefined ? 1 : usage(() => parseJobs(opts.jobs as string));
  const shard = opts.shard === undefined ? undefined : usage(() => parseShard(opts.shard as string));
  const rubric = await loadRubric(opts.rubric).catch((e) => {
    throw e instanceof RubricError ? new CliError(e.message) : e;
  });
  const scale = gradeScale(rubric);
  const submissions = await classSubmissions(opts.roster ? { roster: opts.roster } : { paths }, shard).catch(
    (e) => {
      throw e instanceof RosterError ? new CliError(e.message) : e;
    },
  );
  const stop = new AbortController();
  const trap = trapSignals((signal) => stop.abort(signal));
  try {
    const run = await gradeClass(
      submissions,
      async (s, signal) => {
        const config = configFrom(s.path, {
          ...opts,
          reportDir: opts.reportDir ? join(opts.reportDir, s.student) : undefined,
        });
        const grade = await LiveGrade.open(config, { progress: silentProgress, signals: false });
        const onAbort = () => grade.session.interrupt(String(signal.reason ?? 'SIGINT'));
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
        return (await grade.run()).result;
      },
      {
        jobs,
        lab: rubric.lab,
        reportDir: opts.reportDir,
        scale,
        signal: stop.signal,
        onProgress: (line) => writeOut(process.stderr, line),
      },
    ).catch((e) => {
      throw e instanceof ClassReportError ? new CliError(e.message, ExitCode.infrastructure) : e;
    });
    if (run.results.length > 0)
      writeOut(
        process.stdout,
        renderFormat(opts.format, run.results, {
          color: opts.format === 'console' && useColor(process.stdout),
          scale,
        }),
      );
    if (run.files)
      writeOut(process.stderr, `class: ${run.files.csv}, ${run.files.markdown}, ${run.files.junit}`);
    await publishToGitHub(run, { commands: opts.format === 'console' ? process.stdout : process.stderr });
    return stop.signal.aborted ? ExitCode.infrastructure : run.exitCode;
  } finally {
    trap.dispose();
  }
}

/** A flag's parser whose RangeError or ShardError is bad usage. */
function usage<T>(parse: () => T): T {
  return asUsage(parse, ShardError);
}

/** opts.reportDir was validated (and made absolute) by main.ts before the command ran. */
function configFrom(submission: string, opts: GradeOptions): LiveConfig {
  const timeFactor = usage(() =>
    parseTimeFactor(opts.timeFactor ?? process.env.LAB_SIM_TIME_FACTOR, '--time-factor'),
  );
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
    ...(opts.retries === undefined ? {} : { retries: usage(() => parseRetries(opts.retries as string)) }),
    rubric: opts.rubric ? resolve(opts.rubric) : undefined,
    reportDir: opts.reportDir,
    sim: {
      faults: opts.faults ?? process.env.LAB_SIM_FAULTS ?? '',
      timeFactor,
      home: opts.simHome ? resolve(opts.simHome) : undefined,
    },
  };
}
