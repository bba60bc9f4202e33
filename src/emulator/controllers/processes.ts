/**
 * Containers' own commands (the main process), for pods that run to completion: `kubectl run t
 * --restart=Never --image=busybox:1.28 -- nslookup web` makes a pod whose container's args are the
 * command (busybox and alpine have no ENTRYPOINT, so `args` alone is the argv). The kubelet starts
 * the process with the container, marks the container terminated with its exit code when it ends,
 * and the pod Succeeded or Failed (restartPolicy Never). Its output is the container's log and what
 * an attach receives.
 *
 * A real container started with `stdin: true, stdinOnce: true` (what `kubectl run -i` creates)
 * races kubectl's attach: a fast command often ends first and kubectl falls back to the logs with
 * "warning: couldn't attach to pod/NAME, falling back to streaming logs". Here the end of such a
 * process waits for the first attach (or HOLD_SECONDS), so the output reaches the attach every time.
 */
import type { ContainerSpec } from '../app/env.ts';
import { imageKind } from '../app/image.ts';
import type { SimClock } from '../clock.ts';
import type { KubeObject } from '../store/types.ts';

export interface ProcessOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs `argv` in the container's emulated userland. */
export type ProcessRunner = (
  pod: KubeObject,
  container: ContainerSpec,
  argv: string[],
) => Promise<ProcessOutput>;

/** Emulated seconds an attachable process waits for its attach before it ends anyway. */
export const HOLD_SECONDS = 60;
/** ... and at least this long in real time, so a fast clock still lets kubectl attach. */
const HOLD_FLOOR_MS = 10_000;

interface Proc {
  output: Promise<ProcessOutput>;
  done?: ProcessOutput;
  release: () => void;
  exited: Promise<ProcessOutput>;
}

/** The argv of the container's main process when the emulator runs it, else undefined (it runs on). */
export function mainProcessArgv(pod: KubeObject, container: ContainerSpec): string[] | undefined {
  if ((pod.spec?.restartPolicy ?? 'Always') !== 'Never') return undefined;
  const kind = imageKind(container.image ?? '');
  if (kind !== 'busybox' && kind !== 'alpine') return undefined;
  const c = container as ContainerSpec & { command?: string[]; args?: string[] };
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  return argv.length > 0 ? argv : undefined;
}

export class ContainerProcesses {
  private readonly procs = new Map<string, Proc>();
  private runner?: ProcessRunner;

  constructor(private readonly clock?: SimClock) {}

  /** Set once the pod network exists (the runner is the exec userland). */
  setRunner(runner: ProcessRunner): void {
    this.runner = runner;
  }

  private key(uid: string, container: string): string {
    return `${uid}/${container}`;
  }

  /**
   * Starts the container's main process if the emulator runs one; resolves when the container
   * exits. Undefined: the container's program runs on (a server, a shell waiting on stdin).
   */
  start(pod: KubeObject, container: ContainerSpec): Promise<ProcessOutput> | undefined {
    const argv = mainProcessArgv(pod, container);
    const runner = this.runner;
    if (!argv || !runner) return undefined;
    const key = this.key(pod.metadata.uid ?? pod.metadata.name, container.name);
    const output = Promise.resolve()
      .then(() => runner(pod, container, argv))
      .catch((err: unknown) => ({
        stdout: '',
        stderr: `${err instanceof Error ? err.message : String(err)}\n`,
        exitCode: 128,
      }));
    const c = container as ContainerSpec & { stdin?: boolean; stdinOnce?: boolean };
    let release: () => void = () => {};
    const attached = new Promise<void>((resolve) => {
      release = resolve;
    });
    const proc: Proc = { output, release, exited: output };
    if (c.stdin && c.stdinOnce) {
      const timer = this.clock?.after(HOLD_SECONDS, () => release(), HOLD_FLOOR_MS);
      proc.exited = Promise.all([output, attached]).then(([out]) => {
        if (timer !== undefined) this.clock?.clearTimeout(timer);
        return out;
      });
    }
    output.then((out) => {
      proc.done = out;
    });
    this.procs.set(key, proc);
    return proc.exited;
  }

  /** An attach to the container: its process's whole output and exit code once it ends. */
  attach(uid: string, container: string): Promise<ProcessOutput> | undefined {
    const proc = this.procs.get(this.key(uid, container));
    if (!proc) return undefined;
    proc.release();
    return proc.output;
  }

  /** The log of a finished (or running) process: stdout then stderr; undefined if none. */
  logs(uid: string, container: string): string | undefined {
    const proc = this.procs.get(this.key(uid, container));
    if (!proc) return undefined;
    return proc.done ? proc.done.stdout + proc.done.stderr : '';
  }

  forget(uid: string): void {
    for (const [key, proc] of this.procs) {
      if (key.startsWith(`${uid}/`)) {
        proc.release();
        this.procs.delete(key);
      }
    }
  }
}
