// kube-proxy semantics from docs/reference-facts.md, kubectl-and-pods §6: random backend per connection, ClientIP affinity.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/types.ts';
import { ServiceBalancer } from './balancer.ts';
import { createPrng } from './prng.ts';

const eps = [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }];
const svc = (affinity?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's', namespace: 'default' },
  spec: { sessionAffinity: affinity ?? 'None' },
});

describe('ServiceBalancer', () => {
  it('spreads new connections over every backend', () => {
    const b = new ServiceBalancer(createPrng(7), () => 0);
    const hits = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const ip = b.choose(svc(), 80, eps, '1.1.1.1')!.ip;
      hits.set(ip, (hits.get(ip) ?? 0) + 1);
    }
    expect([...hits.keys()].sort()).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    for (const n of hits.values()) expect(n).toBeGreaterThan(60);
  });

  it('is reproducible for a seed', () => {
    const pick = () => {
      const b = new ServiceBalancer(createPrng(99), () => 0);
      return Array.from({ length: 10 }, () => b.choose(svc(), 80, eps, 'c')!.ip);
    };
    expect(pick()).toEqual(pick());
  });

  it('pins a client IP with sessionAffinity ClientIP until the timeout passes', () => {
    let now = 0;
    const b = new ServiceBalancer(createPrng(3), () => now);
    const first = b.choose(svc('ClientIP'), 80, eps, '1.1.1.1')!.ip;
    for (let i = 0; i < 20; i++) expect(b.choose(svc('ClientIP'), 80, eps, '1.1.1.1')!.ip).toBe(first);
    const others = new Set(
      Array.from({ length: 30 }, (_, i) => b.choose(svc('ClientIP'), 80, eps, `2.2.2.${i}`)!.ip),
    );
    expect(others.size).toBeGreaterThan(1);
    // A pinned backend that disappears is replaced.
    const rest = eps.filter((e) => e.ip !== first);
    expect(b.choose(svc('ClientIP'), 80, rest, '1.1.1.1')!.ip).not.toBe(first);
    now += 10801 * 1000;
    expect(b.choose(svc('ClientIP'), 80, eps, '9.9.9.9')).toBeDefined();
  });

  it('returns nothing without endpoints', () => {
    expect(new ServiceBalancer(createPrng(1), () => 0).choose(svc(), 80, [], 'c')).toBeUndefined();
  });
});
