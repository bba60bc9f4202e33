/**
 * Service access from the host, standing in for `minikube service --url` / NodePort through
 * kube-proxy: one `net.Server` on 127.0.0.1 (free port) per Service port. Every NEW TCP connection
 * picks a ready backend at random (or by ClientIP affinity) and the socket is handed to that pod's
 * in-process HTTP server; keep-alive requests therefore stay on one pod (docs/reference-facts.md, kubectl-and-pods §6).
 * A backend whose app is still building, or no ready backend at all, resets the connection.
 */
import net from 'node:net';
import { HOST_GATEWAY_IP } from '../../minikube/network.ts';
import type { SimOptions } from '../config.ts';
import type { ClusterNetwork } from '../network/types.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';
import { PodHttpServers } from './http-server.ts';

export interface ServiceProxies {
  /** `http://127.0.0.1:PORT` per Service port (or only `port`); starts listeners on first use. */
  urlFor(namespace: string, service: string, port?: number): Promise<string[]>;
  close(): Promise<void>;
}

interface Listener {
  server: net.Server;
  ready: Promise<number>;
}

function servicePorts(svc: KubeObject): number[] {
  if (svc.spec?.type === 'ExternalName' || svc.spec?.clusterIP === 'None') return [];
  return ((svc.spec?.ports ?? []) as { port: number; protocol?: string }[])
    .filter((p) => (p.protocol ?? 'TCP') === 'TCP')
    .map((p) => p.port);
}

export async function startServiceProxies(
  store: ClusterStore,
  network: ClusterNetwork,
  _options?: SimOptions,
): Promise<ServiceProxies> {
  const podServers = new PodHttpServers((pod, port) => network.apps.listener(pod, port));
  podServers.setPodReader((ns, name) => store.get('pods', ns, name));
  const listeners = new Map<string, Listener>();
  const sockets = new Set<net.Socket>();
  let closed = false;

  const onConnection = (namespace: string, name: string, port: number, socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const svc = store.get('services', namespace, name);
    // Traffic from the host reaches kube-proxy from the docker network gateway.
    const outcome = svc
      ? network.connectToService({ kind: 'host', ip: HOST_GATEWAY_IP }, svc, port)
      : undefined;
    if (outcome?.kind !== 'connected') {
      socket.destroy();
      return;
    }
    sockets.delete(socket);
    podServers.accept(outcome.pod, outcome.port, socket);
  };

  const ensure = (namespace: string, name: string, port: number): Listener => {
    const key = `${namespace}/${name}:${port}`;
    let l = listeners.get(key);
    if (l) return l;
    const server = net.createServer((socket) => onConnection(namespace, name, port, socket));
    const ready = new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
    ready.catch(() => listeners.delete(key));
    l = { server, ready };
    listeners.set(key, l);
    return l;
  };

  const closeService = (namespace: string, name: string) => {
    for (const [key, l] of listeners) {
      if (key.startsWith(`${namespace}/${name}:`)) {
        l.server.close();
        listeners.delete(key);
      }
    }
  };

  // Listen for every Service as it appears (like kube-proxy programming iptables).
  for (const svc of store.list('services')) {
    for (const p of servicePorts(svc)) ensure(svc.metadata.namespace ?? 'default', svc.metadata.name, p);
  }
  const unsubscribe = store.subscribe((event) => {
    if (closed || event.resource.plural !== 'services' || event.resource.group !== '') return;
    const ns = event.object.metadata.namespace ?? 'default';
    const name = event.object.metadata.name;
    if (event.type === 'DELETED') closeService(ns, name);
    else for (const p of servicePorts(event.object)) ensure(ns, name, p);
  });

  return {
    async urlFor(namespace, service, port) {
      const svc = store.get('services', namespace, service);
      if (!svc) return [];
      const ports = servicePorts(svc).filter((p) => port === undefined || p === port);
      const bound = await Promise.all(ports.map((p) => ensure(namespace, service, p).ready));
      return bound.map((p) => `http://127.0.0.1:${p}`);
    },
    async close() {
      closed = true;
      unsubscribe();
      for (const socket of sockets) socket.destroy();
      podServers.close();
      await Promise.all(
        [...listeners.values()].map(
          (l) =>
            new Promise<void>((resolve) =>
              l.server.listening ? l.server.close(() => resolve()) : resolve(),
            ),
        ),
      );
      listeners.clear();
    },
  };
}
