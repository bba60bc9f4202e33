/**
 * Resource requests: list/get (JSON or Table), create, update, patch, delete, deletecollection,
 * and the status/scale subresources. Watch, log and exec live in their own modules.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, apiErrors } from '../store/errors.ts';
import { deepCopy, isPlainObject } from '../store/json.ts';
import { formatTimestamp } from '../store/memory-store.ts';
import { groupVersion, resourceRef } from '../store/resources.ts';
import { parseFieldSelector, parseLabelSelector } from '../store/selectors.ts';
import type { KubeObject, ResourceType } from '../store/types.ts';
import { decodeWrite, fieldValidationOf, invalidError, validateObject } from '../validation/index.ts';
import { podControllerWarning, podSecurityDenial } from './admission.ts';
import { readParsedBody } from './body.ts';
import { applyDefaults } from './defaults.ts';
import { serveLog } from './logs.ts';
import { applyPatch, type PatchType, patchTypeOf } from './patch.ts';
import type { ResourceRoute } from './routes.ts';
import { deprecationWarning } from './served.ts';
import { addWarning, sendJson, successStatus } from './status.ts';
import { type IncludeObject, toTable, wantsTable } from './tables.ts';
import type { ApiContext } from './types.ts';
import { serveWatch } from './watch.ts';

interface ResourceRequest {
  ctx: ApiContext;
  route: ResourceRoute;
  rt: ResourceType;
  ref: string;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
}

function requireVerb(rt: ResourceType, verb: string): void {
  if (!rt.verbs.includes(verb)) throw apiErrors.methodNotAllowed();
}

function isDryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All');
}

function hasStatusSubresource(rt: ResourceType): boolean {
  return rt.subresources?.includes('status') ?? false;
}

export async function handleResource(
  ctx: ApiContext,
  route: ResourceRoute,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const r: ResourceRequest = { ctx, route, rt: route.rt, ref: resourceRef(route.rt), req, res, query };
  const method = req.method ?? 'GET';
  const deprecated = deprecationWarning(route.rt, ctx.kubeMinor);
  if (deprecated) addWarning(res, deprecated);
  const watchParam = query.get('watch');
  if (
    route.watchPath ||
    (method === 'GET' && route.subresource === undefined && (watchParam === 'true' || watchParam === '1'))
  ) {
    if (method !== 'GET') throw apiErrors.methodNotAllowed();
    requireVerb(r.rt, 'watch');
    serveWatch(ctx, route, req, res, query);
    return;
  }
  switch (route.subresource) {
    case undefined:
      if (route.name === undefined) return collection(r, method);
      return item(r, method);
    case 'status':
      return statusSubresource(r, method);
    case 'scale':
      return scaleSubresource(r, method);
    case 'log':
      if (method !== 'GET') throw apiErrors.methodNotAllowed();
      serveLog(ctx, route, res, query);
      return;
    case 'exec':
      throw apiErrors.badRequest('Upgrade request required');
    default:
      throw apiErrors.methodNotAllowed();
  }
}

// ---------------------------------------------------------------- collection

async function collection(r: ResourceRequest, method: string): Promise<void> {
  switch (method) {
    case 'GET':
      requireVerb(r.rt, 'list');
      return list(r);
    case 'POST':
      requireVerb(r.rt, 'create');
      return create(r, await readParsedBody(r.req));
    case 'DELETE':
      requireVerb(r.rt, 'deletecollection');
      return deleteCollection(r);
    default:
      throw apiErrors.methodNotAllowed();
  }
}

function selected(r: ResourceRequest): KubeObject[] {
  const labels = parseLabelSelector(r.query.get('labelSelector'));
  const fields = parseFieldSelector(r.query.get('fieldSelector'), r.rt);
  const all = r.ctx.store.list(r.ref, r.route.namespace);
  if (labels.requirements.length === 0 && fields.requirements.length === 0) return all;
  return all.filter((o) => labels.matches(o.metadata.labels) && fields.matches(o));
}

function list(r: ResourceRequest): void {
  const resourceVersion = String(r.ctx.store.currentResourceVersion());
  const items = selected(r);
  if (wantsTable(r.req.headers.accept)) {
    sendJson(r.res, 200, toTable(r.rt, items, tableOptions(r, resourceVersion)));
    return;
  }
  sendJson(r.res, 200, {
    kind: r.rt.listKind,
    apiVersion: groupVersion(r.rt),
    metadata: { resourceVersion },
    items,
  });
}

function tableOptions(r: ResourceRequest, resourceVersion?: string) {
  const include = r.query.get('includeObject');
  const includeObject: IncludeObject = include === 'None' || include === 'Object' ? include : 'Metadata';
  return { now: r.ctx.now().getTime(), includeObject, resourceVersion };
}

/** Checks apiVersion/kind/namespace of a body against the URL; fills the namespace. */
function checkBody(r: ResourceRequest, body: unknown): KubeObject {
  if (!isPlainObject(body)) throw apiErrors.badRequest('the request body must be a JSON object');
  const obj = body as KubeObject;
  const gv = groupVersion(r.rt);
  if (obj.apiVersion !== undefined && obj.apiVersion !== gv)
    throw apiErrors.badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${gv})`,
    );
  if (obj.kind !== undefined && obj.kind !== r.rt.kind)
    throw apiErrors.badRequest(
      `the kind in the data (${obj.kind}) does not match the expected kind (${r.rt.kind})`,
    );
  if (!isPlainObject(obj.metadata)) obj.metadata = {} as KubeObject['metadata'];
  if (r.rt.namespaced) {
    const ns = r.route.namespace as string;
    if (obj.metadata.namespace && obj.metadata.namespace !== ns)
      throw apiErrors.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    obj.metadata.namespace = ns;
  } else {
    delete obj.metadata.namespace;
  }
  return obj;
}

/**
 * Decoding as the apiserver does it (src/emulator/validation): a value of the wrong type is a 400;
 * unknown fields a 400 under fieldValidation=Strict, warnings under Warn, dropped under Ignore.
 */
async function decoded(
  r: ResourceRequest,
  body: KubeObject,
  patch?: { from: KubeObject; type: PatchType },
): Promise<KubeObject> {
  const d = await decodeWrite({
    group: r.rt.group,
    version: r.rt.version,
    kind: r.rt.kind,
    body,
    mode: fieldValidationOf(r.query),
    patchedFrom: patch?.from,
    skipUnknown: patch?.type === 'apply',
  });
  for (const w of d.warnings) addWarning(r.res, w);
  return d.body as KubeObject;
}

/** The kind's validation (labels, workload selectors, immutable fields): 422 Invalid. */
function validate(r: ResourceRequest, obj: KubeObject, old?: KubeObject): void {
  const errs = validateObject(r.rt.group, r.rt.kind, obj, old);
  if (errs.length > 0)
    throw invalidError(r.rt.group, r.rt.kind, obj.metadata.name ?? obj.metadata.generateName ?? '', errs);
}

async function create(r: ResourceRequest, body: unknown): Promise<void> {
  if (r.rt.namespaced && r.route.namespace === undefined) throw apiErrors.methodNotAllowed();
  const obj = await decoded(r, checkBody(r, body));
  const store = r.ctx.store;
  if (r.rt.namespaced && !store.get('namespaces', undefined, r.route.namespace as string))
    throw apiErrors.notFound('', 'namespaces', r.route.namespace as string);
  applyDefaults(r.rt.group, r.rt.kind, obj);
  validate(r, obj);
  admit(r, obj);
  if (isDryRun(r.query)) {
    sendJson(r.res, 201, simulateCreate(r, obj));
    return;
  }
  const created = store.create(r.ref, obj);
  // Synchronous store listeners (controllers) may already have updated it: answer the latest state.
  sendJson(r.res, 201, store.get(r.ref, created.metadata.namespace, created.metadata.name) ?? created);
}

/** Validating admission on create (dry runs included): PodSecurity for pods, its warning for pod controllers. */
function admit(r: ResourceRequest, obj: KubeObject): void {
  const store = r.ctx.store;
  if (r.rt.group === '' && r.rt.plural === 'pods') {
    const named = obj.metadata.name
      ? obj
      : { ...obj, metadata: { ...obj.metadata, name: obj.metadata.generateName ?? '' } };
    const denial = podSecurityDenial(store, named);
    if (denial) throw denial;
  }
  const warning = podControllerWarning(store, r.rt.group, r.rt.kind, obj);
  if (warning) addWarning(r.res, warning);
}

function simulateCreate(r: ResourceRequest, obj: KubeObject): KubeObject {
  const out = deepCopy(obj);
  out.apiVersion = groupVersion(r.rt);
  out.kind = r.rt.kind;
  if (!out.metadata.name && out.metadata.generateName)
    out.metadata.name = `${out.metadata.generateName}xxxxx`;
  if (out.metadata.name && r.ctx.store.get(r.ref, out.metadata.namespace, out.metadata.name))
    throw apiErrors.alreadyExists(r.rt.group, r.rt.plural, out.metadata.name);
  out.metadata.uid = crypto.randomUUID();
  out.metadata.creationTimestamp = formatTimestamp(r.ctx.now());
  out.metadata.generation = 1;
  return out;
}

function deleteCollection(r: ResourceRequest): void {
  const items = selected(r);
  const deleted: KubeObject[] = [];
  for (const o of items) {
    if (isDryRun(r.query)) {
      deleted.push(o);
      continue;
    }
    try {
      deleted.push(r.ctx.store.delete(r.ref, o.metadata.namespace, o.metadata.name));
    } catch (e) {
      // Already removed as a dependent of an earlier item.
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }
  sendJson(r.res, 200, {
    kind: r.rt.listKind,
    apiVersion: groupVersion(r.rt),
    metadata: { resourceVersion: String(r.ctx.store.currentResourceVersion()) },
    items: deleted,
  });
}

// ---------------------------------------------------------------- item

function getExisting(r: ResourceRequest): KubeObject {
  const obj = r.ctx.store.get(r.ref, r.route.namespace, r.route.name as string);
  if (!obj) throw apiErrors.notFound(r.rt.group, r.rt.plural, r.route.name as string);
  return obj;
}

function respondLatest(r: ResourceRequest, written: KubeObject): void {
  sendJson(r.res, 200, r.ctx.store.get(r.ref, written.metadata.namespace, written.metadata.name) ?? written);
}

async function item(r: ResourceRequest, method: string): Promise<void> {
  switch (method) {
    case 'GET': {
      requireVerb(r.rt, 'get');
      const obj = getExisting(r);
      sendJson(r.res, 200, wantsTable(r.req.headers.accept) ? toTable(r.rt, [obj], tableOptions(r)) : obj);
      return;
    }
    case 'PUT':
      requireVerb(r.rt, 'update');
      return replaceMain(r, await readParsedBody(r.req));
    case 'PATCH': {
      requireVerb(r.rt, 'patch');
      const type = patchTypeOf(r.req.headers['content-type']);
      return patchMain(r, type, await readParsedBody(r.req));
    }
    case 'DELETE': {
      requireVerb(r.rt, 'delete');
      const existing = getExisting(r);
      if (isDryRun(r.query)) {
        sendJson(r.res, 200, existing);
        return;
      }
      sendJson(
        r.res,
        200,
        deleteResponse(r.rt, r.ctx.store.delete(r.ref, r.route.namespace, r.route.name as string)),
      );
      return;
    }
    default:
      throw apiErrors.methodNotAllowed();
  }
}

/** Registries with `ReturnDeletedObject` answer with the object; the others with a Success Status. */
const RETURNS_DELETED_OBJECT = new Set([
  '/Pod',
  '/Service',
  '/Namespace',
  'apiextensions.k8s.io/CustomResourceDefinition',
]);

function deleteResponse(rt: ResourceType, gone: KubeObject): unknown {
  // Still present (finalizers pending): the apiserver returns the object with its deletionTimestamp.
  if (gone.metadata.deletionTimestamp && gone.metadata.finalizers?.length) return gone;
  if (RETURNS_DELETED_OBJECT.has(`${rt.group}/${rt.kind}`) || rt.group.endsWith('.projectcalico.org'))
    return gone;
  return successStatus({
    name: gone.metadata.name,
    group: rt.group || undefined,
    kind: rt.plural,
    uid: gone.metadata.uid,
  });
}

function checkName(r: ResourceRequest, obj: KubeObject): void {
  if (obj.metadata.name !== r.route.name)
    throw apiErrors.badRequest(
      `the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${r.route.name})`,
    );
}

/** Writes a new main-resource state; the status of a kind with a status subresource is kept. */
function writeMain(r: ResourceRequest, existing: KubeObject, next: KubeObject): void {
  if (hasStatusSubresource(r.rt)) {
    if (existing.status === undefined) delete next.status;
    else next.status = existing.status;
  }
  applyDefaults(r.rt.group, r.rt.kind, next);
  validate(r, next, existing);
  if (isDryRun(r.query)) {
    sendJson(r.res, 200, next);
    return;
  }
  respondLatest(r, r.ctx.store.replace(r.ref, next));
}

async function replaceMain(r: ResourceRequest, body: unknown): Promise<void> {
  const obj = await decoded(r, checkBody(r, body));
  checkName(r, obj);
  writeMain(r, getExisting(r), obj);
}

async function patchMain(r: ResourceRequest, type: PatchType, body: unknown): Promise<void> {
  if (type === 'strategic' && r.rt.group.endsWith('.projectcalico.org'))
    // Custom resources have no strategic-merge schema (kubectl falls back to merge patches).
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  const existing = r.ctx.store.get(r.ref, r.route.namespace, r.route.name as string);
  if (!existing) {
    if (type !== 'apply') throw apiErrors.notFound(r.rt.group, r.rt.plural, r.route.name as string);
    // Server-side apply of a missing object creates it.
    const obj = checkBody(r, body);
    checkName(r, obj);
    return create(r, obj);
  }
  const patched = applyPatch(type, r.rt.kind, existing, body);
  if (!isPlainObject(patched) || !isPlainObject(patched.metadata))
    throw new ApiError(422, 'Invalid', 'the patched object has no metadata');
  writeMain(r, existing, await decoded(r, patched as KubeObject, { from: existing, type }));
}

// ---------------------------------------------------------------- subresources

async function statusSubresource(r: ResourceRequest, method: string): Promise<void> {
  if (method === 'GET') {
    sendJson(r.res, 200, getExisting(r));
    return;
  }
  if (method !== 'PUT' && method !== 'PATCH') throw apiErrors.methodNotAllowed();
  const existing = getExisting(r);
  let source: KubeObject;
  if (method === 'PUT') {
    source = checkBody(r, await readParsedBody(r.req));
    checkName(r, source);
  } else {
    const patched = applyPatch(
      patchTypeOf(r.req.headers['content-type']),
      r.rt.kind,
      existing,
      await readParsedBody(r.req),
    );
    if (!isPlainObject(patched)) throw new ApiError(422, 'Invalid', 'the patched object is not an object');
    source = patched as KubeObject;
  }
  // Only the status (and an optimistic-concurrency resourceVersion) is taken from the request.
  const next: KubeObject = {
    ...existing,
    metadata: { ...existing.metadata, resourceVersion: source.metadata?.resourceVersion },
    status: source.status,
  };
  if (next.status === undefined) delete next.status;
  if (isDryRun(r.query)) {
    sendJson(r.res, 200, next);
    return;
  }
  respondLatest(r, r.ctx.store.replace(r.ref, next, { status: true }));
}

function toScale(obj: KubeObject): KubeObject {
  const m = obj.metadata;
  const matchLabels = (obj.spec?.selector?.matchLabels ?? {}) as Record<string, string>;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 1 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: Object.entries(matchLabels)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  };
}

async function scaleSubresource(r: ResourceRequest, method: string): Promise<void> {
  const existing = getExisting(r);
  if (method === 'GET') {
    sendJson(r.res, 200, toScale(existing));
    return;
  }
  if (method !== 'PUT' && method !== 'PATCH') throw apiErrors.methodNotAllowed();
  const body = await readParsedBody(r.req);
  const scale =
    method === 'PUT'
      ? (body as KubeObject)
      : (applyPatch(
          patchTypeOf(r.req.headers['content-type']),
          'Scale',
          toScale(existing),
          body,
        ) as KubeObject);
  const replicas = scale?.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0)
    throw apiErrors.invalid('Scale.autoscaling', r.route.name as string, [
      {
        field: 'spec.replicas',
        message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      },
    ]);
  const next = deepCopy(existing);
  next.spec = { ...(next.spec ?? {}), replicas };
  next.metadata.resourceVersion = scale.metadata?.resourceVersion || existing.metadata.resourceVersion;
  if (isDryRun(r.query)) {
    sendJson(r.res, 200, toScale(next));
    return;
  }
  const written = r.ctx.store.replace(r.ref, next);
  sendJson(r.res, 200, toScale(written));
}
