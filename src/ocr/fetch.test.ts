import { describe, expect, it } from 'vitest';
import { fetchImage } from './fetch.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const URL_OK = 'https://user-images.githubusercontent.com/1/a.png';

type FetchInput = Parameters<typeof globalThis.fetch>[0];
type Body = ConstructorParameters<typeof Response>[0];
type Handler = (url: URL) => Response | Promise<Response>;
function fakeFetch(handler: Handler): { fetch: typeof globalThis.fetch; calls: string[] } {
  const calls: string[] = [];
  const fetch = (async (input: FetchInput, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push(url.href);
    expect(init?.redirect).toBe('manual');
    return handler(url);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}
const image = (body: Body = PNG, headers: Record<string, string> = { 'content-type': 'image/png' }) =>
  new Response(body, { status: 200, headers });

describe('fetchImage', () => {
  it('downloads an image from the upload service', async () => {
    const { fetch } = fakeFetch(() => image());
    expect(await fetchImage(URL_OK, { fetch })).toEqual({ ok: true, bytes: PNG });
  });

  it('refuses plain http and other hosts without asking the network', async () => {
    const { fetch, calls } = fakeFetch(() => image());
    expect(await fetchImage('http://user-images.githubusercontent.com/1/a.png', { fetch })).toEqual({
      ok: false,
      reason: 'not https; not fetched',
    });
    expect((await fetchImage('https://example.com/a.png', { fetch })).ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it("follows a redirect to GitHub's storage, and no other", async () => {
    const s3 = 'https://github-production-user-asset-6210df.s3.amazonaws.com/1/a.png?sig=1';
    const ok = fakeFetch((u) =>
      u.hostname === 'github.com' ? new Response(null, { status: 302, headers: { location: s3 } }) : image(),
    );
    expect((await fetchImage('https://github.com/user-attachments/assets/x', { fetch: ok.fetch })).ok).toBe(
      true,
    );
    expect(ok.calls).toEqual(['https://github.com/user-attachments/assets/x', s3]);

    for (const location of [
      'https://evil.example/a.png',
      'http://user-images.githubusercontent.com/1/a.png',
    ]) {
      const bad = fakeFetch(() => new Response(null, { status: 302, headers: { location } }));
      expect(await fetchImage(URL_OK, { fetch: bad.fetch })).toMatchObject({ ok: false });
      expect(bad.calls).toHaveLength(1);
    }
    const loop = fakeFetch(() => new Response(null, { status: 302, headers: { location: URL_OK } }));
    expect(await fetchImage(URL_OK, { fetch: loop.fetch })).toEqual({
      ok: false,
      reason: 'too many redirects',
    });
  });

  it('accepts only images: by content type and by magic bytes', async () => {
    const html = fakeFetch(() => image('<html>', { 'content-type': 'text/html; charset=utf-8' }));
    expect(await fetchImage(URL_OK, { fetch: html.fetch })).toEqual({
      ok: false,
      reason: 'served as text/html, not an image',
    });
    const liar = fakeFetch(() => image('<html>not a png</html>'));
    expect(await fetchImage(URL_OK, { fetch: liar.fetch })).toEqual({
      ok: false,
      reason: 'the download is not an image',
    });
    const notFound = fakeFetch(() => new Response('gone', { status: 404 }));
    expect(await fetchImage(URL_OK, { fetch: notFound.fetch })).toEqual({ ok: false, reason: 'HTTP 404' });
  });

  it('stops at the size limit, declared or streamed', async () => {
    const declared = fakeFetch(() => image(PNG, { 'content-type': 'image/png', 'content-length': '999999' }));
    expect(await fetchImage(URL_OK, { fetch: declared.fetch, maxBytes: 100 })).toMatchObject({ ok: false });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(64));
      },
    });
    const streamed = fakeFetch(() => new Response(endless, { headers: { 'content-type': 'image/png' } }));
    expect(await fetchImage(URL_OK, { fetch: streamed.fetch, maxBytes: 1000 })).toEqual({
      ok: false,
      reason: 'larger than 1000 bytes',
    });
    expect(pulled).toBeLessThan(40);
  });

  it('gives up after the time limit', async () => {
    const { fetch } = fakeFetch(
      () =>
        new Promise<Response>(() => {
          /* never answers */
        }),
    );
    const slow = (async (input: FetchInput, init?: RequestInit) =>
      Promise.race([
        fetch(input, init),
        new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
      ])) as typeof globalThis.fetch;
    expect(await fetchImage(URL_OK, { fetch: slow, timeoutMs: 50 })).toEqual({
      ok: false,
      reason: 'no answer within 50 ms',
    });
  });
});
