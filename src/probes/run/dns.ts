/** `nslookup NAME` inside a pod (busybox, docs/reference-facts.md, container-tools-output §3). */
import { type NslookupResult, parseNslookup } from '../parse/index.ts';
import { combinedOutput, type PodExec, type PodRef } from './types.ts';

export interface NslookupRun {
  name: string;
  /** stdout + stderr. */
  output: string;
  exitCode: number | null;
  timedOut: boolean;
  parsed: NslookupResult;
}

export async function nslookupFrom(
  kube: PodExec,
  pod: PodRef,
  name: string,
  opts: { timeoutMs?: number } = {},
): Promise<NslookupRun> {
  const r = await kube.exec(pod.namespace, pod.name, pod.container, ['nslookup', name], {
    timeoutMs: opts.timeoutMs ?? 20_000,
  });
  const output = combinedOutput(r);
  return { name, output, exitCode: r.exitCode, timedOut: r.timedOut, parsed: parseNslookup(output) };
}
