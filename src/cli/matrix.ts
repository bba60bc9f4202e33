import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseJobs } from '../batch/pool.ts';
import { trapSignals } from '../cluster/cleanup.ts';
import { DEFAULT_SUBMISSION, parseRetries, parseTimeFactor } from '../live/config.ts';

import { runMatrix } from '../matrix/run.ts';
import { checkSimMinikube, parseVersionList, VersionListError } from '../matrix/versions.ts';
import { ExitCode } from '../report/model.ts';
import { writeOut } from '../report/output.ts';
import { asUsage, CliError } from './errors.ts';

export interface MatrixCommandOptions {
  calico: string;
  kubernetes: string;
  minikubeVersion?: string;
  cluster: 'sim' | 'minikube';
  jobs?: string;
  /** Made absolute by main.ts's preAction hook. */
  /** Required by main.ts (`-o, --report-dir`), which also made it absolute. */
  reportDir: string;
  rubric?: string;
  minikube?: string;
  retries?: string;
  timeFactor?: string;
  faults?: string;
}

/**
 * `lab-grader matrix [SUBMISSION]`: the submission (default: the bundled reference) graded live in
 * every Calico × Kubernetes combination (src/matrix/). Exit code: 0 when every cell has full marks,
 * 1 when one is short of them or does not install, 2 bad usage, 3 a cell not graded (interrupted…).
 */
export async function matrixCommand(
  submission: string | undefined,
  opts: MatrixCommandOptions,
): Promise<number> {
  const calico = usage(() => parseVersionList(opts.calico, '--calico'));
  const kubernetes = usage(() => parseVersionList(opts.kubernetes, '--kubernetes'));
  const minikube = opts.minikubeVersion
    ? usage(() => parseVersionList(opts.minikubeVersion as string, '--minikube-version'))
    : [];
  if (opts.cluster === 'sim') usage(() => checkSimMinikube(minikube));
  else if (minikube.length > 1)
    throw new CliError(
      '--minikube-version: a real minikube is the one installed; give one version (the workflow runs one job per release)',
    );
  const jobs = opts.jobs === undefined ? 1 : usage(() => parseJobs(opts.jobs as string));
  const retries = opts.retries === undefined ? undefined : usage(() => parseRetries(opts.retries as string));
  const timeFactor = usage(() =>
    parseTimeFactor(opts.timeFactor ?? process.env.LAB_SIM_TIME_FACTOR, '--time-factor'),
  );
  const path = resolve(submission ?? DEFAULT_SUBMISSION);
  if (
    !(await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new CliError(`${path}: no such submission folder`);

  const cells = calico.length * kubernetes.length * Math.max(1, minikube.length);
  writeOut(
    process.stderr,
    `matrix: ${cells} cell(s) (${calico.length} Calico × ${kubernetes.length} Kubernetes${minikube.length > 1 ? ` × ${minikube.length} minikube` : ''}) on ${opts.cluster}, ${jobs} at a time`,
  );
  const stop = new AbortController();
  const trap = trapSignals((signal) => stop.abort(signal));
  try {
    const run = await runMatrix({
      submission: path,
      cluster: opts.cluster,
      calico,
      kubernetes,
      minikube,
      jobs,
      reportDir: opts.reportDir,
      rubric: opts.rubric,
      minikubeBin: opts.minikube,
      retries,
      sim: { faults: opts.faults ?? process.env.LAB_SIM_FAULTS ?? '', timeFactor },
      onProgress: (line) => writeOut(process.stderr, line),
      signal: stop.signal,
    });
    writeOut(process.stdout, run.markdown);
    writeOut(
      process.stderr,
      `matrix: ${run.files.markdown}, ${run.files.json}, ${run.files.junit}; each cell's reports in ${join(opts.reportDir, minikube.length > 1 ? 'minikube-<minikube>' : '', '<calico>_<kubernetes>')}`,
    );
    return stop.signal.aborted ? ExitCode.infrastructure : run.exitCode;
  } finally {
    trap.dispose();
  }
}

/** A flag's parser whose RangeError or VersionListError is bad usage. */
function usage<T>(parse: () => T): T {
  return asUsage(parse, VersionListError);
}
