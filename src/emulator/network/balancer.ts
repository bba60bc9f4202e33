/**
 * kube-proxy's backend choice (iptables mode, docs/reference-facts.md, kubectl-and-pods §6): every NEW connection picks a
 * ready endpoint uniformly at random; with `sessionAffinity: ClientIP` a client IP stays on its
 * backend for `timeoutSeconds` (default 10800) after its last connection.
 */
import type { KubeObject } from '../store/types.ts';
import type { EndpointAddress } from './cluster-view.ts';
import { pickIndex } from './prng.ts';

const DEFAULT_AFFINITY_SECONDS = 10800;

interface Pin {
  ip: string;
  lastUsedMs: number;
}

export class ServiceBalancer {
  private readonly pins = new Map<string, Pin>();

  constructor(
    private readonly random: () => number,
    private readonly now: () => number,
  ) {}

  choose(
    svc: KubeObject,
    port: number,
    endpoints: EndpointAddress[],
    clientIp: string,
  ): EndpointAddress | undefined {
    if (endpoints.length === 0) return undefined;
    const sorted = [...endpoints].sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
    if (svc.spec?.sessionAffinity !== 'ClientIP') return sorted[pickIndex(this.random, sorted.length)];
    const timeoutSeconds: number =
      svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS;
    const key = `${svc.metadata.namespace}/${svc.metadata.name}:${port}|${clientIp}`;
    const now = this.now();
    const pin = this.pins.get(key);
    const pinned =
      pin && now - pin.lastUsedMs <= timeoutSeconds * 1000 ? sorted.find((e) => e.ip === pin.ip) : undefined;
    const chosen = pinned ?? sorted[pickIndex(this.random, sorted.length)];
    this.pins.set(key, { ip: chosen.ip, lastUsedMs: now });
    return chosen;
  }
}
