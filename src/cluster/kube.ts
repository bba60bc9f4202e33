/**
 * The Kubernetes API through @kubernetes/client-node 1.4 — the only module that talks to it
 * (docs/reference-facts.md, kube-api-emulation "Connection"). client-node is imported lazily (~0.8 s) so the CLI starts fast. Every API
 * failure becomes a KubeApiError; exec lives in kube-exec.ts, raw GET/WATCH in kube-raw.ts.
 */
import type * as K8s from '@kubernetes/client-node';
import { ClusterError, type KubeApiError, type KubeVerb } from './errors.ts';
import { toKubeApiError } from './kube-errors.ts';
import { type ExecOptions, type ExecResult, execInPod } from './kube-exec.ts';
import { getJson, type WatchEventHandler, type WatchHandle, watchPath } from './kube-raw.ts';

export type ClientNode = typeof K8s;
export type { ExecOptions, ExecResult } from './kube-exec.ts';
export type { WatchEventHandler, WatchHandle } from './kube-raw.ts';

let clientNode: Promise<ClientNode> | undefined;

/** The client-node module, imported on first use. */
export function loadClientNode(): Promise<ClientNode> {
  clientNode ??= import('@kubernetes/client-node');
  return clientNode;
}

export interface KubeConnectOptions {
  /** A kubeconfig file; default: $KUBECONFIG or ~/.kube/config (client-node's loadFromDefault). */
  kubeconfigPath?: string;
  /** Kubeconfig YAML text instead of a file. */
  kubeconfigYaml?: string;
  /** Context to use (minikube: the profile name); default the current context. */
  context?: string;
  /** Default namespace; default the context's namespace or `default`. */
  namespace?: string;
}

/** Enough of an object to address it: what `kubectl delete` needs. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

export interface ApplyResult<T> {
  object: T;
  action: 'created' | 'configured';
}

/** A custom resource (Calico IPPool, IPAMBlock, BlockAffinity…) as JSON. */
export type CustomObject = K8s.KubernetesObject & { spec?: Record<string, unknown>; [key: string]: unknown };

const FIELD_MANAGER = 'kube-lab-grader';

export class Kube {
  private readonly core: K8s.CoreV1Api;
  private readonly custom: K8s.CustomObjectsApi;
  private readonly objects: K8s.KubernetesObjectApi;

  private constructor(
    readonly k8s: ClientNode,
    readonly kc: K8s.KubeConfig,
    /** Default namespace of namespaced calls. */
    readonly namespace: string,
  ) {
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.custom = kc.makeApiClient(k8s.CustomObjectsApi);
    this.objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  }

  static async connect(opts: KubeConnectOptions = {}): Promise<Kube> {
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    if (opts.kubeconfigYaml !== undefined) kc.loadFromString(opts.kubeconfigYaml);
    else if (opts.kubeconfigPath) kc.loadFromFile(opts.kubeconfigPath);
    else kc.loadFromDefault();
    if (opts.context) {
      if (!kc.getContextObject(opts.context)) {
        const known = kc.getContexts().map((c) => c.name);
        throw new ClusterError(
          'api',
          `context "${opts.context}" not in kubeconfig (has: ${known.join(', ') || 'none'})`,
        );
      }
      kc.setCurrentContext(opts.context);
    }
    allowPlainHttp(kc);
    if (!kc.getCurrentCluster()) throw new ClusterError('api', 'kubeconfig has no current cluster');
    const namespace = opts.namespace ?? kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
    return new Kube(k8s, kc, namespace);
  }

  /** The API server URL of the current context. */
  get server(): string {
    return this.kc.getCurrentCluster()?.server ?? '';
  }

  get context(): string {
    return this.kc.getCurrentContext();
  }

  /** Runs a client-node call, turning its failures into KubeApiError. */
  private async call<T>(verb: KubeVerb, resource: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toKubeApiError(this.k8s, e, verb, resource);
    }
  }

  serverVersion(): Promise<K8s.VersionInfo> {
    return this.call('get', 'version', () => this.kc.makeApiClient(this.k8s.VersionApi).getCode());
  }

  async listNodes(labelSelector?: string): Promise<K8s.V1Node[]> {
    return (await this.call('list', 'nodes', () => this.core.listNode({ labelSelector }))).items;
  }

  getNode(name: string): Promise<K8s.V1Node> {
    return this.call('get', `nodes/${name}`, () => this.core.readNode({ name }));
  }

  /** Sets labels (null removes one) with a JSON merge patch, like `kubectl label`. */
  labelNode(name: string, labels: Record<string, string | null>): Promise<K8s.V1Node> {
    return this.call('patch', `nodes/${name}`, () =>
      this.core.patchNode(
        { name, body: { metadata: { labels } }, fieldManager: FIELD_MANAGER },
        this.k8s.setHeaderOptions('Content-Type', this.k8s.PatchStrategy.MergePatch),
      ),
    );
  }

  /** Pods of a namespace, or of all namespaces when `namespace` is undefined. */
  async listPods(namespace?: string, labelSelector?: string, fieldSelector?: string): Promise<K8s.V1Pod[]> {
    const list = await this.call('list', `pods${inNs(namespace)}`, () =>
      namespace === undefined
        ? this.core.listPodForAllNamespaces({ labelSelector, fieldSelector })
        : this.core.listNamespacedPod({ namespace, labelSelector, fieldSelector }),
    );
    return list.items;
  }

  getPod(namespace: string, name: string): Promise<K8s.V1Pod> {
    return this.call('get', `pods/${name}${inNs(namespace)}`, () =>
      this.core.readNamespacedPod({ namespace, name }),
    );
  }

  async listServices(namespace?: string, labelSelector?: string): Promise<K8s.V1Service[]> {
    const list = await this.call('list', `services${inNs(namespace)}`, () =>
      namespace === undefined
        ? this.core.listServiceForAllNamespaces({ labelSelector })
        : this.core.listNamespacedService({ namespace, labelSelector }),
    );
    return list.items;
  }

  getService(namespace: string, name: string): Promise<K8s.V1Service> {
    return this.call('get', `services/${name}${inNs(namespace)}`, () =>
      this.core.readNamespacedService({ namespace, name }),
    );
  }

  getEndpoints(namespace: string, name: string): Promise<K8s.V1Endpoints> {
    return this.call('get', `endpoints/${name}${inNs(namespace)}`, () =>
      this.core.readNamespacedEndpoints({ namespace, name }),
    );
  }

  async listEvents(namespace?: string, fieldSelector?: string): Promise<K8s.CoreV1Event[]> {
    const list = await this.call('list', `events${inNs(namespace)}`, () =>
      namespace === undefined
        ? this.core.listEventForAllNamespaces({ fieldSelector })
        : this.core.listNamespacedEvent({ namespace, fieldSelector }),
    );
    return list.items;
  }

  /** Cluster-scoped custom resources, e.g. ('crd.projectcalico.org', 'v1', 'ippools'). */
  async listCustom(group: string, version: string, plural: string): Promise<CustomObject[]> {
    const list = (await this.call('list', `${plural}.${group}`, () =>
      this.custom.listClusterCustomObject({ group, version, plural }),
    )) as { items?: CustomObject[] };
    return list.items ?? [];
  }

  async getCustom(group: string, version: string, plural: string, name: string): Promise<CustomObject> {
    return (await this.call('get', `${plural}.${group}/${name}`, () =>
      this.custom.getClusterCustomObject({ group, version, plural, name }),
    )) as CustomObject;
  }

  /** Deletes a cluster-scoped custom resource; false when it did not exist. */
  async deleteCustom(group: string, version: string, plural: string, name: string): Promise<boolean> {
    return ignoreNotFound(
      this.call('delete', `${plural}.${group}/${name}`, () =>
        this.custom.deleteClusterCustomObject({ group, version, plural, name }),
      ),
    );
  }

  /**
   * Creates the object, or merge-patches it when it already exists — for any kind the server
   * serves (KubernetesObjectApi resolves apiVersion/kind through discovery). Namespaced objects
   * without a namespace go to the context's namespace.
   */
  async apply<T extends K8s.KubernetesObject>(obj: T): Promise<ApplyResult<T>> {
    const what = describeRef(obj);
    try {
      const object = await this.call('create', what, () =>
        this.objects.create(obj, undefined, undefined, FIELD_MANAGER),
      );
      return { object, action: 'created' };
    } catch (e) {
      if (!(e as KubeApiError).alreadyExists) throw e;
    }
    const object = await this.call('patch', what, () =>
      this.objects.patch(
        obj,
        undefined,
        undefined,
        FIELD_MANAGER,
        undefined,
        this.k8s.PatchStrategy.MergePatch,
      ),
    );
    return { object, action: 'configured' };
  }

  /** Deletes any object; false when it did not exist. */
  async delete(ref: ObjectRef): Promise<boolean> {
    return ignoreNotFound(this.call('delete', describeRef(ref), () => this.objects.delete(ref)));
  }

  /**
   * Runs argv in a pod's container (client-node Exec over WebSocket). Never throws for a non-zero
   * exit or a timeout (see ExecResult); throws when the session cannot be opened.
   */
  exec(
    namespace: string,
    pod: string,
    container: string | undefined,
    argv: string[],
    opts: ExecOptions,
  ): Promise<ExecResult> {
    return execInPod(this.k8s, this.kc, { namespace, pod, container, argv }, opts);
  }

  logs(
    namespace: string,
    pod: string,
    opts: { container?: string; tailLines?: number } = {},
  ): Promise<string> {
    return this.call('logs', `pods/${pod}${inNs(namespace)}`, () =>
      this.core.readNamespacedPodLog({
        namespace,
        name: pod,
        container: opts.container,
        tailLines: opts.tailLines,
      }),
    );
  }

  /** GET any API path as JSON (used by waits to LIST from a path). */
  getJson<T>(path: string, query: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<T> {
    return getJson<T>(this.kc, path, query, signal);
  }

  /** WATCH an API path; events go to onEvent, the end of the stream (err or null) to onDone. */
  watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: WatchEventHandler,
    onDone: (err: unknown) => void,
  ): Promise<WatchHandle> {
    return watchPath(this.k8s, this.kc, path, query, onEvent, onDone);
  }
}

function inNs(namespace: string | undefined): string {
  return namespace === undefined ? ' (all namespaces)' : ` (${namespace})`;
}

function describeRef(obj: {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}): string {
  const ns = obj.metadata?.namespace ? ` (${obj.metadata.namespace})` : '';
  return `${obj.kind ?? '?'}.${obj.apiVersion ?? '?'}/${obj.metadata?.name ?? '?'}${ns}`;
}

async function ignoreNotFound(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (e) {
    if ((e as KubeApiError).notFound) return false;
    throw e;
  }
}

/**
 * client-node refuses `http://` servers unless skipTLSVerify is set (docs/reference-facts.md, kube-api-emulation "Connection"); minikube
 * never writes such a server, the emulator does. Marking them lets one code path drive both.
 */
function allowPlainHttp(kc: K8s.KubeConfig): void {
  if (!kc.clusters.some((c) => c.server.startsWith('http:') && !c.skipTLSVerify)) return;
  kc.loadFromOptions({
    clusters: kc.clusters.map((c) => (c.server.startsWith('http:') ? { ...c, skipTLSVerify: true } : c)),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
}
