/**
 * One emulated minikube cluster (one profile) in this process: the object store seeded like a
 * fresh `minikube start --cni=calico`, the controllers, the pod network, exec/logs, service
 * proxies and the HTTP API server. The API server also answers the `/__sim/…` control routes
 * the stand-in `minikube` CLI uses (status, node list, service URLs, node files for ssh).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeNames } from '../minikube/nodes.ts';
import { startApiServer } from './api/server.ts';
import { createLogHandler, startServiceProxies } from './app/index.ts';
import { bootstrapCluster } from './bootstrap.ts';
import { SimClock } from './clock.ts';
import type { SimOptions } from './config.ts';
import { startControllers } from './controllers/index.ts';
import { ContainerProcesses } from './controllers/processes.ts';
import { createAttachHandler } from './exec/attach.ts';
import { createCommandRunner, createExecHandler } from './exec/handler.ts';
import { createPortForwarder } from './exec/port-forward.ts';
import {
  CONTROL_PREFIX,
  type NodeFilesResponse,
  type ServiceUrlsResponse,
  type SimNodeInfo,
  type SimStatus,
} from './minikube/control-api.ts';
import { nodeFiles } from './minikube/node-files.ts';
import { createClusterNetwork } from './network/index.ts';
import { createStore } from './store/memory-store.ts';
import type { ClusterStore, KubeObject } from './store/types.ts';

export interface SimCluster {
  /** `http://127.0.0.1:PORT`, the API server and the control routes. */
  url: string;
  port: number;
  options: SimOptions;
  store: ClusterStore;
  /** Nodes in creation order with their InternalIP and readiness. */
  nodes(): SimNodeInfo[];
  status(): SimStatus;
  /** URLs reaching the Service's ports from the host (like `minikube service --url`); throws if it does not exist. */
  serviceUrls(namespace: string, name: string): Promise<ServiceUrlsResponse>;
  /** Content of a file on a node (e.g. `/etc/cni/net.d/10-calico.conflist`), undefined if absent. */
  nodeFile(node: string, path: string): string | undefined;
  stop(): Promise<void>;
}

export type StartSimClusterOptions = SimOptions & { port?: number; host?: string };

export class ServiceNotFoundError extends Error {
  constructor(namespace: string, name: string) {
    super(`service "${name}" not found in namespace "${namespace}"`);
    this.name = 'ServiceNotFoundError';
  }
}

function isReady(node: KubeObject): boolean {
  const conditions: { type: string; status: string }[] = node.status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function internalIp(node: KubeObject): string {
  const addresses: { type: string; address: string }[] = node.status?.addresses ?? [];
  return addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
}

function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  // Names break ties: `minikube` < `minikube-m02` < `minikube-m03`.
  return ta === tb ? a.metadata.name.localeCompare(b.metadata.name) : ta.localeCompare(tb);
}

function appLabels(pod: KubeObject): string[] {
  const labels = pod.metadata.labels ?? {};
  return [labels.component, labels['k8s-app']].filter((v): v is string => Boolean(v));
}

/** `name/port` or `port`: the TARGET PORT column of `minikube service` (pkg/minikube/service). */
function portLabels(svc: KubeObject): string[] {
  const ports: { name?: string; port: number }[] = svc.spec?.ports ?? [];
  return ports.map((p) => (p.name ? `${p.name}/${p.port}` : String(p.port)));
}

export async function startSimCluster(opts: StartSimClusterOptions): Promise<SimCluster> {
  const { port, host, ...options } = opts;
  const store = createStore();
  const clock = new SimClock({ timeFactor: options.timeFactor });
  bootstrapCluster(store, options);
  const processes = new ContainerProcesses(clock);
  const controllers = startControllers(store, options, clock, processes);
  const network = createClusterNetwork(store, options, { clock });
  const exec = createExecHandler({ store, network, options, clock });
  const runCommand = createCommandRunner({ store, network, options, clock });
  processes.setRunner((pod, container, argv) => runCommand(pod, container.name, argv, '', false));
  const attach = createAttachHandler({ store, processes });
  const forwarder = createPortForwarder({ store, network });
  const appLogs = createLogHandler({ store, network, options, clock });
  // A container that ran its own command logs that command's output.
  const logs: typeof appLogs = (req) => {
    const pod = store.get('pods', req.namespace, req.pod);
    const container = req.container ?? pod?.spec?.containers?.[0]?.name;
    const own =
      pod && container ? processes.logs(pod.metadata.uid ?? pod.metadata.name, container) : undefined;
    return own ?? appLogs(req);
  };
  const proxies = await startServiceProxies(store, network, options);

  const machineNames = new Set(nodeNames(options.profile, options.nodes));
  const filesOf = (node: string): Record<string, string> | undefined =>
    machineNames.has(node) || store.get('nodes', undefined, node) ? nodeFiles(options, node) : undefined;

  const cluster: Omit<SimCluster, 'url' | 'port' | 'stop'> = {
    options,
    store,
    nodes() {
      return store
        .list('nodes')
        .sort(byCreation)
        .map((n) => ({
          name: n.metadata.name,
          ip: internalIp(n),
          controlPlane: 'node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {}),
          ready: isReady(n),
        }));
    },
    status() {
      const pods = store.list('pods', 'kube-system');
      const running = pods.filter((p) => p.status?.phase === 'Running');
      return {
        profile: options.profile,
        apiServer: 'Running',
        nodes: cluster.nodes(),
        systemPods: { total: pods.length, running: running.length },
        runningApps: [...new Set(running.flatMap(appLabels))].sort(),
      };
    },
    async serviceUrls(namespace, name) {
      const svc = store.get('services', namespace, name);
      if (!svc) throw new ServiceNotFoundError(namespace, name);
      const urls = await proxies.urlFor(namespace, name);
      return { urls, portNames: portLabels(svc).slice(0, urls.length) };
    },
    nodeFile(node, path) {
      return filesOf(node)?.[path];
    },
  };

  const extraRoutes = (req: IncomingMessage, res: ServerResponse) =>
    handleControl(cluster, filesOf, req, res);
  let server: Awaited<ReturnType<typeof startApiServer>>;
  try {
    server = await startApiServer({
      store,
      host: host ?? '127.0.0.1',
      port: port ?? 0,
      version: { gitVersion: options.kubernetesVersion },
      exec,
      attach,
      portForward: forwarder.handler,
      logs,
      extraRoutes,
    });
  } catch (e) {
    forwarder.close();
    await proxies.close();
    controllers.stop();
    clock.stopAll();
    throw e;
  }

  let stopped = false;
  return {
    ...cluster,
    url: server.url,
    port: server.port,
    async stop() {
      if (stopped) return;
      stopped = true;
      controllers.stop();
      clock.stopAll();
      forwarder.close();
      await Promise.allSettled([proxies.close(), server.close()]);
    },
  };
}

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The `/__sim/…` control routes; returns false for every other path so the API handles it. */
async function handleControl(
  cluster: Pick<SimCluster, 'status' | 'nodes' | 'serviceUrls'>,
  filesOf: (node: string) => Record<string, string> | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith(CONTROL_PREFIX)) return false;
  const route = url.pathname.slice(CONTROL_PREFIX.length);
  const q = url.searchParams;
  if (req.method !== 'GET') {
    sendJson(res, 405, { error: `method ${req.method} not allowed` });
    return true;
  }
  switch (route) {
    case 'status':
      sendJson(res, 200, cluster.status());
      return true;
    case 'nodes':
      sendJson(res, 200, cluster.nodes());
      return true;
    case 'service-urls': {
      try {
        const body: ServiceUrlsResponse = await cluster.serviceUrls(
          q.get('namespace') ?? 'default',
          q.get('name') ?? '',
        );
        sendJson(res, 200, body);
      } catch (e) {
        sendJson(res, e instanceof ServiceNotFoundError ? 404 : 500, { error: (e as Error).message });
      }
      return true;
    }
    case 'node-files': {
      const node = q.get('node') ?? '';
      const files = filesOf(node);
      if (files) sendJson(res, 200, { files } satisfies NodeFilesResponse);
      else sendJson(res, 404, { error: `node "${node}" not found` });
      return true;
    }
    default:
      sendJson(res, 404, { error: `unknown control route ${url.pathname}` });
      return true;
  }
}
