/**
 * A small two-node minikube-like cluster in a memory store for the exec/network/app tests: the lab
 * report's addresses (docs/reference-facts.md, kubectl-and-pods §3: 192.168.0.68 on minikube, 192.168.1.4 on minikube-m02).
 */
import { defaultSimOptions, NO_FAULTS, type SimFaults, type SimOptions } from '../config.ts';
import { createExecHandler } from '../exec/handler.ts';
import { createClusterNetwork } from '../network/cluster-network.ts';
import type { ClusterNetwork } from '../network/types.ts';
import { createStore } from '../store/memory-store.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';

export const POD_A = 'lab4-deployment-84dcb7ccff-8vgf4';
export const POD_B = 'lab4-deployment-84dcb7ccff-k6tfh';
export const IP_A = '192.168.0.68';
export const IP_B = '192.168.1.4';
export const SERVICE_IP = '10.104.13.37';
export const APP_IMAGE = 'ifilyaninitmo/itdt-contained-frontend:master';

export function simOptions(faults: Partial<SimFaults> = {}, extra: Partial<SimOptions> = {}): SimOptions {
  return defaultSimOptions({ faults: { ...NO_FAULTS, ...faults }, seed: 42, ...extra });
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function node(name: string, ip: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, ...labels },
      annotations: { 'projectcalico.org/IPv4Address': `${ip}/24` },
    },
    spec: {},
    status: {
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

export interface PodSpecInput {
  name: string;
  namespace?: string;
  node: string;
  ip: string;
  image?: string;
  labels?: Record<string, string>;
  env?: unknown[];
  startedAtMs?: number;
  hostNetwork?: boolean;
  phase?: string;
  containerName?: string;
}

export function pod(p: PodSpecInput): KubeObject {
  const containerName = p.containerName ?? 'frontend';
  const startedAt = iso(p.startedAtMs ?? Date.now() - 600_000);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace: p.namespace ?? 'default', labels: p.labels ?? {} },
    spec: {
      nodeName: p.node,
      hostNetwork: p.hostNetwork,
      containers: [
        {
          name: containerName,
          image: p.image ?? APP_IMAGE,
          env: p.env ?? [],
          ports: [{ containerPort: 3000 }],
        },
      ],
    },
    status: {
      phase: p.phase ?? 'Running',
      podIP: p.ip,
      hostIP: p.node === 'minikube' ? '192.168.49.2' : '192.168.49.3',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: containerName, ready: true, state: { running: { startedAt } } }],
    },
  };
}

export function service(
  name: string,
  clusterIP: string,
  selector: Record<string, string>,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'ClusterIP',
      clusterIP,
      selector,
      ports: [{ port: 3000, targetPort: 3000, protocol: 'TCP' }],
      ...extra,
    },
  };
}

export interface TestCluster {
  store: ClusterStore;
  options: SimOptions;
  network: ClusterNetwork;
  exec(
    pod: string,
    command: string[],
    opts?: { namespace?: string; stdin?: string; tty?: boolean },
  ): Promise<{
    stdout: string;
    stderr: string;
    exitCode: number;
  }>;
}

export const APP_ENV = [
  { name: 'REACT_APP_USERNAME', value: 'ivanov' },
  { name: 'REACT_APP_COMPANY_NAME', value: 'ITMO' },
];

/** Two nodes, kube-dns, two app pods behind `lab4-service`, the calicoctl pod. */
export function labCluster(faults: Partial<SimFaults> = {}, extra: Partial<SimOptions> = {}): TestCluster {
  const store = createStore();
  const options = simOptions(faults, extra);
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
  store.create('nodes', node('minikube', '192.168.49.2', { rack: '0' }));
  store.create('nodes', node('minikube-m02', '192.168.49.3', { rack: '1' }));
  store.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system' },
    spec: { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] },
  });
  store.create(
    'pods',
    pod({ name: POD_A, node: 'minikube', ip: IP_A, labels: { app: 'lab4' }, env: APP_ENV }),
  );
  store.create(
    'pods',
    pod({ name: POD_B, node: 'minikube-m02', ip: IP_B, labels: { app: 'lab4' }, env: APP_ENV }),
  );
  store.create('services', service('lab4-service', SERVICE_IP, { app: 'lab4' }));
  store.create('pods', {
    ...pod({
      name: 'calicoctl',
      namespace: 'kube-system',
      node: 'minikube',
      ip: '192.168.49.2',
      image: 'calico/ctl:v3.28.1',
      hostNetwork: true,
      containerName: 'calicoctl',
    }),
  });
  const network = createClusterNetwork(store, options);
  const handler = createExecHandler({ store, network, options });
  return {
    store,
    options,
    network,
    async exec(podName, command, opts = {}) {
      const res = await handler(
        {
          namespace: opts.namespace ?? 'default',
          pod: podName,
          command,
          stdin: opts.stdin !== undefined,
          tty: opts.tty ?? false,
        },
        Promise.resolve(Buffer.from(opts.stdin ?? '')),
      );
      return { stdout: res.stdout.toString(), stderr: res.stderr.toString(), exitCode: res.exitCode };
    },
  };
}
