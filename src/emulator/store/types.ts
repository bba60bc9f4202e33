/**
 * Contract of the emulated API server's object store. The HTTP layer (src/emulator/api),
 * the controllers (src/emulator/controllers), Calico IPAM (src/emulator/calico) and the exec
 * command emulation (src/emulator/exec) all work on this interface only.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects are open-ended JSON.
  [key: string]: any;
}

/** One served resource type: the single source for routing and discovery. */
export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural resource name, e.g. `pods`. */
  plural: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs: string[];
  /** e.g. ['status', 'exec', 'log'] */
  subresources?: string[];
  categories?: string[];
}

/**
 * How code names a resource type: `pods`, `nodes`, `apps/deployments`,
 * `crd.projectcalico.org/ippools`, `discovery.k8s.io/endpointslices` (group/plural; the core
 * group has no prefix).
 */
export type ResourceRef = string;

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  resource: ResourceType;
  object: KubeObject;
  /** Numeric resourceVersion of this event (global, strictly increasing). */
  rv: number;
}

export interface UpdateOptions {
  /** A status write: does not bump metadata.generation. */
  status?: boolean;
}

export interface ClusterStore {
  resourceType(ref: ResourceRef): ResourceType;
  /** Lookup by apiVersion + kind (for manifests); undefined when not served. */
  resourceForKind(apiVersion: string, kind: string): ResourceType | undefined;
  allResourceTypes(): readonly ResourceType[];

  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Sorted by namespace then name. namespace undefined = all namespaces. */
  list(ref: ResourceRef, namespace?: string): KubeObject[];
  /** Fills uid, creationTimestamp, resourceVersion, generation 1, generateName. Throws ApiError. */
  create(ref: ResourceRef, obj: KubeObject): KubeObject;
  /** PUT semantics: a stale metadata.resourceVersion gives a Conflict ApiError. */
  replace(ref: ResourceRef, obj: KubeObject, opts?: UpdateOptions): KubeObject;
  /** Read-modify-write for controllers; the mutator edits a deep copy. Throws NotFound. */
  update(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    mutate: (draft: KubeObject) => void,
    opts?: UpdateOptions,
  ): KubeObject;
  /** Deletes the object and (background propagation) objects it owns. Throws NotFound. */
  delete(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject;

  /** Synchronous listener for every write, called after the write is applied. */
  subscribe(listener: (event: StoreEvent) => void): () => void;
  /** Events with rv > since, or 'expired' when the log no longer reaches back that far. */
  eventsSince(since: number): StoreEvent[] | 'expired';
  currentResourceVersion(): number;
}
