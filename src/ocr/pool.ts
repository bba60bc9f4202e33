import { availableParallelism } from 'node:os';
import { loadTesseract, traineddataDir } from './deps.ts';
import type { OcrLine } from './types.ts';

/**
 * A pool of tesseract.js workers (each a worker thread holding the English model, ~100–150 MB),
 * started as work arrives, up to `jobs`. The traineddata is read from the npm data package: nothing
 * is downloaded at run time. `close()` terminates them; so does SIGINT/SIGTERM (see `watchSignals`).
 */

export interface OcrPage {
  text: string;
  /** Mean confidence of the page, 0–100. */
  confidence: number;
  lines: OcrLine[];
}

/** Tesseract parameters: part of the cache key (cache.ts) since they change what is read. */
export const TESSERACT_PARAMS = {
  // Runs of spaces between words are kept: a table's columns stay apart.
  preserve_interword_spaces: '1',
  // Never in a terminal; tesseract reads a dotted or slashed zero as © (then as 0 or @ without it).
  tessedit_char_blacklist: '©®™',
} as const;

/** One image's recognition at most (a screenshot takes 1–5 s; noise can take tesseract minutes). */
export const RECOGNIZE_TIMEOUT_MS = 60_000;

export function defaultOcrJobs(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

type TesseractWorker = Awaited<ReturnType<Awaited<ReturnType<typeof loadTesseract>>['createWorker']>>;

interface Task {
  image: Buffer;
  resolve: (page: OcrPage) => void;
  reject: (e: unknown) => void;
}

export class OcrPool {
  readonly jobs: number;
  private readonly idle: TesseractWorker[] = [];
  /** Every worker started and not retired, ready or starting. */
  private readonly all = new Set<Promise<TesseractWorker>>();
  private readonly startedAs = new Map<TesseractWorker, Promise<TesseractWorker>>();
  private readonly timeoutMs: number;
  private readonly queue: Task[] = [];
  private closed = false;
  private starting = 0;
  private readonly unwatch: () => void;

  constructor(opts: { jobs?: number; signals?: boolean; timeoutMs?: number } = {}) {
    this.jobs = Math.max(1, opts.jobs ?? defaultOcrJobs());
    this.timeoutMs = opts.timeoutMs ?? RECOGNIZE_TIMEOUT_MS;
    this.unwatch = opts.signals === false ? () => {} : watchSignals(() => this.close());
  }

  /** Workers started so far (for tests and the bench). */
  get started(): number {
    return this.all.size;
  }

  recognize(image: Buffer): Promise<OcrPage> {
    if (this.closed) return Promise.reject(new Error('the OCR pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ image, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates every worker; queued work is rejected. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unwatch();
    for (const t of this.queue.splice(0)) t.reject(new Error('the OCR pool was closed'));
    const workers = await Promise.allSettled([...this.all]);
    await Promise.allSettled(
      workers.map((w) => (w.status === 'fulfilled' ? w.value.terminate() : Promise.resolve())),
    );
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.idle.length > 0)
      this.run(this.idle.pop() as TesseractWorker, this.queue.shift() as Task);
    while (this.queue.length > this.starting && this.all.size < this.jobs) {
      this.starting++;
      const started = startWorker();
      this.all.add(started);
      started.then(
        (w) => {
          this.starting--;
          this.startedAs.set(w, started);
          if (this.closed) return;
          this.idle.push(w);
          this.dispatch();
        },
        (e) => {
          this.starting--;
          this.all.delete(started);
          // A worker that cannot start fails the work waiting for it, not the grader.
          for (const t of this.queue.splice(0)) t.reject(e);
        },
      );
    }
  }

  private run(worker: TesseractWorker, task: Task): void {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
    });
    Promise.race([worker.recognize(task.image, {}, { text: true, blocks: true }), timedOut]).then(
      (r) => {
        clearTimeout(timer);
        if (r === 'timeout') {
          // A job cannot be cancelled: the worker goes, and a fresh one takes its place.
          task.reject(new Error(`took longer than ${Math.round(this.timeoutMs / 1000)} s`));
          this.retire(worker);
          return;
        }
        task.resolve(pageOf(r.data));
        this.release(worker);
      },
      (e) => {
        clearTimeout(timer);
        task.reject(e);
        this.release(worker);
      },
    );
  }

  private release(worker: TesseractWorker): void {
    if (this.closed) return;
    this.idle.push(worker);
    this.dispatch();
  }

  private retire(worker: TesseractWorker): void {
    const started = this.startedAs.get(worker);
    if (started) this.all.delete(started);
    this.startedAs.delete(worker);
    void worker.terminate().catch(() => undefined);
    if (!this.closed) this.dispatch();
  }
}

async function startWorker(): Promise<TesseractWorker> {
  const { createWorker, OEM } = await loadTesseract();
  const worker = await createWorker('eng', OEM.LSTM_ONLY, {
    langPath: traineddataDir(),
    gzip: true,
    // 'none': the unpacked model is not written to a cache folder (by default, the current one).
    cacheMethod: 'none',
  });
  await worker.setParameters(TESSERACT_PARAMS);
  return worker;
}

interface PageData {
  text: string;
  confidence: number;
  blocks:
    | {
        paragraphs: {
          lines: { text: string; confidence: number; words: { text: string; confidence: number }[] }[];
        }[];
      }[]
    | null;
}

export function pageOf(data: PageData): OcrPage {
  const lines: OcrLine[] = [];
  for (const block of data.blocks ?? [])
    for (const para of block.paragraphs)
      for (const line of para.lines)
        lines.push({
          text: line.text.replace(/\s+$/, ''),
          confidence: round(line.confidence),
          words: line.words.map((w) => ({ text: w.text, confidence: round(w.confidence) })),
        });
  return { text: data.text, confidence: round(data.confidence), lines };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * Terminates the workers on SIGINT/SIGTERM. When another part of the grader owns the signal
 * (src/cluster/cleanup.ts trapSignals during a live grade) it decides how the process ends; when
 * nobody else listens, the signal is raised again after the workers are told to stop, so that the
 * process ends as it would have without this handler.
 */
export function watchSignals(
  onSignal: () => void,
  signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): () => void {
  const handler = (signal: NodeJS.Signals) => {
    onSignal();
    if (process.listenerCount(signal) === 1) {
      unwatch();
      process.kill(process.pid, signal);
    }
  };
  const unwatch = () => {
    for (const s of signals) process.off(s, handler);
  };
  for (const s of signals) process.on(s, handler);
  return unwatch;
}
