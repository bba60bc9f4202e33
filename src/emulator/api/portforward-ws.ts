/**
 * `pods/NAME/portforward`, the three ways clients speak it:
 * - kubectl ≥ 1.31 (PortForwardWebsockets, beta and on by default from 1.31 on both sides): a
 *   WebSocket offering `SPDY/3.1+portforward.k8s.io`, whose binary messages carry a SPDY/3 byte
 *   stream (client-go tools/portforward/tunneling_connection.go; the apiserver's
 *   apiserver/pkg/util/proxy/streamtunnel.go). Refused by an older apiserver, kubectl falls back to
 * - SPDY: `Upgrade: SPDY/3.1` + `X-Stream-Protocol-Version: portforward.k8s.io` (POST), answered
 *   101. In both, each forwarded connection is a pair of streams with headers `streamType`
 *   (error|data), `port` and `requestID` (kubelet pkg/kubelet/cri/streaming/portforward/httpstream.go);
 *   the error stream carries the kubelet's message, if any, and both end when the connection does.
 * - client-node: a WebSocket `v4.channel.k8s.io` with `?ports=P`, channel 2i data and 2i+1 error per
 *   port, each channel's first server frame the port as 2 little-endian bytes (kubelet
 *   pkg/kubelet/cri/streaming/portforward/websocket.go).
 */
import type { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { apiErrors } from '../store/errors.ts';
import { type SpdyServerSession as Session, SpdyServerSession, type SpdyStream } from './spdy.ts';
import type { ApiContext } from './types.ts';

export const TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
const CHANNEL_PROTOCOLS = ['v4.channel.k8s.io', 'channel.k8s.io'];

/** The apiserver tunnels SPDY over WebSocket from 1.31 (the PortForwardWebsockets gate, beta). */
export function servesTunnel(kubeMinor: number): boolean {
  return kubeMinor >= 31;
}

/** A Duplex whose writes go out through `send`, ended by `end`, fed by `push`. */
function bridge(send: (b: Buffer) => void, end: () => void): Duplex {
  let ended = false;
  const once = () => {
    if (!ended) {
      ended = true;
      end();
    }
  };
  return new Duplex({
    allowHalfOpen: true,
    read() {},
    write(chunk: Buffer, _enc, cb) {
      send(Buffer.from(chunk));
      cb();
    },
    final(cb) {
      once();
      cb();
    },
    destroy(err, cb) {
      once();
      cb(err);
    },
  });
}

interface Pair {
  data?: SpdyStream;
  error?: SpdyStream;
}

/** Serves the stream pairs of one SPDY session: every complete pair is one forwarded connection. */
export function servePortForwardSpdy(
  ctx: ApiContext,
  target: { namespace: string; pod: string },
  transport: { write(b: Buffer): void; close(): void },
): Session {
  const pairs = new Map<string, Pair>();
  const onStream = (stream: SpdyStream) => {
    const port = Number(stream.header('port'));
    const type = stream.header('streamType');
    if (!Number.isInteger(port) || port < 1 || port > 65535 || (type !== 'error' && type !== 'data')) {
      stream.reset();
      return;
    }
    // Old clients send no requestID: the kubelet pairs stream N (error) with N+2 (data).
    const requestId = stream.header('requestID') ?? String(type === 'error' ? stream.id : stream.id - 2);
    const pair = pairs.get(requestId) ?? {};
    pairs.set(requestId, pair);
    if (pair[type]) {
      stream.reset();
      return;
    }
    pair[type] = stream;
    if (pair.data && pair.error) {
      pairs.delete(requestId);
      forward(ctx, target, port, pair.data, pair.error);
    }
  };
  return new SpdyServerSession(transport, onStream);
}

function forward(
  ctx: ApiContext,
  target: { namespace: string; pod: string },
  port: number,
  data: SpdyStream,
  error: SpdyStream,
): void {
  const finish = () => {
    data.end();
    error.end();
  };
  const duplex = bridge(
    (b) => data.write(b),
    () => finish(),
  );
  data.onData = (chunk) => {
    duplex.push(chunk);
  };
  error.onData = () => {};
  const message = ctx.portForward
    ? ctx.portForward({ ...target, port }, duplex)
    : 'port forwarding is not supported by this emulated apiserver';
  if (message !== undefined) {
    error.write(Buffer.from(message));
    duplex.destroy();
  }
}

/** The 101 answer to kubectl's SPDY upgrade (apimachinery httpstream/spdy upgrade.go). */
export function spdyUpgradeResponse(): string {
  return [
    'HTTP/1.1 101 Switching Protocols',
    'Connection: Upgrade',
    'Upgrade: SPDY/3.1',
    'X-Stream-Protocol-Version: portforward.k8s.io',
    '',
    '',
  ].join('\r\n');
}

function wsTransport(ws: WebSocket) {
  return {
    write: (b: Buffer) => {
      if (ws.readyState === ws.OPEN) ws.send(b, { binary: true });
    },
    close: () => {
      if (ws.readyState === ws.OPEN) ws.close(1000);
    },
  };
}

/** client-node's protocol: one WebSocket, a data and an error channel per `ports` entry. */
function serveChannels(
  ws: WebSocket,
  ctx: ApiContext,
  target: { namespace: string; pod: string },
  ports: number[],
) {
  const send = (channel: number, payload: Buffer) => {
    if (ws.readyState === ws.OPEN)
      ws.send(Buffer.concat([Buffer.from([channel]), payload]), { binary: true });
  };
  let open = ports.length;
  const duplexes = ports.map((port, i) => {
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16LE(port, 0);
    send(2 * i, prefix);
    send(2 * i + 1, prefix);
    const d = bridge(
      (b) => send(2 * i, b),
      () => {
        open -= 1;
        if (open === 0 && ws.readyState === ws.OPEN) ws.close(1000);
      },
    );
    const message = ctx.portForward
      ? ctx.portForward({ ...target, port }, d)
      : 'port forwarding is not supported by this emulated apiserver';
    if (message !== undefined) {
      send(2 * i + 1, Buffer.from(message));
      d.destroy();
    }
    return d;
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary || data.length === 0) return;
    const channel = data[0];
    if (channel % 2 === 0) duplexes[channel / 2]?.push(Buffer.from(data.subarray(1)));
  });
  ws.on('close', () => {
    for (const d of duplexes) d.push(null);
  });
}

function parsePorts(query: URLSearchParams): number[] {
  const raw = query.getAll('ports').flatMap((p) => p.split(','));
  if (raw.length === 0) throw apiErrors.badRequest('query parameter "port" is required');
  return raw.map((p) => {
    const n = Number(p.trim());
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      throw apiErrors.badRequest(`unable to parse "${p}" as a port: invalid syntax`);
    return n;
  });
}

/** Upgrades one portforward request (the pod was found and has a node); throws an ApiError to refuse it. */
export function createPortForwardUpgrader(ctx: ApiContext) {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered: Set<string>) => {
      if (offered.has(TUNNEL_PROTOCOL) && servesTunnel(ctx.kubeMinor)) return TUNNEL_PROTOCOL;
      return CHANNEL_PROTOCOLS.find((p) => offered.has(p)) ?? false;
    },
  });
  return (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    target: { namespace: string; pod: string },
    query: URLSearchParams,
  ): void => {
    const upgrade = (req.headers.upgrade ?? '').toLowerCase();
    if (upgrade === 'spdy/3.1') {
      socket.write(spdyUpgradeResponse());
      const session = servePortForwardSpdy(ctx, target, {
        write: (b) => {
          if (!socket.destroyed) socket.write(b);
        },
        close: () => socket.end(),
      });
      if (head.length) session.receive(head);
      socket.on('data', (b: Buffer) => session.receive(b));
      socket.on('close', () => session.transportClosed());
      return;
    }
    if (upgrade !== 'websocket')
      throw apiErrors.badRequest('unable to upgrade: missing upgrade headers in request');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const tunnel = offered.includes(TUNNEL_PROTOCOL) && servesTunnel(ctx.kubeMinor);
    // Below 1.31 the tunnel request reaches the kubelet's channel handler, which wants `ports`.
    const ports = tunnel ? [] : parsePorts(query);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (ws.protocol === TUNNEL_PROTOCOL) {
        const session = servePortForwardSpdy(ctx, target, wsTransport(ws));
        ws.on('message', (data: Buffer) => session.receive(Buffer.from(data)));
        ws.on('close', () => session.transportClosed());
        ws.on('error', () => session.transportClosed());
        return;
      }
      serveChannels(ws, ctx, target, ports);
    });
  };
}
