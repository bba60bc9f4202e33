/**
 * Waits on a collection the way an informer does: LIST, then WATCH from the list's
 * resourceVersion, keeping the item set up to date from ADDED/MODIFIED/DELETED. No polling: the
 * condition is re-checked on every event. A cleanly ended watch resumes from the last
 * resourceVersion; 410 Expired or an error re-lists. On timeout the error carries `describe()` of
 * the last items seen (the mismatch to report, style.md §2.1).
 */
import { WaitTimeoutError } from './errors.ts';
import type { Kube } from './kube.ts';

export interface ListItem {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

/** What a wait needs from Kube (tests can pass their own). */
export type WaitSource = Pick<Kube, 'getJson' | 'watch'>;

export interface WaitProgress<T> {
  /** 'listed' after each LIST, 'event' after each watch event that changed the set. */
  phase: 'listed' | 'event';
  eventType?: string;
  items: T[];
}

export interface WaitForListOptions<T> {
  /** For messages: `2 Ready nodes`. */
  what: string;
  /** Collection path: `/api/v1/nodes`, `/apis/apps/v1/namespaces/default/deployments`. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  timeoutMs: number;
  done: (items: T[]) => boolean;
  describe: (items: T[]) => string;
  signal?: AbortSignal;
  onProgress?: (p: WaitProgress<T>) => void;
}

interface ListBody<T> {
  items?: T[];
  metadata?: { resourceVersion?: string };
}

interface WatchStatus {
  kind?: string;
  code?: number;
  message?: string;
}

const MIN_RETRY_MS = 250;
const MAX_RETRY_MS = 2000;
/** A watch that ends sooner than this without events is treated like an error (no hot loop). */
const SHORT_WATCH_MS = 1000;

function keyOf(item: ListItem): string {
  return `${item.metadata?.namespace ?? ''}/${item.metadata?.name ?? ''}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Resolves with the items once `done(items)` holds; rejects with WaitTimeoutError or the abort reason. */
export function waitForList<T extends ListItem>(kube: WaitSource, o: WaitForListOptions<T>): Promise<T[]> {
  return new Promise<T[]>((resolve, reject) => {
    const items = new Map<string, T>();
    const listAbort = new AbortController();
    let resourceVersion: string | undefined;
    let watch: { abort(): void } | undefined;
    let settled = false;
    let lastError: string | undefined;
    let retryMs = MIN_RETRY_MS;
    let retryTimer: NodeJS.Timeout | undefined;

    const current = (): T[] => [...items.values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));

    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(retryTimer);
      o.signal?.removeEventListener('abort', onAbort);
      listAbort.abort();
      watch?.abort();
      fn();
    };

    const check = (phase: WaitProgress<T>['phase'], eventType?: string) => {
      const list = current();
      o.onProgress?.({ phase, eventType, items: list });
      if (o.done(list)) settle(() => resolve(list));
    };

    const timer = setTimeout(() => {
      const seen = o.describe(current());
      settle(() =>
        reject(
          new WaitTimeoutError(
            o.what,
            lastError ? `${seen} (last API error: ${lastError})` : seen,
            o.timeoutMs,
          ),
        ),
      );
    }, o.timeoutMs);

    const onAbort = () => settle(() => reject(o.signal?.reason ?? new Error(`wait for ${o.what} aborted`)));
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });

    const retry = (step: () => void) => {
      if (settled) return;
      retryTimer = setTimeout(step, retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    };

    const list = async (): Promise<void> => {
      if (settled) return;
      try {
        const body = await kube.getJson<ListBody<T>>(
          o.path,
          { labelSelector: o.labelSelector, fieldSelector: o.fieldSelector },
          listAbort.signal,
        );
        if (settled) return;
        items.clear();
        for (const item of body.items ?? []) items.set(keyOf(item), item);
        resourceVersion = body.metadata?.resourceVersion;
        lastError = undefined;
        check('listed');
        void startWatch();
      } catch (e) {
        if (settled) return;
        lastError = errorText(e);
        retry(list);
      }
    };

    const startWatch = async (): Promise<void> => {
      if (settled) return;
      let expired = false;
      let sawEvent = false;
      const startedAt = Date.now();
      const onEvent = (type: string, obj: unknown) => {
        if (settled) return;
        if (type === 'ERROR') {
          const status = obj as WatchStatus;
          if (status?.code === 410) expired = true;
          else lastError = status?.message ?? 'watch error';
          return;
        }
        const item = obj as T;
        const rv = item?.metadata?.resourceVersion;
        if (rv) resourceVersion = rv;
        if (type === 'BOOKMARK') return;
        sawEvent = true;
        retryMs = MIN_RETRY_MS;
        if (type === 'DELETED') items.delete(keyOf(item));
        else if (type === 'ADDED' || type === 'MODIFIED') items.set(keyOf(item), item);
        else return;
        check('event', type);
      };
      const onDone = (err: unknown) => {
        if (settled) return;
        watch = undefined;
        if (expired || (err as { statusCode?: number } | null)?.statusCode === 410) return void list();
        if (err) {
          lastError = errorText(err);
          return retry(list);
        }
        if (!sawEvent && Date.now() - startedAt < SHORT_WATCH_MS) return retry(startWatch);
        void startWatch();
      };
      try {
        const handle = await kube.watch(
          o.path,
          {
            labelSelector: o.labelSelector,
            fieldSelector: o.fieldSelector,
            resourceVersion,
            allowWatchBookmarks: true,
          },
          onEvent,
          onDone,
        );
        if (settled) handle.abort();
        else watch = handle;
      } catch (e) {
        onDone(e);
      }
    };

    void list();
  });
}
