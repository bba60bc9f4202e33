import { setTimeout as sleep } from 'node:timers/promises';
import { WaitTimeoutError } from '../../cluster/errors.ts';
import { waitDeploymentRolledOut, waitPodsReady } from '../../cluster/waits.ts';
import { type LiveState, requireKube } from '../state.ts';

export interface RolloutRecord {
  rolledOut: boolean;
  waitedMs: number;
  lastSeen?: string;
}

/**
 * The `rollout` step: the Deployment rolled out (a watch), then the app answering on port 3000 in
 * every pod — the app has no readinessProbe and builds its bundle for about a minute after the pod
 * is Ready (docs/reference-facts.md, container-tools-output §6). HTTP readiness cannot be watched, so that part retries
 * with backoff inside the same deadline.
 */
export async function rolloutStep(s: LiveState, record: (r: RolloutRecord) => void): Promise<string> {
  const kube = requireKube(s);
  const w = s.facts.workload;
  if (!w?.name) throw new Error('no workload to wait for');
  const started = Date.now();
  const deadline = started + s.timeouts.rollout;
  const replicas = Number((w.body as { spec?: { replicas?: number } }).spec?.replicas ?? 1);
  try {
    if (w.kind === 'Deployment')
      await waitDeploymentRolledOut(kube, s.namespace, w.name, replicas, s.timeouts.rollout);
    else await waitPodsReady(kube, s.namespace, selectorOf(w.body), replicas, s.timeouts.rollout);
  } catch (e) {
    record({
      rolledOut: false,
      waitedMs: Date.now() - started,
      lastSeen: e instanceof WaitTimeoutError ? e.lastSeen : (e as Error).message,
    });
    throw e;
  }
  const pods = (await kube.listPods(s.namespace, selectorOf(w.body))).filter(
    (p) => p.status?.podIP && !p.metadata?.deletionTimestamp,
  );
  const waiting = new Set(pods.map((p) => p.metadata?.name as string));
  let delay = Math.max(50, Math.min(1000, s.timeouts.rollout / 100));
  let lastError = '';
  while (waiting.size > 0) {
    for (const p of pods) {
      const name = p.metadata?.name as string;
      if (!waiting.has(name)) continue;
      const r = await kube.exec(
        s.namespace,
        name,
        undefined,
        ['wget', '-qO-', '-T', '2', `http://${p.status?.podIP}:${s.rubric.expect.appPort}/`],
        {
          timeoutMs: 10_000,
        },
      );
      if (r.exitCode === 0 && /<div id="root">|<script/i.test(r.stdout)) waiting.delete(name);
      else lastError = `${name}: ${(r.stderr || r.stdout).trim() || `exit ${r.exitCode}`}`;
    }
    if (waiting.size === 0) break;
    if (Date.now() + delay > deadline) {
      const waitedMs = Date.now() - started;
      const lastSeen = `the app does not answer on port ${s.rubric.expect.appPort} yet (${lastError})`;
      record({ rolledOut: false, waitedMs, lastSeen });
      throw new Error(
        `timed out after ${Math.round(waitedMs / 1000)}s waiting for the app to serve in ${[...waiting].join(', ')}; last seen: ${lastError}`,
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 5_000);
  }
  const waitedMs = Date.now() - started;
  record({ rolledOut: true, waitedMs });
  return `${replicas}/${replicas} replicas available; the app answers in ${pods.length} pod(s) after ${(waitedMs / 1000).toFixed(1)}s`;
}

/** `matchLabels` as a label selector string (`app=web,tier=front`). */
export function selectorOf(body: Record<string, unknown>): string {
  // biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
  const spec = (body as any).spec ?? {};
  const labels: Record<string, string> = spec.selector?.matchLabels ?? spec.template?.metadata?.labels ?? {};
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
