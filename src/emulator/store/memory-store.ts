/**
 * In-memory ClusterStore: the emulated etcd + registry. Semantics follow the real apiserver where
 * clients can see them: one global resourceVersion stamped on every write, generation bumped on
 * spec changes only, no-op writes are not writes, finalizers hold a deletion, deleting an owner
 * deletes its dependents (background propagation) and deleting a namespace empties it.
 *
 * Stored objects are frozen and shared with events; `get`/`list` hand out deep copies.
 */
import { randomUUID } from 'node:crypto';
import { ApiError, apiErrors } from './errors.ts';
import { deepCopy, deepEqual, deepFreeze, isPlainObject } from './json.ts';
import { findByApiVersionKind, findResourceType, groupVersion, RESOURCE_TYPES } from './resources.ts';
import type {
  ClusterStore,
  KubeObject,
  ResourceRef,
  ResourceType,
  StoreEvent,
  UpdateOptions,
  WatchEventType,
} from './types.ts';
import { validateObjectName } from './validation.ts';

export interface MemoryStoreOptions {
  /** Clock for creationTimestamp / deletionTimestamp. */
  now?: () => Date;
  /** How many events `eventsSince` can replay (default 10 000). */
  eventLogSize?: number;
}

/** Real apiserver timestamps are RFC 3339 with whole seconds. */
export function formatTimestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const NAME_SUFFIX_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** 5 chars like apimachinery's `utilrand.String(5)` (consonants and digits, no vowels). */
function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += NAME_SUFFIX_CHARS[Math.floor(Math.random() * NAME_SUFFIX_CHARS.length)];
  return s;
}

/** `ns\0name` sorts exactly like (namespace, name): NUL is below every legal name character. */
function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}\u0000${name}`;
}

function qualifiedKind(rt: ResourceType): string {
  return rt.group ? `${rt.kind}.${rt.group}` : rt.kind;
}

/** Everything except metadata and status: a change here bumps metadata.generation. */
function specChanged(a: KubeObject, b: KubeObject): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (k === 'metadata' || k === 'status' || k === 'apiVersion' || k === 'kind') continue;
    if (!deepEqual(a[k], b[k])) return true;
  }
  return false;
}

function sameIgnoringResourceVersion(a: KubeObject, b: KubeObject): boolean {
  const { resourceVersion: _a, ...metaA } = a.metadata;
  const { resourceVersion: _b, ...metaB } = b.metadata;
  return deepEqual({ ...a, metadata: metaA }, { ...b, metadata: metaB });
}

interface Bucket {
  objects: Map<string, KubeObject>;
  sorted?: KubeObject[];
}

export class MemoryStore implements ClusterStore {
  private rv = 0;
  private readonly buckets = new Map<ResourceType, Bucket>();
  private readonly log: StoreEvent[] = [];
  /** rv of the newest event dropped from the log; resuming from before it is 'expired'. */
  private droppedUpTo = 0;
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly pending: StoreEvent[] = [];
  private dispatching = false;
  private readonly now: () => Date;
  private readonly eventLogSize: number;

  constructor(opts: MemoryStoreOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.eventLogSize = opts.eventLogSize ?? 10_000;
    for (const rt of RESOURCE_TYPES) this.buckets.set(rt, { objects: new Map() });
  }

  resourceType(ref: ResourceRef): ResourceType {
    const rt = findResourceType(ref);
    if (!rt) throw new ApiError(404, 'NotFound', `the server doesn't have a resource type "${ref}"`);
    return rt;
  }

  resourceForKind(apiVersion: string, kind: string): ResourceType | undefined {
    return findByApiVersionKind(apiVersion, kind);
  }

  allResourceTypes(): readonly ResourceType[] {
    return RESOURCE_TYPES;
  }

  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined {
    const rt = this.resourceType(ref);
    const found = this.bucket(rt).objects.get(keyOf(this.namespaceFor(rt, namespace), name));
    return found && deepCopy(found);
  }

  list(ref: ResourceRef, namespace?: string): KubeObject[] {
    const rt = this.resourceType(ref);
    const bucket = this.bucket(rt);
    if (!bucket.sorted) {
      const keys = [...bucket.objects.keys()].sort();
      bucket.sorted = keys.map((k) => bucket.objects.get(k) as KubeObject);
    }
    const items =
      namespace === undefined || !rt.namespaced
        ? bucket.sorted
        : bucket.sorted.filter((o) => o.metadata.namespace === namespace);
    return items.map((o) => deepCopy(o));
  }

  create(ref: ResourceRef, obj: KubeObject): KubeObject {
    const rt = this.resourceType(ref);
    if (!isPlainObject(obj)) throw apiErrors.badRequest('the object to create is not a JSON object');
    const o = deepCopy(obj);
    o.apiVersion = groupVersion(rt);
    o.kind = rt.kind;
    const meta = isPlainObject(o.metadata) ? o.metadata : ({} as KubeObject['metadata']);
    o.metadata = meta;
    if (rt.namespaced) meta.namespace = meta.namespace || 'default';
    else delete meta.namespace;
    const bucket = this.bucket(rt);
    if (!meta.name && meta.generateName) {
      do meta.name = `${meta.generateName}${randomSuffix()}`;
      while (bucket.objects.has(keyOf(meta.namespace, meta.name)));
    }
    if (!meta.name)
      throw apiErrors.invalid(qualifiedKind(rt), '', [
        {
          field: 'metadata.name',
          reason: 'FieldValueRequired',
          message: 'Required value: name or generateName is required',
        },
      ]);
    const nameError = validateObjectName(rt.kind, rt.group, meta.name);
    if (nameError)
      throw apiErrors.invalid(qualifiedKind(rt), meta.name, [{ field: 'metadata.name', message: nameError }]);
    if (bucket.objects.has(keyOf(meta.namespace, meta.name)))
      throw apiErrors.alreadyExists(rt.group, rt.plural, meta.name);
    meta.uid = randomUUID();
    meta.creationTimestamp = formatTimestamp(this.now());
    meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    return deepCopy(this.commit(rt, 'ADDED', o));
  }

  replace(ref: ResourceRef, obj: KubeObject, opts: UpdateOptions = {}): KubeObject {
    const rt = this.resourceType(ref);
    const name = obj?.metadata?.name;
    if (!name) throw apiErrors.badRequest('name is required for an update');
    const existing = this.bucket(rt).objects.get(keyOf(this.namespaceFor(rt, obj.metadata.namespace), name));
    if (!existing) throw apiErrors.notFound(rt.group, rt.plural, name);
    const wanted = obj.metadata.resourceVersion;
    if (wanted && wanted !== existing.metadata.resourceVersion)
      throw apiErrors.conflict(
        rt.group,
        rt.plural,
        name,
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    return deepCopy(this.applyUpdate(rt, existing, deepCopy(obj), opts));
  }

  update(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    mutate: (draft: KubeObject) => void,
    opts: UpdateOptions = {},
  ): KubeObject {
    const rt = this.resourceType(ref);
    const existing = this.bucket(rt).objects.get(keyOf(this.namespaceFor(rt, namespace), name));
    if (!existing) throw apiErrors.notFound(rt.group, rt.plural, name);
    const draft = deepCopy(existing);
    mutate(draft);
    return deepCopy(this.applyUpdate(rt, existing, draft, opts));
  }

  delete(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject {
    const rt = this.resourceType(ref);
    const existing = this.bucket(rt).objects.get(keyOf(this.namespaceFor(rt, namespace), name));
    if (!existing) throw apiErrors.notFound(rt.group, rt.plural, name);
    return deepCopy(this.deleteObject(rt, existing));
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  eventsSince(since: number): StoreEvent[] | 'expired' {
    if (since < this.droppedUpTo) return 'expired';
    // Binary search for the first event with rv > since.
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.log[mid].rv <= since) lo = mid + 1;
      else hi = mid;
    }
    return this.log.slice(lo);
  }

  currentResourceVersion(): number {
    return this.rv;
  }

  // ------------------------------------------------------------ internals

  private bucket(rt: ResourceType): Bucket {
    return this.buckets.get(rt) as Bucket;
  }

  private namespaceFor(rt: ResourceType, namespace: string | undefined): string | undefined {
    return rt.namespaced ? namespace || 'default' : undefined;
  }

  private applyUpdate(
    rt: ResourceType,
    existing: KubeObject,
    next: KubeObject,
    opts: UpdateOptions,
  ): KubeObject {
    if (!isPlainObject(next) || !isPlainObject(next.metadata))
      throw apiErrors.badRequest('the object has no metadata');
    const was = existing.metadata;
    const meta = next.metadata;
    if (meta.name !== was.name || (rt.namespaced && (meta.namespace || 'default') !== was.namespace))
      throw apiErrors.badRequest(
        `metadata.name and metadata.namespace of ${rt.plural} "${was.name}" cannot change`,
      );
    next.apiVersion = groupVersion(rt);
    next.kind = rt.kind;
    if (rt.namespaced) meta.namespace = was.namespace;
    else delete meta.namespace;
    meta.uid = was.uid;
    meta.creationTimestamp = was.creationTimestamp;
    // Once set, a deletion cannot be cancelled.
    if (was.deletionTimestamp) meta.deletionTimestamp = was.deletionTimestamp;
    meta.generation = (was.generation ?? 1) + (!opts.status && specChanged(existing, next) ? 1 : 0);
    meta.resourceVersion = was.resourceVersion;
    if (sameIgnoringResourceVersion(existing, next)) return existing;
    if (meta.deletionTimestamp && !meta.finalizers?.length) {
      // The last finalizer is gone: the pending deletion completes now (watchers see DELETED).
      return this.remove(rt, existing, next);
    }
    return this.commit(rt, 'MODIFIED', next);
  }

  private deleteObject(rt: ResourceType, existing: KubeObject): KubeObject {
    if (existing.metadata.finalizers?.length) {
      if (existing.metadata.deletionTimestamp) return existing;
      const next = deepCopy(existing);
      next.metadata.deletionTimestamp = formatTimestamp(this.now());
      next.metadata.deletionGracePeriodSeconds = 0;
      return this.commit(rt, 'MODIFIED', next);
    }
    return this.remove(rt, existing);
  }

  /** Removes the object, then (background propagation) its dependents and namespace content. */
  private remove(rt: ResourceType, existing: KubeObject, finalState: KubeObject = existing): KubeObject {
    const bucket = this.bucket(rt);
    bucket.objects.delete(keyOf(existing.metadata.namespace, existing.metadata.name));
    bucket.sorted = undefined;
    const gone = deepCopy(finalState);
    gone.metadata.resourceVersion = String(++this.rv);
    deepFreeze(gone);
    this.emit({ type: 'DELETED', resource: rt, object: gone, rv: this.rv });
    this.collectGarbage(rt, existing);
    return gone;
  }

  private collectGarbage(rt: ResourceType, deleted: KubeObject): void {
    const uid = deleted.metadata.uid;
    const isNamespace = rt.kind === 'Namespace' && rt.group === '';
    const doomed: [ResourceType, KubeObject][] = [];
    for (const [type, bucket] of this.buckets) {
      for (const o of bucket.objects.values()) {
        const owned = o.metadata.ownerReferences?.some((r) => r.uid === uid) ?? false;
        const inNamespace = isNamespace && type.namespaced && o.metadata.namespace === deleted.metadata.name;
        if (owned || inNamespace) doomed.push([type, o]);
      }
    }
    for (const [type, o] of doomed) {
      // A dependent may already be gone through another owner earlier in this loop.
      const current = this.bucket(type).objects.get(keyOf(o.metadata.namespace, o.metadata.name));
      if (current && current.metadata.uid === o.metadata.uid) this.deleteObject(type, current);
    }
  }

  private commit(rt: ResourceType, type: WatchEventType, obj: KubeObject): KubeObject {
    obj.metadata.resourceVersion = String(++this.rv);
    deepFreeze(obj);
    const bucket = this.bucket(rt);
    bucket.objects.set(keyOf(obj.metadata.namespace, obj.metadata.name), obj);
    bucket.sorted = undefined;
    this.emit({ type, resource: rt, object: obj, rv: this.rv });
    return obj;
  }

  private emit(event: StoreEvent): void {
    this.log.push(event);
    if (this.log.length > this.eventLogSize * 1.25) {
      const drop = this.log.length - this.eventLogSize;
      this.droppedUpTo = this.log[drop - 1].rv;
      this.log.splice(0, drop);
    }
    this.pending.push(event);
    if (this.dispatching) return; // a listener wrote: delivered after the current event, in order
    this.dispatching = true;
    try {
      for (let e = this.pending.shift(); e; e = this.pending.shift()) {
        for (const listener of [...this.listeners]) {
          try {
            listener(e);
          } catch (err) {
            console.error('store listener failed:', err);
          }
        }
      }
    } finally {
      this.dispatching = false;
    }
  }
}

/** The store the whole emulator shares. `now` pins the clock in tests. */
export function createStore(opts?: MemoryStoreOptions): ClusterStore {
  return new MemoryStore(opts);
}
