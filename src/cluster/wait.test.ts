/**
 * waitForList: LIST + WATCH against the emulated API server, and its recovery paths (410 Expired,
 * a watch that ends) against a scripted source that records what it was asked.
 */
import type { V1ConfigMap, V1Node } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../testing/sim-cluster.ts';
import { WaitTimeoutError } from './errors.ts';
import { type ListItem, type WaitProgress, type WaitSource, waitForList } from './wait.ts';

let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(() => c?.stop());

const names = (items: ListItem[]) => items.map((i) => i.metadata?.name).join(', ');

describe('waitForList against the emulated API server', () => {
  it('resolves on a later MODIFIED event, not on the initial list', async () => {
    const progress: WaitProgress<V1Node>[] = [];
    const nodes = await waitForList<V1Node>(c.kube, {
      what: 'a node in rack 0',
      path: '/api/v1/nodes',
      timeoutMs: 10_000,
      done: (items) => items.some((n) => n.metadata?.labels?.rack === '0'),
      describe: names,
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === 'listed') void c.kube.labelNode('t', { rack: '0' });
      },
    });
    expect(nodes.find((n) => n.metadata?.name === 't')?.metadata?.labels?.rack).toBe('0');
    expect(progress[0]?.phase).toBe('listed');
    expect(progress.at(-1)).toMatchObject({ phase: 'event', eventType: 'MODIFIED' });
  });

  it('drops an item on DELETED', async () => {
    await c.kube.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'doomed', namespace: 'default' },
    });
    const left = await waitForList<V1ConfigMap>(c.kube, {
      what: 'configmap doomed deleted',
      path: '/api/v1/namespaces/default/configmaps',
      fieldSelector: 'metadata.name=doomed',
      timeoutMs: 10_000,
      done: (items) => items.length === 0,
      describe: names,
      onProgress: (p) => {
        if (p.phase === 'listed') {
          expect(names(p.items)).toBe('doomed');
          void c.kube.delete({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'doomed', namespace: 'default' },
          });
        }
      },
    });
    expect(left).toEqual([]);
  });

  it('times out with the last items described', async () => {
    const err = await waitForList<V1Node>(c.kube, {
      what: 'three nodes',
      path: '/api/v1/nodes',
      timeoutMs: 200,
      done: (items) => items.length === 3,
      describe: (items) => `${items.length} nodes: ${names(items)}`,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err).toMatchObject({
      what: 'three nodes',
      lastSeen: '2 nodes: t, t-m02',
      timeoutMs: 200,
      timedOut: true,
    });
    expect((err as Error).message).toBe(
      'timed out after 200ms waiting for three nodes; last seen: 2 nodes: t, t-m02',
    );
  });

  it('rejects with the abort reason when the signal fires', async () => {
    const ac = new AbortController();
    const p = waitForList<V1Node>(c.kube, {
      what: 'never',
      path: '/api/v1/nodes',
      timeoutMs: 10_000,
      done: () => false,
      describe: names,
      signal: ac.signal,
      onProgress: (p) => p.phase === 'listed' && ac.abort(new Error('stop now')),
    });
    await expect(p).rejects.toThrow('stop now');
  });
});

type Script = {
  lists: { items: ListItem[]; rv: string }[];
  /** Per watch call: events to send, then how the stream ends. */
  watches: { events: [string, unknown][]; end: 'clean' | 'error' }[];
};

/** A source that plays a script and records each call's query. */
function scripted(script: Script): WaitSource & { calls: string[] } {
  const calls: string[] = [];
  let list = 0;
  let watch = 0;
  return {
    calls,
    async getJson<T>(): Promise<T> {
      const l = script.lists[Math.min(list++, script.lists.length - 1)] as Script['lists'][number];
      calls.push(`list -> rv ${l.rv}`);
      return { items: l.items, metadata: { resourceVersion: l.rv } } as T;
    },
    async watch(_path, query, onEvent, onDone) {
      const w = script.watches[Math.min(watch++, script.watches.length - 1)] as Script['watches'][number];
      calls.push(`watch from rv ${query.resourceVersion}`);
      let aborted = false;
      setImmediate(() => {
        for (const [type, obj] of w.events) if (!aborted) onEvent(type, obj);
        if (!aborted) onDone(w.end === 'clean' ? null : new Error('stream broke'));
      });
      return { abort: () => (aborted = true) };
    },
  };
}

const item = (name: string, rv: string, ready = false) => ({
  metadata: { name, resourceVersion: rv },
  ready,
});
type Item = ReturnType<typeof item>;

describe('waitForList recovery', () => {
  it('re-lists after a 410 Expired watch error', async () => {
    const src = scripted({
      lists: [
        { items: [item('a', '5')], rv: '5' },
        { items: [item('a', '9', true)], rv: '9' },
      ],
      watches: [{ events: [['ERROR', { kind: 'Status', code: 410, reason: 'Expired' }]], end: 'clean' }],
    });
    const got = await waitForList<Item>(src, {
      what: 'a ready',
      path: '/x',
      timeoutMs: 5000,
      done: (items) => items.some((i) => i.ready),
      describe: names,
    });
    expect(got.map((i) => i.metadata.resourceVersion)).toEqual(['9']);
    expect(src.calls).toEqual(['list -> rv 5', 'watch from rv 5', 'list -> rv 9']);
  });

  it('resumes a cleanly ended watch from the last event resourceVersion', async () => {
    const src = scripted({
      lists: [{ items: [item('a', '5')], rv: '5' }],
      watches: [
        { events: [['MODIFIED', item('a', '7')]], end: 'clean' },
        { events: [['MODIFIED', item('a', '8', true)]], end: 'clean' },
      ],
    });
    const got = await waitForList<Item>(src, {
      what: 'a ready',
      path: '/x',
      timeoutMs: 5000,
      done: (items) => items.some((i) => i.ready),
      describe: names,
    });
    expect(got[0]?.metadata.resourceVersion).toBe('8');
    expect(src.calls).toEqual(['list -> rv 5', 'watch from rv 5', 'watch from rv 7']);
  });

  it('re-lists after a broken stream', async () => {
    const src = scripted({
      lists: [
        { items: [], rv: '1' },
        { items: [item('b', '3', true)], rv: '3' },
      ],
      watches: [{ events: [], end: 'error' }],
    });
    const got = await waitForList<Item>(src, {
      what: 'b ready',
      path: '/x',
      timeoutMs: 5000,
      done: (items) => items.some((i) => i.ready),
      describe: names,
    });
    expect(names(got)).toBe('b');
    expect(src.calls).toEqual(['list -> rv 1', 'watch from rv 1', 'list -> rv 3']);
  });
});
