/**
 * Which pod answers a request through the Service? The app's index.html names its bundle
 * `/static/js/main.<hash>.js`, and the bundle holds the pod name and IP baked in at build time
 * (docs/reference-facts.md, container-tools-output §6). The bundle must come from the pod that served the page: from
 * the host both requests go over ONE keep-alive connection (kube-proxy picks the pod per
 * connection); a bundle request answered with HTML came from another pod's catch-all, so the
 * sample is retried on a fresh connection. In-cluster (busybox wget, one connection per request)
 * the bundle request is repeated until it lands on the right pod.
 */
import http from 'node:http';
import https from 'node:https';
import { parseAppBundle, parseAppPage } from '../parse/index.ts';
import { type GetResponse, httpGet } from './http-get.ts';
import { combinedOutput, type PodExec, type PodRef } from './types.ts';

export interface HttpSample {
  ok: boolean;
  /** Pod name (REACT_APP_CONTAINER_NAME) the bundle names. */
  pod?: string;
  /** Pod IP (REACT_APP_CONTAINER_IP). */
  ip?: string;
  username?: string;
  company?: string;
  bundlePath?: string;
  /** Requests of index.html made for this sample (1, or more after a retry). */
  attempts: number;
  /** Some bundle request was answered with HTML (another pod's catch-all). */
  htmlForBundle: boolean;
  error?: string;
}

export interface HostSampleOptions {
  samples: number;
  /** Per sample attempt (page + bundle). Default 10 s. */
  timeoutMs?: number;
}

type Attempt =
  | { kind: 'ok'; sample: Omit<HttpSample, 'attempts' | 'htmlForBundle'> }
  | { kind: 'html-for-bundle'; bundlePath: string }
  | { kind: 'error'; error: string; bundlePath?: string };

function looksLikeHtml(contentType: string, body: string): boolean {
  return /text\/html/i.test(contentType) || /^\s*<(?:!doctype|html)/i.test(body);
}

/** Reads the bundle: the four values, or why it is not the app's bundle. */
function fromBundle(bundlePath: string, js: string): Attempt {
  const values = parseAppBundle(js);
  if (values.labelsFound === 0)
    return { kind: 'error', error: 'the bundle holds none of the app texts', bundlePath };
  return {
    kind: 'ok',
    sample: {
      ok: values.containerName !== undefined,
      bundlePath,
      ...(values.containerName !== undefined ? { pod: values.containerName } : {}),
      ...(values.containerIp !== undefined ? { ip: values.containerIp } : {}),
      ...(values.username !== undefined ? { username: values.username } : {}),
      ...(values.company !== undefined ? { company: values.company } : {}),
      ...(values.containerName === undefined ? { error: 'the bundle names no container' } : {}),
    },
  };
}

function errorMessage(e: unknown): string {
  const err = e as { code?: string; name?: string; message?: string };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timed out';
  return err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? e);
}

async function attemptFromHost(base: URL, timeoutMs: number): Promise<Attempt> {
  // One socket, kept alive: the bundle request reuses the connection the page came over.
  const agent =
    base.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false })
      : new http.Agent({ keepAlive: true, maxSockets: 1 });
  const signal = AbortSignal.timeout(timeoutMs);
  let bundlePath: string | undefined;
  try {
    const page: GetResponse = await httpGet(new URL('/', base), agent, signal);
    if (page.status !== 200) return { kind: 'error', error: `GET / answered ${page.status}` };
    bundlePath = parseAppPage(page.body) ?? undefined;
    if (!bundlePath) return { kind: 'error', error: 'index.html names no /static/js/main.<hash>.js' };
    const bundle = await httpGet(new URL(bundlePath, base), agent, signal);
    if (bundle.socket !== page.socket) {
      return { kind: 'error', error: 'the server closed the connection between page and bundle', bundlePath };
    }
    if (looksLikeHtml(bundle.contentType, bundle.body)) return { kind: 'html-for-bundle', bundlePath };
    if (bundle.status !== 200)
      return { kind: 'error', error: `GET ${bundlePath} answered ${bundle.status}`, bundlePath };
    return fromBundle(bundlePath, bundle.body);
  } catch (e) {
    return { kind: 'error', error: errorMessage(e), ...(bundlePath ? { bundlePath } : {}) };
  } finally {
    agent.destroy();
  }
}

function toSample(a: Attempt, attempts: number, htmlForBundle: boolean): HttpSample {
  if (a.kind === 'ok') return { ...a.sample, attempts, htmlForBundle };
  if (a.kind === 'html-for-bundle') {
    return {
      ok: false,
      bundlePath: a.bundlePath,
      attempts,
      htmlForBundle: true,
      error: 'the bundle request was answered with HTML (another pod)',
    };
  }
  return {
    ok: false,
    ...(a.bundlePath ? { bundlePath: a.bundlePath } : {}),
    attempts,
    htmlForBundle,
    error: a.error,
  };
}

/** `samples` requests from the host, each on a NEW connection (so kube-proxy picks a pod each time). */
export async function sampleServiceFromHost(url: string, opts: HostSampleOptions): Promise<HttpSample[]> {
  const base = new URL(url);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const out: HttpSample[] = [];
  for (let i = 0; i < opts.samples; i++) {
    const first = await attemptFromHost(base, timeoutMs);
    if (first.kind !== 'html-for-bundle') {
      out.push(toSample(first, 1, false));
      continue;
    }
    out.push(toSample(await attemptFromHost(base, timeoutMs), 2, true));
  }
  return out;
}

export interface InClusterSampleOptions {
  /** Per wget. Default 15 s. */
  timeoutMs?: number;
  /** Bundle requests per sample before giving up (each may land on another pod). Default 6. */
  bundleTries?: number;
}

/** busybox wget; `-T` bounds the network wait inside the pod too. */
async function wget(
  kube: PodExec,
  from: PodRef,
  url: string,
  timeoutMs: number,
): Promise<{ ok: boolean; body: string; error: string }> {
  const seconds = Math.max(1, Math.floor(timeoutMs / 1000) - 1);
  const r = await kube.exec(
    from.namespace,
    from.name,
    from.container,
    ['wget', '-q', '-T', String(seconds), '-O-', url],
    {
      timeoutMs,
    },
  );
  if (r.exitCode === 0) return { ok: true, body: r.stdout, error: '' };
  const why = r.timedOut ? 'timed out' : combinedOutput(r).trim() || `exit code ${r.exitCode}`;
  return { ok: false, body: r.stdout, error: why };
}

/** `samples` requests from inside `fromPod` (`wget -qO- URL`), e.g. to the Service's ClusterIP or DNS name. */
export async function sampleServiceInCluster(
  kube: PodExec,
  fromPod: PodRef,
  url: string,
  samples: number,
  opts: InClusterSampleOptions = {},
): Promise<HttpSample[]> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const tries = opts.bundleTries ?? 6;
  const root = new URL('/', url);
  const out: HttpSample[] = [];
  for (let i = 0; i < samples; i++) {
    const page = await wget(kube, fromPod, root.href, timeoutMs);
    if (!page.ok) {
      out.push({ ok: false, attempts: 1, htmlForBundle: false, error: page.error });
      continue;
    }
    const bundlePath = parseAppPage(page.body);
    if (!bundlePath) {
      out.push({
        ok: false,
        attempts: 1,
        htmlForBundle: false,
        error: 'index.html names no /static/js/main.<hash>.js',
      });
      continue;
    }
    let htmlForBundle = false;
    let result: HttpSample | undefined;
    for (let t = 0; t < tries && !result; t++) {
      const bundle = await wget(kube, fromPod, new URL(bundlePath, root).href, timeoutMs);
      if (!bundle.ok) {
        result = { ok: false, bundlePath, attempts: 1, htmlForBundle, error: bundle.error };
      } else if (looksLikeHtml('', bundle.body)) {
        htmlForBundle = true;
      } else {
        result = toSample(fromBundle(bundlePath, bundle.body), 1, htmlForBundle);
      }
    }
    out.push(
      result ?? {
        ok: false,
        bundlePath,
        attempts: 1,
        htmlForBundle,
        error: `the bundle request was answered with HTML ${tries} times (other pods)`,
      },
    );
  }
  return out;
}

/** How many samples each pod answered (failed samples are not counted). */
export function countByPod(samples: readonly HttpSample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of samples) if (s.ok && s.pod) counts[s.pod] = (counts[s.pod] ?? 0) + 1;
  return counts;
}
