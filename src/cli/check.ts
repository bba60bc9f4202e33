import { availableParallelism } from 'node:os';
import { type ClassSource, classSubmissions } from '../batch/class-input.ts';
import { ClassReportError, gradeClass } from '../batch/class-run.ts';
import { MAX_JOBS, parseJobs } from '../batch/pool.ts';
import { RosterError } from '../batch/roster.ts';
import { parseShard, ShardError } from '../batch/shard.ts';
import { gradeStatic } from '../grade/static.ts';
import type { OcrOptions } from '../ocr/types.ts';
import { isSingleResultFormat, type ReportFormat, renderFormat } from '../report/format.ts';
import { ExitCode, exitCodeFor, type GradeResult, type GradeScale } from '../report/model.ts';
import { writeOut } from '../report/output.ts';
import { publishToGitHub } from '../report/publish.ts';
import { gradeScale } from '../report/result.ts';
import { useColor } from '../report/terminal.ts';
import { writeReports } from '../report/write.ts';
import { loadRubric, type Rubric, RubricError } from '../rubric/rubric.ts';
import { isSubmissionError } from '../submission/errors.ts';
import { asUsage, CliError } from './errors.ts';
import { ocrOptionsOf } from './ocr-options.ts';

export interface CheckOptions {
  format: ReportFormat;
  /** Validated by main.ts (prepareReportDir) before the command runs. */
  reportDir?: string;
  rubric?: string;
  verbose?: boolean;
  roster?: string;
  jobs?: string;
  shard?: string;
  /** false with --no-ocr; with --cache-dir and --fetch-images, see cli/ocr-options.ts. */
  ocr?: boolean;
  cacheDir?: string;
  fetchImages?: boolean;
}

/**
 * `lab-grader check PATH…` / `check --roster FILE`: static grading; returns the exit code. One path
 * (no roster, no shard) is graded as it always was; several, a roster or a shard are a class
 * (src/batch/class-run.ts): per-student folders and class files under --report-dir.
 */
export async function checkCommand(paths: string[], opts: CheckOptions): Promise<number> {
  const source = sourceOf(paths, opts);
  const shard = opts.shard === undefined ? undefined : usage(() => parseShard(opts.shard as string));
  const jobs = opts.jobs === undefined ? defaultJobs() : usage(() => parseJobs(opts.jobs as string));
  // The screenshot reader's options (issue 12, cli/ocr-options.ts): a bad flag is a usage error
  // before anything is graded.
  const ocr = usage(() => ocrOptionsOf(opts));
  const single = 'paths' in source && source.paths.length === 1 && !shard;
  if (!single && isSingleResultFormat(opts.format))
    throw new CliError(
      `--format ${opts.format} describes one submission; for a class use --report-dir (class.csv and each student's results.json) or --format json`,
    );
  const rubric = await loadRubric(opts.rubric).catch((e) => {
    throw e instanceof RubricError ? new CliError(e.message) : e;
  });
  const scale = gradeScale(rubric);
  if (single) return checkOne(source.paths[0] as string, rubric, scale, opts, ocr);

  const submissions = await classSubmissions(source, shard).catch((e) => {
    throw e instanceof RosterError ? new CliError(e.message) : e;
  });
  if (shard && submissions.length === 0)
    writeOut(process.stderr, `lab-grader: shard ${shard.index}/${shard.count} has no submissions`);
  // One set of OCR workers and one cache for the whole class (loaded only if an image is read).
  const engine = ocr.noOcr ? undefined : (await import('../ocr/index.ts')).createOcrEngine(ocr);
  const run = await gradeClass(
    submissions,
    (s) => gradeStatic(s.path, rubric, Date.now, engine ? { engine } : ocr),
    {
      jobs,
      lab: rubric.lab,
      reportDir: opts.reportDir,
      scale,
      onProgress: (line) => writeOut(process.stderr, line),
    },
  )
    .catch((e) => {
      throw e instanceof ClassReportError ? new CliError(e.message, ExitCode.infrastructure) : e;
    })
    .finally(() => engine?.close());
  if (run.results.length > 0) writeOut(process.stdout, render(opts, run.results, scale));
  if (run.files)
    writeOut(process.stderr, `class: ${run.files.csv}, ${run.files.markdown}, ${run.files.junit}`);
  await publishToGitHub(run, { commands: commandSink(opts.format) });
  return run.exitCode;
}

/** One submission, as `check PATH` always did: an unreadable path is bad usage (2), not a grade. */
async function checkOne(
  path: string,
  rubric: Rubric,
  scale: GradeScale,
  opts: CheckOptions,
  ocr: OcrOptions,
): Promise<number> {
  const result = await gradeStatic(path, rubric, Date.now, ocr).catch((e) => {
    throw isSubmissionError(e) ? new CliError(e.message) : e;
  });
  writeOut(process.stdout, render(opts, result, scale));
  if (opts.reportDir) {
    const written = await writeReports(opts.reportDir, result, {
      scale,
      gradescope: opts.format === 'gradescope',
    });
    writeOut(process.stderr, `reports: ${Object.values(written).join(', ')}`);
  }
  await publishToGitHub(result, { commands: commandSink(opts.format), scale });
  return exitCodeFor(result);
}

function render(
  opts: CheckOptions,
  results: GradeResult | readonly GradeResult[],
  scale: GradeScale,
): string {
  return renderFormat(opts.format, results, {
    color: opts.format === 'console' && useColor(process.stdout),
    verbose: opts.verbose,
    scale,
  });
}

/** Annotations go with the console output; a machine format keeps stdout to itself. */
function commandSink(format: ReportFormat): NodeJS.WriteStream {
  return format === 'console' ? process.stdout : process.stderr;
}

function sourceOf(paths: readonly string[], opts: CheckOptions): ClassSource {
  if (opts.roster !== undefined && paths.length > 0)
    throw new CliError('give submission paths or --roster FILE, not both');
  if (opts.roster !== undefined) return { roster: opts.roster };
  if (paths.length === 0)
    throw new CliError("missing submission paths (or --roster FILE); see 'check --help'");
  return { paths };
}

function defaultJobs(): number {
  return Math.min(MAX_JOBS, Math.max(1, availableParallelism()));
}

/** A flag's parser whose RangeError or ShardError is bad usage. */
function usage<T>(parse: () => T): T {
  return asUsage(parse, ShardError);
}
