import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { registerCleanup } from '../cluster/cleanup.ts';
import { Minikube } from '../cluster/minikube.ts';
import { simEnv } from '../emulator/sim-env.ts';
import { type ClusterMode, type LiveConfig, liveConfigToEnv, uniqueProfile } from '../live/config.ts';
import { progressFor } from '../live/progress.ts';
import { type ReportFormat, renderFormat } from '../report/format.ts';
import { ExitCode, exitCodeFor, type GradeResult } from '../report/model.ts';
import { GradeReporter } from '../report/vitest-reporter.ts';
import { CliError } from './errors.ts';

const REPO = resolve(import.meta.dirname, '../..');
export const SCENARIO = join(REPO, 'scenarios/lab4-calico-racks.test.ts');

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
 * `lab-grader grade`: runs the scenario file through vitest's node API with the grade reporter (the
 * same scenario `npm test` runs), prints the grade and returns the exit code: 0 pass, 1 a check
 * failed, 3 the cluster could not be provisioned or reached.
 */
export async function gradeCommand(submission: string, opts: GradeOptions): Promise<number> {
  const timeFactor = opts.timeFactor ?? process.env.LAB_SIM_TIME_FACTOR ?? '0.01';
  if (!Number.isFinite(Number(timeFactor)) || Number(timeFactor) < 0)
    throw new CliError(`--time-factor must be a number ≥ 0, got '${timeFactor}'`);
  const reportDir = opts.reportDir
    ? resolve(opts.reportDir)
    : await mkdtemp(join(tmpdir(), 'lab-grader-report-'));
  const config: LiveConfig = {
    submission: resolve(submission),
    cluster: opts.cluster,
    context: opts.context,
    kubeconfig: opts.kubeconfig,
    profile: opts.profile ?? (opts.cluster === 'sim' ? 'minikube' : uniqueProfile()),
    keep: opts.keep === true,
    calico: opts.calico,
    kubernetesVersion: opts.kubernetesVersion,
    minikubeBin: opts.minikube,
    rubric: opts.rubric ? resolve(opts.rubric) : undefined,
    reportDir,
    sim: { faults: opts.faults ?? process.env.LAB_SIM_FAULTS ?? '', timeFactor: Number(timeFactor) },
  };
  // The CLI owns the emulator's state dir, so that on Ctrl-C it can delete the profile itself even if
  // the vitest worker is killed before its own cleanup finishes.
  const ownHome = config.cluster === 'sim' && !opts.simHome;
  if (config.cluster === 'sim')
    config.sim.home = opts.simHome ? resolve(opts.simHome) : await mkdtemp(join(tmpdir(), 'lab-grader-sim-'));
  let vitest: Awaited<ReturnType<typeof import('vitest/node').createVitest>> | undefined;
  const cleanup = registerCleanup(async () => {
    if (!config.keep && config.cluster !== 'existing') {
      const env =
        config.cluster === 'sim' ? { ...process.env, ...simEnv({ home: config.sim.home }) } : process.env;
      await Minikube.locate({ bin: config.minikubeBin, env })
        .delete(config.profile)
        .catch(() => undefined);
      if (ownHome && config.sim.home) await rm(config.sim.home, { recursive: true, force: true });
    }
    await vitest?.cancelCurrentRun('keyboard-input').catch(() => undefined);
  });
  const progress = progressFor(process.stderr);
  let result: GradeResult | undefined;
  let clusterFailed: string | undefined;
  const reporter = new GradeReporter({
    reportDir,
    onResult: (r) => {
      result = r;
    },
    onStep: (e) => {
      const [name = e.name, title = ''] = e.name.split(': ');
      if (e.state === 'started') progress.started(name, title);
      else
        progress.ended(
          name,
          e.state === 'passed' ? 'ok' : e.state,
          e.durationMs ?? 0,
          e.note?.split('\n')[0],
        );
      if (name === 'cluster' && e.state === 'failed') clusterFailed = e.note ?? 'the cluster step failed';
    },
  });
  const { createVitest } = await import('vitest/node');
  const before = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
  vitest = await createVitest('test', {
    root: REPO,
    config: join(REPO, 'vitest.config.ts'),
    project: ['scenarios'],
    watch: false,
    reporters: [reporter],
    env: { ...liveConfigToEnv(config), LAB_PROGRESS: 'off', LAB_SIGNALS: 'parent' },
  });
  // vitest exits 1 ms after a SIGINT; the cluster must be deleted first, so its handlers go.
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    for (const l of process.listeners(sig)) if (!before.has(l)) process.off(sig, l as () => void);
  await vitest.start([SCENARIO]);
  const errors = vitest.state.getUnhandledErrors?.() ?? [];
  const moduleErrors = (vitest?.state.getTestModules() ?? []).flatMap((m) =>
    m.errors().map((e) => e.message),
  );
  await vitest?.close();
  progress.close();
  // The scenario deleted the cluster itself; this removes the CLI's own temp state.
  if (ownHome && !config.keep && config.sim.home) await rm(config.sim.home, { recursive: true, force: true });
  cleanup.dispose();
  // startVitest sets process.exitCode on failed tests; the grade decides the exit code instead.
  process.exitCode = undefined;
  if (!result) {
    const why =
      [...moduleErrors, ...errors.map((e) => String((e as Error).message ?? e))].join('\n') ||
      'the scenario produced no grade';
    throw new CliError(`grading failed: ${why}`, ExitCode.infrastructure);
  }
  const output = renderFormat(opts.format, result, {
    color: opts.format === 'console' && process.stdout.isTTY === true,
  });
  process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  process.stderr.write(`reports: ${join(reportDir, 'junit.xml')}, summary.md, results.json, evidence.json\n`);
  if (clusterFailed) {
    process.stderr.write(`lab-grader: the cluster could not be provisioned: ${clusterFailed}\n`);
    return ExitCode.infrastructure;
  }
  return exitCodeFor(result);
}
