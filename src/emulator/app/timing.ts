/**
 * When containers started and when the lab app's `npm run build` finishes. The app listens on 3000
 * only after the build (docs/reference-facts.md, container-tools-output §6): ≈60 s real time, scaled by timeFactor; the
 * slowStartSeconds fault replaces the 60 s.
 */
import type { SimOptions } from '../config.ts';
import { hashString } from '../network/prng.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';

export const FRONTEND_BUILD_SECONDS = 60;

interface ContainerStatus {
  name: string;
  state?: { running?: { startedAt?: string } };
}

function runningSince(pod: KubeObject, containerName?: string): string | undefined {
  const statuses: ContainerStatus[] = pod.status?.containerStatuses ?? [];
  const status = containerName ? statuses.find((s) => s.name === containerName) : statuses[0];
  return status?.state?.running?.startedAt;
}

/**
 * Remembers, with millisecond precision, when each container was first seen running. Status
 * timestamps have one-second resolution, too coarse when timeFactor shrinks a build to 0.6 s.
 */
export class ContainerStartTracker {
  private readonly seen = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(
    store: ClusterStore,
    private readonly now: () => number,
  ) {
    for (const pod of store.list('pods')) this.observe(pod);
    this.unsubscribe = store.subscribe((event) => {
      if (event.resource.plural !== 'pods' || event.resource.group !== '') return;
      if (event.type === 'DELETED') this.forget(event.object);
      else this.observe(event.object);
    });
  }

  private key(pod: KubeObject, container: string, startedAt: string): string {
    return `${pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`}|${container}|${startedAt}`;
  }

  private observe(pod: KubeObject): void {
    for (const s of (pod.status?.containerStatuses ?? []) as ContainerStatus[]) {
      const startedAt = s.state?.running?.startedAt;
      if (!startedAt) continue;
      const key = this.key(pod, s.name, startedAt);
      if (this.seen.has(key)) continue;
      const parsed = Date.parse(startedAt);
      const now = this.now();
      // Seen just now: the current time is the precise start. Seen late (tracker created after the
      // pod started): trust the status timestamp.
      this.seen.set(key, Number.isFinite(parsed) && now - parsed > 1500 ? parsed : now);
    }
  }

  private forget(pod: KubeObject): void {
    const prefix = `${pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`}|`;
    for (const key of this.seen.keys()) if (key.startsWith(prefix)) this.seen.delete(key);
  }

  /** Start of the container's current run in ms since the epoch, undefined when not running. */
  startedAt(pod: KubeObject, containerName?: string): number | undefined {
    const startedAt = runningSince(pod, containerName);
    if (!startedAt) return undefined;
    const name = containerName ?? (pod.status?.containerStatuses?.[0]?.name as string | undefined) ?? '';
    const seen = this.seen.get(this.key(pod, name, startedAt));
    if (seen !== undefined) return seen;
    const parsed = Date.parse(startedAt);
    return Number.isFinite(parsed) ? parsed : undefined;
  }

  close(): void {
    this.unsubscribe();
  }
}

/** Start times straight from pod status, for callers without a tracker. */
export function statusStartedAt(pod: KubeObject, containerName?: string): number | undefined {
  const startedAt = runningSince(pod, containerName);
  const parsed = startedAt ? Date.parse(startedAt) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * Build duration of one pod in (emulated) milliseconds. Builds differ by up to ±10 % per pod, as real
 * ones do, derived from the pod name so runs are reproducible; the fault value is used exactly.
 */
export function frontendBuildMs(options: SimOptions, pod: KubeObject): number {
  const fault = options.faults.slowStartSeconds;
  const seconds =
    fault !== undefined
      ? fault
      : FRONTEND_BUILD_SECONDS * (0.9 + (hashString(pod.metadata.name) % 1000) / 5000);
  return seconds * 1000 * options.timeFactor;
}

export type FrontendPhase = 'not-started' | 'building' | 'serving';

export interface FrontendTiming {
  phase: FrontendPhase;
  startedAtMs?: number;
  /** When the build ends (and the server starts listening). */
  readyAtMs?: number;
}

export function frontendTiming(
  startedAtMs: number | undefined,
  buildMs: number,
  now: number,
): FrontendTiming {
  if (startedAtMs === undefined) return { phase: 'not-started' };
  const readyAtMs = startedAtMs + buildMs;
  return { phase: now >= readyAtMs ? 'serving' : 'building', startedAtMs, readyAtMs };
}
