import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.ts';
import { createStore } from './memory-store.ts';
import type { KubeObject, StoreEvent } from './types.ts';

const fixedNow = () => new Date('2024-12-04T10:00:00.123Z');

function pod(name: string, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    ...extra,
  };
}

function catchApiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('createStore: create/get/list', () => {
  it('fills uid, creationTimestamp (whole seconds), generation 1 and a growing resourceVersion', () => {
    const store = createStore({ now: fixedNow });
    const a = store.create('pods', pod('a'));
    const b = store.create('pods', pod('b'));
    expect(a.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.metadata.creationTimestamp).toBe('2024-12-04T10:00:00Z');
    expect(a.metadata.generation).toBe(1);
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(store.currentResourceVersion()).toBe(Number(b.metadata.resourceVersion));
  });

  it('defaults the namespace and drops it for cluster-scoped kinds', () => {
    const store = createStore();
    const p = store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
    const n = store.create('nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1', namespace: 'x' },
    });
    expect(p.metadata.namespace).toBe('default');
    expect(n.metadata.namespace).toBeUndefined();
    expect(store.get('nodes', 'whatever', 'n1')?.metadata.name).toBe('n1');
  });

  it('generateName appends 5 random lowercase alphanumerics', () => {
    const store = createStore();
    const p = store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { generateName: 'web-' } as KubeObject['metadata'],
    });
    expect(p.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
  });

  it('rejects duplicates with AlreadyExists 409 and invalid names with Invalid 422', () => {
    const store = createStore();
    store.create('pods', pod('a'));
    const dup = catchApiError(() => store.create('pods', pod('a')));
    expect([dup.code, dup.reason, dup.message]).toEqual([409, 'AlreadyExists', 'pods "a" already exists']);
    const bad = catchApiError(() => store.create('apps/deployments', { ...pod('Web'), kind: 'Deployment' }));
    expect(bad.code).toBe(422);
    expect(bad.message).toMatch(/^Deployment.apps "Web" is invalid: metadata.name: Invalid value: "Web"/);
  });

  it('returns deep copies: editing a result does not change the store', () => {
    const store = createStore();
    const created = store.create('pods', pod('a'));
    created.metadata.labels!.app = 'changed';
    const got = store.get('pods', 'default', 'a')!;
    got.spec.containers[0].image = 'changed';
    expect(store.get('pods', 'default', 'a')?.metadata.labels?.app).toBe('web');
    expect(store.get('pods', 'default', 'a')?.spec.containers[0].image).toBe('nginx');
  });

  it('lists sorted by namespace then name, optionally in one namespace', () => {
    const store = createStore();
    store.create('pods', { ...pod('b'), metadata: { name: 'b', namespace: 'kube-system' } });
    store.create('pods', pod('z'));
    store.create('pods', pod('a'));
    store.create('pods', { ...pod('a'), metadata: { name: 'a', namespace: 'a-b' } });
    expect(store.list('pods').map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      'a-b/a',
      'default/a',
      'default/z',
      'kube-system/b',
    ]);
    expect(store.list('pods', 'default').map((p) => p.metadata.name)).toEqual(['a', 'z']);
  });

  it('resolves group-qualified refs, unique bare plurals and kinds', () => {
    const store = createStore();
    expect(store.resourceType('apps/deployments').kind).toBe('Deployment');
    expect(store.resourceType('crd.projectcalico.org/ippools').namespaced).toBe(false);
    expect(store.resourceType('deployments').group).toBe('apps');
    expect(store.resourceForKind('crd.projectcalico.org/v1', 'IPPool')?.plural).toBe('ippools');
    expect(store.resourceForKind('v1', 'Nope')).toBeUndefined();
    expect(() => store.resourceType('networkpolicies')).toThrow(ApiError); // ambiguous: two groups
  });
});

describe('createStore: updates', () => {
  it('bumps generation on spec changes only, not on status or metadata writes', () => {
    const store = createStore();
    store.create('apps/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { replicas: 1 },
    });
    const s = store.update(
      'apps/deployments',
      'default',
      'd',
      (d) => {
        d.status = { replicas: 1 };
      },
      { status: true },
    );
    expect(s.metadata.generation).toBe(1);
    const l = store.update('apps/deployments', 'default', 'd', (d) => {
      d.metadata.labels = { a: 'b' };
    });
    expect(l.metadata.generation).toBe(1);
    const g = store.update('apps/deployments', 'default', 'd', (d) => {
      d.spec.replicas = 2;
    });
    expect(g.metadata.generation).toBe(2);
  });

  it('a no-op update is not a write: same resourceVersion, no event', () => {
    const store = createStore();
    const a = store.create('pods', pod('a'));
    const events: StoreEvent[] = [];
    store.subscribe((e) => events.push(e));
    const same = store.update('pods', 'default', 'a', (d) => {
      d.metadata.labels = { app: 'web' };
    });
    expect(same.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
    expect(events).toEqual([]);
  });

  it('replace with a stale resourceVersion is a Conflict; without one it is unconditional', () => {
    const store = createStore();
    const a = store.create('pods', pod('a'));
    store.update('pods', 'default', 'a', (d) => {
      d.metadata.labels = { v: '2' };
    });
    const err = catchApiError(() => store.replace('pods', a));
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe(
      'Operation cannot be fulfilled on pods "a": the object has been modified; please apply your changes to the latest version and try again',
    );
    const { resourceVersion: _, ...meta } = a.metadata;
    const r = store.replace('pods', { ...a, metadata: { ...meta, labels: { v: '3' } } });
    expect(r.metadata.labels).toEqual({ v: '3' });
    expect(r.metadata.uid).toBe(a.metadata.uid);
  });

  it('update of a missing object is NotFound with the real message', () => {
    const store = createStore();
    const err = catchApiError(() => store.update('crd.projectcalico.org/ippools', undefined, 'x', () => {}));
    expect([err.code, err.message]).toEqual([404, 'ippools.crd.projectcalico.org "x" not found']);
  });
});

describe('createStore: delete', () => {
  it('deletes dependents recursively through ownerReferences (background propagation)', () => {
    const store = createStore();
    const d = store.create('apps/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {},
    });
    const owner = (o: KubeObject) => [
      { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid! },
    ];
    const rs = store.create('apps/replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'd-1', ownerReferences: owner(d) },
      spec: {},
    });
    store.create('pods', { ...pod('d-1-a'), metadata: { name: 'd-1-a', ownerReferences: owner(rs) } });
    store.create('pods', pod('unrelated'));
    const deleted: string[] = [];
    store.subscribe(
      (e) => e.type === 'DELETED' && deleted.push(`${e.resource.plural}/${e.object.metadata.name}`),
    );
    store.delete('apps/deployments', 'default', 'd');
    expect(deleted).toEqual(['deployments/d', 'replicasets/d-1', 'pods/d-1-a']);
    expect(store.list('pods').map((p) => p.metadata.name)).toEqual(['unrelated']);
  });

  it('deleting a namespace deletes what it contains', () => {
    const store = createStore();
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab' } });
    store.create('pods', { ...pod('p'), metadata: { name: 'p', namespace: 'lab' } });
    store.create('pods', pod('keep'));
    store.delete('namespaces', undefined, 'lab');
    expect(store.list('pods').map((p) => p.metadata.name)).toEqual(['keep']);
  });

  it('finalizers hold the deletion (deletionTimestamp) until the last one is removed', () => {
    const store = createStore({ now: fixedNow });
    store.create('pods', { ...pod('p'), metadata: { name: 'p', finalizers: ['x/y'] } });
    const held = store.delete('pods', 'default', 'p');
    expect(held.metadata.deletionTimestamp).toBe('2024-12-04T10:00:00Z');
    expect(store.get('pods', 'default', 'p')).toBeDefined();
    const types: string[] = [];
    store.subscribe((e) => types.push(e.type));
    store.update('pods', 'default', 'p', (d) => {
      d.metadata.finalizers = [];
    });
    expect(store.get('pods', 'default', 'p')).toBeUndefined();
    expect(types).toEqual(['DELETED']);
  });

  it('the DELETED event carries a new resourceVersion', () => {
    const store = createStore();
    const a = store.create('pods', pod('a'));
    const gone = store.delete('pods', 'default', 'a');
    expect(Number(gone.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
  });
});

describe('createStore: events', () => {
  it('delivers events synchronously, in order, even when a listener writes', () => {
    const store = createStore();
    const seenByA: string[] = [];
    const seenByB: string[] = [];
    store.subscribe((e) => {
      seenByA.push(`${e.type}:${e.object.metadata.name}`);
      if (e.object.metadata.name === 'a') store.create('pods', pod('from-listener'));
    });
    store.subscribe((e) => seenByB.push(`${e.type}:${e.object.metadata.name}`));
    store.create('pods', pod('a'));
    expect(seenByA).toEqual(['ADDED:a', 'ADDED:from-listener']);
    expect(seenByB).toEqual(seenByA);
  });

  it('event objects are frozen so a listener cannot corrupt the store', () => {
    const store = createStore();
    let obj: KubeObject | undefined;
    store.subscribe((e) => {
      obj = e.object;
    });
    store.create('pods', pod('a'));
    expect(() => {
      obj!.metadata.name = 'x';
    }).toThrow(TypeError);
  });

  it('eventsSince replays events after an rv and reports expired past the log start', () => {
    const store = createStore({ eventLogSize: 4 });
    const rvs = ['a', 'b', 'c'].map((n) => Number(store.create('pods', pod(n)).metadata.resourceVersion));
    const since = store.eventsSince(rvs[0]);
    expect(since).not.toBe('expired');
    expect((since as StoreEvent[]).map((e) => e.object.metadata.name)).toEqual(['b', 'c']);
    for (const n of ['d', 'e', 'f', 'g']) store.create('pods', pod(n));
    expect(store.eventsSince(rvs[0])).toBe('expired');
    expect(store.eventsSince(store.currentResourceVersion())).toEqual([]);
  });

  it('unsubscribe stops delivery', () => {
    const store = createStore();
    const seen: string[] = [];
    const off = store.subscribe((e) => seen.push(e.object.metadata.name));
    store.create('pods', pod('a'));
    off();
    store.create('pods', pod('b'));
    expect(seen).toEqual(['a']);
  });
});
