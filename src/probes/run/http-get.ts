/** One GET over a given agent, reporting which socket carried it (to prove keep-alive reuse). */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

export interface GetResponse {
  status: number;
  contentType: string;
  body: string;
  socket: Socket;
}

export function httpGet(url: URL, agent: http.Agent, signal: AbortSignal): Promise<GetResponse> {
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<GetResponse>((resolve, reject) => {
    const req = mod.request(url, { method: 'GET', agent, signal, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          socket: req.socket as Socket,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
