import { setTimeout as sleep } from 'node:timers/promises';
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { WaitTimeoutError } from '../../cluster/errors.ts';
import type { Kube } from '../../cluster/kube.ts';
import { waitDeploymentRolledOut, waitPodsReady } from '../../cluster/waits.ts';
import { STEP, type StepAttempt } from '../../evidence/schema.ts';
import { firstLine } from '../../report/safe-text.ts';
import { DEFAULT_RETRIES } from '../config.ts';
import { classifyPullError, type PullFailureKind, TRANSIENT_PULL_PREFIX } from '../pull-failure.ts';
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
    if (w.kind === 'Deployment') await waitDeploymentWithPullRetries(s, kube, w.name, replicas, deadline);
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

/**
 * The Deployment's rollout wait, with `--retries`: an image pull that failed for a reason outside the
 * submission (a registry timeout, a rate limit: pull-failure.ts) is tried again by deleting the pods
 * stuck on it — their ReplicaSet makes new ones, whose kubelet pulls again at once instead of after
 * its back-off. To leave a retry time to pull, the pods are looked at after a share of the remaining
 * budget (1/(retries left + 1)); a rollout that is merely slow keeps waiting to the end of the
 * budget. A submission's pull error (wrong name or tag, private image) is never retried. Each
 * attempt is recorded (`steps[].attempts`). When only transient pulls are left at the deadline the
 * error starts with TRANSIENT_PULL_PREFIX: that grade is `ungraded`, not a score.
 */
async function waitDeploymentWithPullRetries(
  s: LiveState,
  kube: Kube,
  name: string,
  replicas: number,
  deadline: number,
): Promise<void> {
  const retries = s.config.retries ?? DEFAULT_RETRIES;
  const attempts: StepAttempt[] = [];
  s.attempts = { ...s.attempts, [STEP.rollout]: attempts };
  const selector = selectorOf(s.facts.workload?.body ?? {});
  let left = retries;
  let attemptStart = Date.now();
  let waits = 0;
  const endAttempt = (error?: string) =>
    attempts.push({
      startedAt: new Date(attemptStart).toISOString(),
      durationMs: Date.now() - attemptStart,
      ...(error !== undefined ? { error } : {}),
    });
  for (;;) {
    const remaining = Math.max(1, deadline - Date.now());
    const slice =
      left > 0 ? Math.min(remaining, Math.max(MIN_SLICE_MS, Math.floor(remaining / (left + 1)))) : remaining;
    waits++;
    try {
      await waitDeploymentRolledOut(kube, s.namespace, name, replicas, slice);
      endAttempt();
      return;
    } catch (e) {
      if (!(e instanceof WaitTimeoutError)) {
        endAttempt((e as Error).message);
        throw e;
      }
      const failures = await pullFailures(kube, s.namespace, selector).catch(() => []);
      const onlyTransient = failures.length > 0 && failures.every((f) => f.kind === 'transient');
      const why = failures.map((f) => `${f.pod}: ${f.message}`).join('; ');
      const outOfTime = Date.now() >= deadline - 1;
      if (onlyTransient && left > 0 && !outOfTime) {
        endAttempt(`${TRANSIENT_PULL_PREFIX}'s control: ${why}`);
        left--;
        s.progress.info(
          `image pull failed outside the submission's control (${firstLine(failures[0]?.message ?? '')}); attempt ${attempts.length + 1} of ${retries + 1}, after deleting ${failures.map((f) => f.pod).join(', ')}`,
        );
        for (const f of failures)
          await kube
            .delete({ apiVersion: 'v1', kind: 'Pod', metadata: { name: f.pod, namespace: s.namespace } })
            .catch((d) => s.progress.info(`deleting pod ${f.pod} failed: ${(d as Error).message}`));
        attemptStart = Date.now();
        continue;
      }
      if (!outOfTime) continue;
      const waited = Date.now() - (Date.parse(attempts[0]?.startedAt ?? '') || attemptStart);
      // One wait (no retries left to look for): its own error, as before `--retries` knew pulls.
      const timeout = waits === 1 ? e : new WaitTimeoutError(e.what, e.lastSeen, waited, e);
      const error = onlyTransient
        ? new Error(`${TRANSIENT_PULL_PREFIX}'s control: ${why}; ${timeout.message}`, { cause: timeout })
        : timeout;
      endAttempt(error.message);
      throw error;
    }
  }
}

/** The shortest look before a retry (a pull and the back-off's first step take seconds). */
const MIN_SLICE_MS = 1_000;

const PULL_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff']);

interface PullFailure {
  pod: string;
  message: string;
  kind: PullFailureKind;
}

/**
 * The Deployment's pods that are not running because pulls of their image failed, with the last
 * pull error: the ErrImagePull message, else (ImagePullBackOff, or a re-pull in progress) the
 * latest `Failed to pull image` event of the pod.
 */
async function pullFailures(kube: Kube, namespace: string, selector: string): Promise<PullFailure[]> {
  const pods = (await kube.listPods(namespace, selector || undefined)).filter(
    (p) => !p.metadata?.deletionTimestamp && !allRunning(p),
  );
  if (pods.length === 0) return [];
  const events = await kube.listEvents(namespace).catch(() => [] as CoreV1Event[]);
  const out: PullFailure[] = [];
  for (const p of pods) {
    const name = p.metadata?.name as string;
    const waiting = (p.status?.containerStatuses ?? [])
      .map((c) => ({ image: c.image, waiting: c.state?.waiting }))
      .find((c) => PULL_REASONS.has(c.waiting?.reason ?? ''));
    const failed = events
      .filter(
        (e) =>
          e.involvedObject?.name === name &&
          e.reason === 'Failed' &&
          (e.message ?? '').startsWith('Failed to pull image'),
      )
      .sort((a, b) => eventTime(a) - eventTime(b))
      .at(-1)?.message;
    const message =
      waiting?.waiting?.reason === 'ErrImagePull' && waiting.waiting.message
        ? `Failed to pull image "${waiting.image}": ${waiting.waiting.message}`
        : failed;
    if (!message) continue;
    out.push({ pod: name, message, kind: classifyPullError(message) });
  }
  return out;
}

function allRunning(p: V1Pod): boolean {
  const statuses = p.status?.containerStatuses ?? [];
  return statuses.length > 0 && statuses.every((c) => c.state?.running);
}

function eventTime(e: CoreV1Event): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp;
  return t ? new Date(t as unknown as string).getTime() : 0;
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
