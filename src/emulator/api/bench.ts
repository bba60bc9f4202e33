/**
 * Latency of the emulated apiserver's hot path (get / list / merge-patch over real HTTP with
 * keep-alive), for `npm run bench`. Aim: p50 under 2 ms per request.
 */
import { Agent, request } from 'node:http';
import { createStore } from '../store/memory-store.ts';
import { podObject, seedCluster } from '../test-support/api-server.ts';
import { startApiServer } from './server.ts';

export interface LatencyStats {
  p50: number;
  p95: number;
  /** Milliseconds. */
  unit: 'ms';
}

export interface ApiBenchResult {
  iterations: number;
  get: LatencyStats;
  list: LatencyStats;
  patch: LatencyStats;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), unit: 'ms' };
}

function timedRequest(
  agent: Agent,
  url: string,
  method: string,
  body?: string,
  contentType?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = request(
      url,
      {
        method,
        agent,
        headers: contentType ? { 'Content-Type': contentType, Accept: 'application/json' } : {},
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${url}: HTTP ${res.statusCode}`));
          else resolve(Number(process.hrtime.bigint() - start) / 1e6);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Starts a server with ~50 pods and measures `iterations` sequential requests of each kind. */
export async function benchApi(iterations = 500): Promise<ApiBenchResult> {
  const store = createStore();
  seedCluster(store);
  for (let i = 0; i < 47; i++)
    store.create(
      'pods',
      podObject(`bench-${i}`, { node: 'minikube', ip: `10.244.0.${10 + i}`, running: true }),
    );
  const server = await startApiServer({ store, version: { gitVersion: 'v1.31.0' } });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const base = `${server.url}/api/v1/namespaces/default/pods`;
  try {
    const get: number[] = [];
    const list: number[] = [];
    const patch: number[] = [];
    for (let i = 0; i < iterations + 20; i++) {
      const warm = i < 20; // let the JIT settle before sampling
      const g = await timedRequest(agent, `${base}/web-1`, 'GET');
      const l = await timedRequest(agent, base, 'GET');
      const p = await timedRequest(
        agent,
        `${base}/web-2`,
        'PATCH',
        JSON.stringify({ metadata: { labels: { iteration: String(i) } } }),
        'application/merge-patch+json',
      );
      if (warm) continue;
      get.push(g);
      list.push(l);
      patch.push(p);
    }
    return { iterations, get: stats(get), list: stats(list), patch: stats(patch) };
  } finally {
    agent.destroy();
    await server.close();
  }
}
