/**
 * A node `http.Server` per (pod, port) that never listens on a port: the service proxy hands it
 * accepted sockets with `emit('connection')`, so HTTP keep-alive keeps a client on one pod exactly as
 * conntrack does. Each request asks the pod's program (Responder) again, so a pod that was deleted or
 * restarted in the meantime resets the connection.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { KubeObject } from '../store/types.ts';
import type { Responder } from './http-types.ts';

export type ResponderLookup = () => Responder | undefined;

export function createPodHttpServer(lookup: ResponderLookup): http.Server {
  const server = http.createServer((req, res) => {
    const responder = lookup();
    if (!responder) {
      req.socket.destroy();
      return;
    }
    // Consume the request body (if any) before answering; the apps here ignore it.
    req.resume();
    req.on('end', () => {
      const out = responder({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: flatHeaders(req.headers),
      });
      res.statusCode = out.status;
      res.statusMessage = out.statusText;
      for (const [k, v] of out.headers) res.setHeader(k, v);
      res.end(out.body);
    });
  });
  server.keepAliveTimeout = 5000;
  return server;
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** One server per pod uid and port, created on first use. */
export class PodHttpServers {
  private readonly servers = new Map<string, http.Server>();
  private readonly sockets = new Set<Socket>();

  constructor(private readonly lookup: (pod: KubeObject, port: number) => Responder | undefined) {}

  /** Serves `socket` as a connection to `pod`:`port`. */
  accept(pod: KubeObject, port: number, socket: Socket): void {
    const key = `${pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`}:${port}`;
    let server = this.servers.get(key);
    if (!server) {
      const { namespace, name, uid } = pod.metadata;
      server = createPodHttpServer(() => this.lookupCurrent(namespace ?? 'default', name, uid, port));
      this.servers.set(key, server);
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    server.emit('connection', socket);
  }

  private current?: (namespace: string, name: string) => KubeObject | undefined;

  /** How to re-read a pod at request time (set by the owner, usually a store lookup). */
  setPodReader(read: (namespace: string, name: string) => KubeObject | undefined): void {
    this.current = read;
  }

  private lookupCurrent(
    namespace: string,
    name: string,
    uid: string | undefined,
    port: number,
  ): Responder | undefined {
    const pod = this.current?.(namespace, name);
    if (!pod || (uid && pod.metadata.uid !== uid)) return undefined;
    return this.lookup(pod, port);
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    for (const server of this.servers.values()) server.closeAllConnections();
    this.servers.clear();
  }
}
