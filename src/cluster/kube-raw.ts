/**
 * GET and WATCH by API path, for code that works on any resource (waits). GET uses node:http(s)
 * with the kubeconfig's TLS/auth options (KubeConfig.applyToHTTPSOptions), WATCH client-node's Watch.
 */
import http from 'node:http';
import https from 'node:https';
import type * as K8s from '@kubernetes/client-node';
import { KubeApiError } from './errors.ts';
import { statusFields } from './kube-errors.ts';

export type WatchEventHandler = (type: string, object: unknown) => void;

export interface WatchHandle {
  abort(): void;
}

export async function getJson<T>(
  kc: K8s.KubeConfig,
  path: string,
  query: Record<string, string | undefined>,
  signal?: AbortSignal,
): Promise<T> {
  const server = kc.getCurrentCluster()?.server ?? '';
  const url = new URL(server.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const fail = (code: number, body: unknown, cause?: unknown) => {
    const { reason, message } = code === 0 ? { reason: '', message: String(body) } : statusFields(code, body);
    return new KubeApiError({ code, reason, message, verb: 'list', resource: path }, cause);
  };
  return new Promise<T>((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      { ...opts, method: 'GET', headers: { ...opts.headers, Accept: 'application/json' }, signal },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(fail(0, e.message, e)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code < 200 || code >= 300) return reject(fail(code, text));
          try {
            resolve(JSON.parse(text) as T);
          } catch (e) {
            reject(fail(code, `response is not JSON: ${text.slice(0, 200)}`, e));
          }
        });
      },
    );
    req.on('error', (e) => reject(fail(0, e.message, e)));
    req.end();
  });
}

export async function watchPath(
  k8s: typeof K8s,
  kc: K8s.KubeConfig,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
  onEvent: WatchEventHandler,
  onDone: (err: unknown) => void,
): Promise<WatchHandle> {
  const controller = await new k8s.Watch(kc).watch(path, query, (type, obj) => onEvent(type, obj), onDone);
  return { abort: () => controller.abort() };
}
