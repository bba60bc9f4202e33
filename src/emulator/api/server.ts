/**
 * The emulated Kubernetes API server: plain HTTP on 127.0.0.1 that the real kubectl (v1.32) and
 * @kubernetes/client-node 1.4 accept. Routing → discovery / OpenAPI / resource handlers; exec is a
 * WebSocket upgrade. Everything is served from a ClusterStore.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { minorOf } from '../../minikube/versions.ts';
import { apiErrors } from '../store/errors.ts';
import { handleResource } from './crud.ts';
import { apiGroupDocument, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.ts';
import { createExecUpgradeHandler } from './exec-ws.ts';
import { serveOpenApi } from './openapi.ts';
import { parseRoute } from './routes.ts';
import { pathNotFound, sendError, sendJson, sendText } from './status.ts';
import type { ApiContext, ApiServerHandle, ApiServerOptions } from './types.ts';

export type {
  ApiServerHandle,
  ApiServerOptions,
  AttachHandler,
  ExecHandler,
  ExecRequest,
  ExecResult,
  LogHandler,
  PortForwardHandler,
} from './types.ts';

/** Discovery documents depend only on the Kubernetes version: build each once per version. */
const discoveryCache = new Map<string, unknown>();
function cached(minor: number, key: string, build: () => unknown): unknown {
  const k = `${minor} ${key}`;
  let v = discoveryCache.get(k);
  if (v === undefined) {
    v = build();
    discoveryCache.set(k, v);
  }
  return v;
}

async function handleRequest(
  ctx: ApiContext,
  opts: ApiServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (opts.extraRoutes && (await opts.extraRoutes(req, res))) return;
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const minor = ctx.kubeMinor;
  const route = parseRoute(pathname, minor);
  if (route.type === 'resource') return handleResource(ctx, route, req, res, query);
  if (req.method !== 'GET' && req.method !== 'HEAD') throw apiErrors.methodNotAllowed();
  switch (route.type) {
    case 'version':
      return sendJson(res, 200, versionInfo(opts.version.gitVersion));
    case 'health':
      return sendText(res, 200, 'ok');
    case 'api':
      return sendJson(res, 200, cached(minor, '/api', apiVersions));
    case 'apis':
      return sendJson(
        res,
        200,
        cached(minor, '/apis', () => apiGroupList(minor)),
      );
    case 'group': {
      const doc = cached(minor, `/apis/${route.group}`, () => apiGroupDocument(route.group, minor) ?? null);
      if (!doc) throw pathNotFound();
      return sendJson(res, 200, doc);
    }
    case 'groupVersion':
      return sendJson(
        res,
        200,
        cached(minor, `${route.group}/${route.version}`, () =>
          apiResourceList(route.group, route.version, minor),
        ),
      );
    case 'openapi':
      return serveOpenApi(route.version, res);
    case 'notFound':
      throw pathNotFound();
  }
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServerHandle> {
  const ctx: ApiContext = {
    store: opts.store,
    now: opts.now ?? (() => new Date()),
    kubeMinor: minorOf(opts.version.gitVersion),
    exec: opts.exec,
    attach: opts.attach,
    portForward: opts.portForward,
    logs: opts.logs,
  };
  const upgraded = new Set<Duplex>();
  const server = createServer((req, res) => {
    handleRequest(ctx, opts, req, res).catch((err) => sendError(res, err));
  });
  server.on(
    'upgrade',
    createExecUpgradeHandler(
      ctx,
      (socket) => {
        upgraded.add(socket);
        socket.on('close', () => upgraded.delete(socket));
      },
      opts.version.gitVersion,
    ),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Watches and exec sessions are long-lived: end them so close() completes.
        server.closeAllConnections();
        for (const s of upgraded) s.destroy();
      }),
  };
}
