import { isInteractive } from '../report/terminal.ts';

/**
 * Progress of a live grade: which step runs (k of N) and for how long. CI logs get plain timestamped
 * lines; a terminal gets a one-line spinner with the elapsed time.
 */
export interface Progress {
  /** `at`: the step's position among the grade's steps, when known. */
  started(step: string, title: string, at?: StepPosition): void;
  ended(step: string, status: 'ok' | 'failed' | 'skipped', durationMs: number, detail?: string): void;
  info(line: string): void;
  close(): void;
}

export interface StepPosition {
  k: number;
  n: number;
}

const MARK = { ok: '✔', failed: '✖', skipped: '○' } as const;
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function secondsText(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** `pools (4/11): replace the default pool…` */
function heading(step: string, title: string, at?: StepPosition): string {
  return `${step}${at ? ` (${at.k}/${at.n})` : ''}: ${title}`;
}

/** `[2026-11-25T21:30:01Z] ▶ rollout (6/11): wait…`, then `[…] ✔ rollout (12.3s) 2/2 replicas available` */
export function lineProgress(write: (s: string) => void, now: () => Date = () => new Date()): Progress {
  const stamp = () =>
    `[${now()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')}]`;
  return {
    started: (step, title, at) => write(`${stamp()} ▶ ${heading(step, title, at)}\n`),
    ended: (step, status, ms, detail) =>
      write(`${stamp()} ${MARK[status]} ${step} (${secondsText(ms)})${detail ? ` ${detail}` : ''}\n`),
    info: (line) => write(`${stamp()}   ${line}\n`),
    close: () => {},
  };
}

export function spinnerProgress(stream: NodeJS.WriteStream): Progress {
  let timer: NodeJS.Timeout | undefined;
  let frame = 0;
  const clear = () => stream.write('\r\x1b[2K');
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    clear();
  };
  return {
    started(step, title, at) {
      stop();
      const since = Date.now();
      timer = setInterval(() => {
        frame = (frame + 1) % FRAMES.length;
        stream.write(
          `\r\x1b[2K${FRAMES[frame]} ${heading(step, title, at)} ${secondsText(Date.now() - since)}`,
        );
      }, 100);
      timer.unref();
    },
    ended(step, status, ms, detail) {
      stop();
      stream.write(`${MARK[status]} ${step} (${secondsText(ms)})${detail ? ` ${detail}` : ''}\n`);
    },
    info(line) {
      clear();
      stream.write(`  ${line}\n`);
    },
    close: stop,
  };
}

export const silentProgress: Progress = { started() {}, ended() {}, info() {}, close() {} };

/** A spinner on a terminal, plain timestamped lines elsewhere (CI, a pipe, TERM=dumb). */
export function progressFor(stream: NodeJS.WriteStream): Progress {
  return isInteractive(stream) ? spinnerProgress(stream) : lineProgress((s) => stream.write(s));
}
