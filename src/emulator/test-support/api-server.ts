/**
 * Test helpers for the emulated apiserver: a store seeded with minikube-like nodes and pods (written
 * directly; the real controllers are not involved), a started server with an echoing ExecHandler,
 * a kubeconfig for it and a runner for the real kubectl with its own HOME and discovery cache.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { startApiServer } from '../api/server.ts';
import type { ApiServerHandle, ExecHandler, LogHandler } from '../api/types.ts';
import { createStore } from '../store/memory-store.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';

export const KUBECTL = '/usr/bin/kubectl';
export const hasKubectl = existsSync(KUBECTL);

export function nodeObject(
  name: string,
  ip: string,
  opts: { controlPlane?: boolean; ready?: boolean } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(opts.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      },
    },
    spec: {},
    status: {
      conditions: [
        { type: 'Ready', status: opts.ready === false ? 'False' : 'True', reason: 'KubeletReady' },
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.31.0',
        osImage: 'Ubuntu 22.04.4 LTS',
        kernelVersion: '5.15.0-119-generic',
        containerRuntimeVersion: 'containerd://1.7.20',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export function podObject(
  name: string,
  opts: {
    node?: string;
    ip?: string;
    running?: boolean;
    containers?: string[];
    labels?: Record<string, string>;
  } = {},
): KubeObject {
  const containers = opts.containers ?? ['web'];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: opts.labels ?? { app: 'web' } },
    spec: {
      ...(opts.node ? { nodeName: opts.node } : {}),
      containers: containers.map((c) => ({ name: c, image: 'ifilyaninitmo/itdt-contained-frontend:master' })),
    },
    status: opts.running
      ? {
          phase: 'Running',
          podIP: opts.ip,
          podIPs: opts.ip ? [{ ip: opts.ip }] : [],
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: containers.map((c) => ({
            name: c,
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: '2024-12-04T10:00:00Z' } },
          })),
        }
      : {
          phase: 'Pending',
          containerStatuses: containers.map((c) => ({
            name: c,
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ContainerCreating' } },
          })),
        },
  };
}

/** Namespaces, two nodes (`minikube`, `minikube-m02`), two running pods and a pending one. */
export function seedCluster(store: ClusterStore): void {
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
    store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
      status: { phase: 'Active' },
    });
  store.create('nodes', nodeObject('minikube', '192.168.49.2', { controlPlane: true }));
  store.create('nodes', nodeObject('minikube-m02', '192.168.49.3'));
  store.create('pods', podObject('web-1', { node: 'minikube', ip: '10.244.0.5', running: true }));
  store.create('pods', podObject('web-2', { node: 'minikube-m02', ip: '10.244.1.4', running: true }));
  store.create('pods', podObject('pending', { node: 'minikube-m02' }));
}

/**
 * Test exec: `cat` echoes stdin, `echo a b` prints its arguments, `exit N` / `false` fail,
 * `stderr x` writes x to stderr, `boom` throws; anything else prints its argv as JSON.
 */
export const echoExec: ExecHandler = async (req, stdin) => {
  const [cmd, ...args] = req.command;
  switch (cmd) {
    case 'cat':
      return { stdout: await stdin, stderr: '', exitCode: 0 };
    case 'echo':
      return { stdout: `${args.join(' ')}\n`, stderr: '', exitCode: 0 };
    case 'false':
      return { stdout: '', stderr: '', exitCode: 1 };
    case 'exit':
      return { stdout: '', stderr: '', exitCode: Number(args[0]) };
    case 'stderr':
      return { stdout: '', stderr: `${args.join(' ')}\n`, exitCode: 0 };
    case 'boom':
      throw new Error('exec handler crashed');
    default:
      return {
        stdout: `${JSON.stringify({ pod: req.pod, container: req.container, command: req.command })}\n`,
        stderr: '',
        exitCode: 0,
      };
  }
};

/** Logs: three lines per running pod; undefined (not started) for others. */
export function testLogs(store: ClusterStore): LogHandler {
  return ({ namespace, pod, container }) => {
    const p = store.get('pods', namespace, pod);
    if (p?.status?.phase !== 'Running') return undefined;
    return `line 1 from ${pod}/${container}\nline 2\nline 3\n`;
  };
}

export interface TestApi {
  store: ClusterStore;
  server: ApiServerHandle;
  dir: string;
  kubeconfigPath: string;
  /** Runs the real kubectl against the server (never throws on a non-zero exit). */
  kubectl(
    args: string[],
    opts?: { input?: string },
  ): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  close(): Promise<void>;
}

export function kubeconfigYaml(url: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: emu',
    '  cluster:',
    `    server: ${url}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: emu',
    '  user:',
    '    token: emulated',
    'contexts:',
    '- name: emu',
    '  context:',
    '    cluster: emu',
    '    user: emu',
    '    namespace: default',
    'current-context: emu',
    '',
  ].join('\n');
}

export async function startTestApi(
  opts: { now?: () => Date; seed?: boolean; gitVersion?: string } = {},
): Promise<TestApi> {
  const store = createStore({ now: opts.now });
  if (opts.seed !== false) seedCluster(store);
  const server = await startApiServer({
    store,
    version: { gitVersion: opts.gitVersion ?? 'v1.31.0' },
    exec: echoExec,
    logs: testLogs(store),
    now: opts.now,
  });
  const dir = await mkdtemp(join(tmpdir(), 'emu-api-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, kubeconfigYaml(server.url));
  return {
    store,
    server,
    dir,
    kubeconfigPath,
    async kubectl(args, runOpts = {}) {
      const r = await execa(KUBECTL, ['--cache-dir', join(dir, 'cache'), ...args], {
        env: { KUBECONFIG: kubeconfigPath, HOME: dir, KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'true' },
        extendEnv: false,
        input: runOpts.input,
        reject: false,
        timeout: 20_000,
      });
      return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? -1 };
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
