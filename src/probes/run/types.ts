/** What the in-cluster probes need: a pod to run in and an exec. */
import type { Kube } from '../../cluster/kube.ts';

export interface PodRef {
  namespace: string;
  name: string;
  /** Default: the pod's only container. */
  container?: string;
}

/** Only Kube.exec is used, so tests and other drivers can pass anything with that method. */
export type PodExec = Pick<Kube, 'exec'>;

/** stdout then stderr, as a terminal would show them (tools print errors on stderr). */
export function combinedOutput(r: { stdout: string; stderr: string }): string {
  if (!r.stderr) return r.stdout;
  if (!r.stdout) return r.stderr;
  return r.stdout.endsWith('\n') ? r.stdout + r.stderr : `${r.stdout}\n${r.stderr}`;
}
