/**
 * Progress of a live grade: which step runs and for how long. CI logs get plain timestamped lines;
 * a terminal gets a one-line spinner with the elapsed time (written here rather than with listr2:
 * the steps run inside a vitest worker while the terminal belongs to the main process, and listr2
 * wants to own the tasks it draws).
 */
export interface Progress {
  started(step: string, title: string): void;
  ended(step: string, status: 'ok' | 'failed' | 'skipped', durationMs: number, detail?: string): void;
  info(line: string): void;
  close(): void;
}

const MARK = { ok: '✔', failed: '✖', skipped: '○' } as const;
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function secondsText(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** `[2026-11-25T21:30:01Z] ✔ rollout (12.3s) 2/2 replicas available` */
export function lineProgress(write: (s: string) => void, now: () => Date = () => new Date()): Progress {
  const stamp = () =>
    `[${now()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')}]`;
  return {
    started: (step, title) => write(`${stamp()} ▶ ${step}: ${title}\n`),
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
    started(step, title) {
      stop();
      const since = Date.now();
      timer = setInterval(() => {
        frame = (frame + 1) % FRAMES.length;
        stream.write(`\r\x1b[2K${FRAMES[frame]} ${step}: ${title} ${secondsText(Date.now() - since)}`);
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

/** A spinner on a terminal, plain timestamped lines elsewhere (CI). */
export function progressFor(stream: NodeJS.WriteStream): Progress {
  return stream.isTTY && !process.env.CI ? spinnerProgress(stream) : lineProgress((s) => stream.write(s));
}
