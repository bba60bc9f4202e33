import { isUploadServiceUrl } from './images.ts';
import { sniffImage } from './sniff.ts';

/**
 * `--fetch-images`: downloads one image linked from GitHub's upload service. Only https, only that
 * service (redirects may go on to GitHub's storage hosts, https too, at most 3 hops), bounded in
 * size and time, and only image content (the content type and the file's magic bytes) is accepted.
 */

export const FETCH_MAX_BYTES = 10 * 1024 * 1024;
export const FETCH_TIMEOUT_MS = 15_000;
const MAX_REDIRECTS = 3;

export type FetchOutcome = { ok: true; bytes: Buffer } | { ok: false; reason: string };

export interface FetchImageOptions {
  maxBytes?: number;
  timeoutMs?: number;
  /** Injected in tests. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
}

/** Where GitHub's upload service redirects to: its user-content hosts and its S3 buckets. */
export function isGitHubStorageHost(host: string): boolean {
  return (
    host.endsWith('.githubusercontent.com') ||
    /^github-production-user-asset-[a-z0-9]+\.s3\.amazonaws\.com$/.test(host)
  );
}

export async function fetchImage(href: string, opts: FetchImageOptions = {}): Promise<FetchOutcome> {
  const maxBytes = opts.maxBytes ?? FETCH_MAX_BYTES;
  const timeoutMs = opts.timeoutMs ?? FETCH_TIMEOUT_MS;
  const doFetch = opts.fetch ?? globalThis.fetch;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'not https; not fetched' };
  if (!isUploadServiceUrl(url)) return { ok: false, reason: "not GitHub's upload service; not fetched" };

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      const res = await doFetch(url, { redirect: 'manual', signal: controller.signal });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (!location || hop >= MAX_REDIRECTS) return { ok: false, reason: 'too many redirects' };
        const next = new URL(location, url);
        if (next.protocol !== 'https:' || !(isUploadServiceUrl(next) || isGitHubStorageHost(next.hostname)))
          return { ok: false, reason: `redirected to ${next.protocol}//${next.hostname}; not followed` };
        url = next;
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        return { ok: false, reason: `HTTP ${res.status}` };
      }
      const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      // GitHub's storage sometimes serves images as application/octet-stream: the magic bytes decide.
      if (type && !type.startsWith('image/') && type !== 'application/octet-stream') {
        await res.body?.cancel();
        return { ok: false, reason: `served as ${type}, not an image` };
      }
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        await res.body?.cancel();
        return { ok: false, reason: `larger than ${maxBytes} bytes` };
      }
      const bytes = await readCapped(res, maxBytes);
      if (!bytes) return { ok: false, reason: `larger than ${maxBytes} bytes` };
      if (!sniffImage(bytes)) return { ok: false, reason: 'the download is not an image' };
      return { ok: true, bytes };
    }
  } catch (e) {
    if (controller.signal.aborted) return { ok: false, reason: `no answer within ${timeoutMs} ms` };
    return { ok: false, reason: `download failed: ${(e as Error).message ?? String(e)}` };
  } finally {
    clearTimeout(timer);
  }
}

/** The body, or undefined as soon as it passes `maxBytes` (the rest is not read). */
async function readCapped(res: Response, maxBytes: number): Promise<Buffer | undefined> {
  if (!res.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
