/**
 * `ping -c N -W 2 TARGET` inside a pod (busybox in the app image, docs/reference-facts.md, container-tools-output §1).
 * With 100 % loss busybox waits 10 s after the last probe, hence the generous default timeout.
 */
import { type PingStats, parseBusyboxPing, pingResolveFailure } from '../parse/index.ts';
import { combinedOutput, type PodExec, type PodRef } from './types.ts';

export interface PingRun {
  target: string;
  /** stdout + stderr. */
  output: string;
  /** null: timed out or no exit status. */
  exitCode: number | null;
  timedOut: boolean;
  /** null when ping printed no header (bad address, no ping binary). */
  parsed: PingStats | null;
  /** Set when the name did not resolve (`ping: bad address 'x'`). */
  unresolved: { name: string } | null;
}

export async function pingFrom(
  kube: PodExec,
  pod: PodRef,
  target: string,
  count = 3,
  opts: { timeoutMs?: number } = {},
): Promise<PingRun> {
  const r = await kube.exec(
    pod.namespace,
    pod.name,
    pod.container,
    ['ping', '-c', String(count), '-W', '2', target],
    {
      timeoutMs: opts.timeoutMs ?? 15_000 + count * 2_000,
    },
  );
  const output = combinedOutput(r);
  return {
    target,
    output,
    exitCode: r.exitCode,
    timedOut: r.timedOut,
    parsed: parseBusyboxPing(r.stdout),
    unresolved: pingResolveFailure(output),
  };
}
