/**
 * The kubelet's side of `kubectl port-forward`: each forwarded connection is a TCP connection to
 * localhost:PORT inside the pod's network namespace, so it reaches the pod's own program (the lab
 * app on 3000 once built, nginx on 80) with no Service or load balancing in between
 * (docs/reference-facts.md, kubectl-and-pods §6). Nothing listening is the runtime's "connection
 * refused", reported on the error stream (kubelet portforward/httpstream.go: `error forwarding port
 * %d to pod %s, uid %v: %v`, where the CRI streaming server passes the sandbox id and no uid).
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PortForwardHandler, PortForwardRequest } from '../api/types.ts';
import { PodHttpServers } from '../app/index.ts';
import type { ClusterNetwork } from '../network/types.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';

const SANDBOX_ANNOTATION = 'cni.projectcalico.org/containerID';

export function portForwardRefused(pod: KubeObject, port: number): string {
  const sandbox = pod.metadata.annotations?.[SANDBOX_ANNOTATION] ?? pod.metadata.uid ?? pod.metadata.name;
  return (
    `error forwarding port ${port} to pod ${sandbox}, uid : failed to execute portforward in network namespace ` +
    `"/var/run/netns/cni-${sandbox.slice(0, 8)}": failed to connect to localhost:${port} inside namespace ` +
    `"${sandbox}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused ` +
    `IPv6 dial tcp6 [::1]:${port}: connect: connection refused `
  );
}

export interface PortForwarder {
  handler: PortForwardHandler;
  close(): void;
}

export function createPortForwarder(deps: { store: ClusterStore; network: ClusterNetwork }): PortForwarder {
  const servers = new PodHttpServers((pod, port) => deps.network.apps.listener(pod, port));
  servers.setPodReader((ns, name) => deps.store.get('pods', ns, name));
  const handler = (req: PortForwardRequest, stream: Duplex): string | undefined => {
    const pod = deps.store.get('pods', req.namespace, req.pod);
    if (!pod) return `pod ${req.pod} not found`;
    if (!deps.network.apps.listener(pod, req.port)) return portForwardRefused(pod, req.port);
    // The pod's HTTP server takes any Duplex as a connection, as it takes the service proxy's sockets.
    servers.accept(pod, req.port, stream as Socket);
    return undefined;
  };
  return { handler, close: () => servers.close() };
}
