/** One line per child process for the run transcript: argv, exit code, duration. */
import { formatDuration } from './errors.ts';

export interface TranscriptEntry {
  tool: string;
  argv: readonly string[];
  /** undefined: killed before exiting, or still running (see `running`). */
  exitCode: number | undefined;
  durationMs: number;
  timedOut: boolean;
  /** A long-running process (service tunnel) that was left running when its output was read. */
  running?: boolean;
}

export type TranscriptLog = (entry: TranscriptEntry, line: string) => void;

/** `$ minikube status -o json -p lab → exit 0 (1.2s)` */
export function transcriptLine(e: TranscriptEntry): string {
  const outcome = e.running
    ? 'still running'
    : e.timedOut
      ? 'timed out'
      : e.exitCode === undefined
        ? 'killed'
        : `exit ${e.exitCode}`;
  return `$ ${e.argv.join(' ')} → ${outcome} (${formatDuration(e.durationMs)})`;
}
