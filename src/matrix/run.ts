import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { progressLine, runPool } from '../batch/pool.ts';
import type { LiveConfig } from '../live/config.ts';
import { uniqueProfile } from '../live/config.ts';
import { LiveGrade } from '../live/engine.ts';
import { silentProgress } from '../live/progress.ts';
import { SIM_MINIKUBE_VERSION } from '../minikube/stand-in.ts';
import { displayPath, ungradedResult } from '../report/result.ts';
import { writeReports } from '../report/write.ts';
import { type CellGrade, cellFromError, cellFromGrade, matrixExitCode } from './cell.ts';
import { renderMatrixJson } from './json.ts';
import { type MatrixJUnitEntry, renderMatrixJUnit } from './junit.ts';
import { cellText, renderMatrixMarkdown } from './markdown.ts';
import { type CellVersions, MATRIX_SCHEMA, type MatrixCell, type MatrixDocument } from './model.ts';
import { cellFolder, cellLabel, combinations } from './versions.ts';

/*
 * Runs a matrix: every combination graded by the live engine (live/engine.ts LiveGrade, the one
 * behind `lab-grader grade`), `jobs` at a time through the class runs' pool (batch/pool.ts), each on
 * a fresh cluster of its own (a unique minikube profile; on sim its own emulated cluster) with its
 * reports and evidence in OUT/<calico>_<kubernetes>/; then matrix.md, matrix.json and junit.xml.
 */

export interface MatrixOptions {
  submission: string;
  cluster: 'sim' | 'minikube';
  calico: readonly string[];
  kubernetes: readonly string[];
  /** minikube releases (sim: the release the stand-in plays; minikube: the one installed). */
  minikube: readonly string[];
  jobs: number;
  /** OUT (absolute). */
  reportDir: string;
  rubric?: string;
  minikubeBin?: string;
  retries?: number;
  sim: LiveConfig['sim'];
  /** One line per finished cell: `[k/N] calico … × kubernetes … ✅ 41/41 in 12s, elapsed 20s, …`. */
  onProgress?: (line: string) => void;
  /** Aborting interrupts the running grades (they still write reports and delete their cluster). */
  signal?: AbortSignal;
}

export interface MatrixRun {
  document: MatrixDocument;
  exitCode: number;
  files: { markdown: string; json: string; junit: string };
  markdown: string;
}

interface Graded extends CellGrade {
  lab: string;
}

export async function runMatrix(opts: MatrixOptions): Promise<MatrixRun> {
  const started = Date.now();
  const all = combinations(opts.calico, opts.kubernetes, opts.minikube);
  const folder = (v: CellVersions) => cellFolder(v, opts.minikube.length);

  const gradeCell = async (v: CellVersions): Promise<Graded> => {
    const grade = await LiveGrade.open(cellConfig(opts, v, join(opts.reportDir, folder(v))), {
      progress: silentProgress,
      signals: false,
    });
    // The stand-in reads the release it plays from its environment, a copy per grade (LiveState.env).
    if (opts.cluster === 'sim' && v.minikube) grade.session.state.env[SIM_MINIKUBE_VERSION] = v.minikube;
    const onAbort = () => grade.session.interrupt(String(opts.signal?.reason ?? 'SIGINT'));
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const { result, evidence } = await grade.run();
      return { result, steps: evidence.steps, lab: result.lab };
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  };

  const outcomes = await runPool(all, gradeCell, {
    jobs: opts.jobs,
    signal: opts.signal,
    onProgress: (p) => {
      const cell = toCell(p.item, p.outcome.status === 'done' ? p.outcome.value : undefined, p.outcome);
      opts.onProgress?.(progressLine(p, cellLabel(p.item), progressWord(cell)));
    },
  });

  const entries: MatrixJUnitEntry[] = outcomes.map((outcome, i) => {
    const v = all[i] as CellVersions;
    const value = outcome.status === 'done' ? outcome.value : undefined;
    return { cell: toCell(v, value, outcome), ...(value ? { result: value.result } : {}) };
  });
  const lab = outcomes.find((o) => o.status === 'done')?.value.lab ?? 'lab4';
  // A cell whose grade never started (cancelled, or the engine threw) still gets its reports.
  await Promise.all(
    outcomes.map(async (outcome, i) => {
      if (outcome.status === 'done') return;
      const v = all[i] as CellVersions;
      const { step, message } = outcome.error;
      await writeReports(
        join(opts.reportDir, folder(v)),
        ungradedResult({
          lab,
          submission: opts.submission,
          step: step ?? 'grade',
          message,
          startedAt: started,
        }),
      );
    }),
  );
  const document: MatrixDocument = {
    schema: MATRIX_SCHEMA,
    lab,
    submission: displayPath(opts.submission),
    cluster: opts.cluster,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    calico: [...opts.calico],
    kubernetes: [...opts.kubernetes],
    minikube: [...opts.minikube],
    cells: entries.map((e) => e.cell),
  };

  // Render everything before writing: a rendering bug must not leave half the files.
  const markdown = renderMatrixMarkdown(document);
  const texts = { markdown, json: renderMatrixJson(document), junit: renderMatrixJUnit(entries) };
  const files = {
    markdown: join(opts.reportDir, 'matrix.md'),
    json: join(opts.reportDir, 'matrix.json'),
    junit: join(opts.reportDir, 'junit.xml'),
  };
  await mkdir(opts.reportDir, { recursive: true });
  await Promise.all([
    writeFile(files.markdown, texts.markdown, 'utf8'),
    writeFile(files.json, texts.json, 'utf8'),
    writeFile(files.junit, texts.junit, 'utf8'),
  ]);
  return { document, exitCode: matrixExitCode(document.cells), files, markdown };

  function toCell(
    v: CellVersions,
    value: Graded | undefined,
    outcome: { durationMs: number; status: string; error?: { step?: string; message: string } },
  ): MatrixCell {
    const ctx = { versions: v, reports: folder(v), totalMs: outcome.durationMs };
    if (value) return cellFromGrade(value, ctx);
    return cellFromError(outcome.error ?? { message: 'no result' }, ctx);
  }
}

/** What a progress line says of a finished cell: the table's text, unescaped (`✅ 41/41`). */
function progressWord(cell: MatrixCell): string {
  return cellText(cell, (text) => text);
}

/** The live grade's configuration for one cell (what `grade --calico V --kubernetes-version K` sets). */
export function cellConfig(opts: MatrixOptions, v: CellVersions, reportDir: string): LiveConfig {
  return {
    submission: resolve(opts.submission),
    cluster: opts.cluster,
    profile: uniqueProfile(),
    keep: false,
    calico: v.calico,
    kubernetesVersion: v.kubernetes,
    minikubeBin: opts.minikubeBin,
    ...(opts.retries === undefined ? {} : { retries: opts.retries }),
    rubric: opts.rubric ? resolve(opts.rubric) : undefined,
    reportDir,
    sim: opts.sim,
  };
}
