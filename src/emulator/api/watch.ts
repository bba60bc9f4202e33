/**
 * Watch: `?watch=true` (or a `/watch/` path) streams newline-delimited `{"type","object"}` events
 * over a chunked 200 response. Without a resourceVersion (or with "0") the current objects come first
 * as ADDED; with one, the store's event log is replayed and a too-old version ends the stream with an
 * ERROR event carrying a 410 Expired Status (client-node's ListWatch then re-lists).
 * Under a selector an object that stops matching is reported DELETED, one that starts matching ADDED.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiErrors } from '../store/errors.ts';
import { resourceRef } from '../store/resources.ts';
import { parseFieldSelector, parseLabelSelector } from '../store/selectors.ts';
import type { KubeObject, StoreEvent, WatchEventType } from '../store/types.ts';
import type { ResourceRoute } from './routes.ts';
import { toTable, wantsTable } from './tables.ts';
import type { ApiContext } from './types.ts';

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export function serveWatch(
  ctx: ApiContext,
  route: ResourceRoute,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): void {
  const { store } = ctx;
  const rt = route.rt;
  const ref = resourceRef(rt);
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'), rt);
  const rvParam = query.get('resourceVersion');
  const since = rvParam ? Number(rvParam) : 0;
  if (!Number.isInteger(since) || since < 0)
    throw apiErrors.badRequest(`invalid resource version: ${rvParam}`);
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
  const asTable = wantsTable(req.headers.accept);
  const include = query.get('includeObject');
  let tableHeadersSent = false;

  const matches = (o: KubeObject) =>
    (route.namespace === undefined || o.metadata.namespace === route.namespace) &&
    (route.name === undefined || o.metadata.name === route.name) &&
    labels.matches(o.metadata.labels) &&
    fields.matches(o);
  const sameType = (e: StoreEvent) => e.resource.group === rt.group && e.resource.plural === rt.plural;

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();

  const write = (type: WatchEventType | 'ERROR', object: unknown) => {
    let payload = object;
    if (asTable && type !== 'ERROR') {
      payload = toTable(rt, [object as KubeObject], {
        now: ctx.now().getTime(),
        includeObject: include === 'None' || include === 'Object' ? include : 'Metadata',
        noHeaders: tableHeadersSent,
      });
      tableHeadersSent = true;
    }
    res.write(`${JSON.stringify({ type, object: payload })}\n`);
  };

  // Objects this watcher currently sees, to turn selector transitions into ADDED/DELETED.
  const visible = new Set<string>();
  const deliver = (e: StoreEvent) => {
    const key = keyOf(e.object);
    const wasVisible = visible.has(key);
    if (e.type === 'DELETED') {
      if (wasVisible || matches(e.object)) write('DELETED', e.object);
      visible.delete(key);
      return;
    }
    if (matches(e.object)) {
      visible.add(key);
      write(e.type === 'MODIFIED' && !wasVisible ? 'ADDED' : e.type, e.object);
    } else if (wasVisible) {
      visible.delete(key);
      write('DELETED', e.object);
    }
  };

  let live = false;
  let lastRv = 0;
  const buffered: StoreEvent[] = [];
  const unsubscribe = store.subscribe((e) => {
    if (!sameType(e)) return;
    if (live) deliver(e);
    else buffered.push(e);
  });
  let timer: NodeJS.Timeout | undefined;
  const finish = () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
  res.on('close', finish);

  const current = store.list(ref, rt.namespaced ? route.namespace : undefined);
  if (since === 0) {
    for (const o of current) if (matches(o)) deliver({ type: 'ADDED', resource: rt, object: o, rv: 0 });
    lastRv = store.currentResourceVersion();
  } else {
    const events = store.eventsSince(since);
    if (events === 'expired') {
      write('ERROR', {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${since} (${store.currentResourceVersion()})`,
        reason: 'Expired',
        code: 410,
      });
      finish();
      res.end();
      return;
    }
    // Objects that existed at `since` and still match are already known to the client.
    const changed = new Set(events.filter(sameType).map((e) => keyOf(e.object)));
    for (const o of current) if (!changed.has(keyOf(o)) && matches(o)) visible.add(keyOf(o));
    for (const e of events) {
      if (!sameType(e)) continue;
      if (e.type !== 'ADDED' && !visible.has(keyOf(e.object)) && matches(e.object))
        visible.add(keyOf(e.object));
      deliver(e);
    }
    lastRv = store.currentResourceVersion();
  }
  for (const e of buffered) if (e.rv > lastRv) deliver(e);
  live = true;

  if (timeoutSeconds > 0)
    timer = setTimeout(() => {
      finish();
      res.end();
    }, timeoutSeconds * 1000);
}
