/**
 * The four PATCH flavours the apiserver accepts, applied to a plain JSON object:
 * JSON patch (RFC 6902), JSON merge patch (RFC 7386), strategic merge patch (the subset kubectl
 * `apply`/`patch`/`label` use) and server-side apply (treated as create-or-strategic-merge).
 */
import { ApiError } from '../store/errors.ts';
import { deepCopy, deepEqual, isPlainObject } from '../store/json.ts';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const MEDIA_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** Patch type from a Content-Type header; 415 UnsupportedMediaType as the apiserver answers. */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const type = MEDIA_TYPES[media];
  if (!type)
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${Object.keys(
        MEDIA_TYPES,
      )
        .filter((m) => !m.endsWith('cbor'))
        .join(', ')}`,
    );
  return type;
}

type Json = unknown;

function invalidPatch(message: string): ApiError {
  return new ApiError(422, 'Invalid', message);
}

// ---------------------------------------------------------------- RFC 7386

export function mergePatch(target: Json, patch: Json): Json {
  if (!isPlainObject(patch)) return deepCopy(patch);
  const out: Record<string, Json> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// ---------------------------------------------------------------- RFC 6902

interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw invalidPatch(`invalid JSON pointer: "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(arr: Json[], token: string, forInsert: boolean): number {
  if (forInsert && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw invalidPatch(`invalid array index: "${token}"`);
  const i = Number(token);
  if (i > arr.length || (!forInsert && i === arr.length))
    throw invalidPatch(`array index out of bounds: ${i}`);
  return i;
}

/** Walks to the parent of the pointer's last token. */
function parentOf(doc: Json, tokens: string[], path: string): Json {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false)];
    else if (isPlainObject(cur) && t in cur) cur = cur[t];
    else throw invalidPatch(`doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function getAt(doc: Json, path: string): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) return parent[arrayIndex(parent, last, false)];
  if (isPlainObject(parent) && last in parent) return parent[last];
  throw invalidPatch(`doc is missing path: "${path}": missing value`);
}

function removeAt(doc: Json, path: string): Json {
  const tokens = parsePointer(path);
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, last, false), 1)[0];
  if (isPlainObject(parent) && last in parent) {
    const v = parent[last];
    delete parent[last];
    return v;
  }
  throw invalidPatch(`unable to remove nonexistent key: ${last}: missing value`);
}

function addAt(doc: Json, path: string, value: Json, replace: boolean): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, path);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const i = arrayIndex(parent, last, !replace);
    parent.splice(i, replace ? 1 : 0, value);
  } else if (isPlainObject(parent)) {
    if (replace && !(last in parent))
      throw invalidPatch(`replace operation does not apply: doc is missing key: ${path}`);
    parent[last] = value;
  } else throw invalidPatch(`doc is missing path: "${path}"`);
  return doc;
}

export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new ApiError(400, 'BadRequest', 'json patch must be an array of operations');
  let doc = deepCopy(target);
  for (const raw of ops as JsonPatchOp[]) {
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, raw.path, deepCopy(raw.value), false);
        break;
      case 'replace':
        doc = addAt(doc, raw.path, deepCopy(raw.value), true);
        break;
      case 'remove':
        removeAt(doc, raw.path);
        break;
      case 'move': {
        const v = removeAt(doc, raw.from ?? '');
        doc = addAt(doc, raw.path, v, false);
        break;
      }
      case 'copy':
        doc = addAt(doc, raw.path, deepCopy(getAt(doc, raw.from ?? '')), false);
        break;
      case 'test':
        if (!deepEqual(getAt(doc, raw.path), raw.value))
          throw invalidPatch(`testing value ${raw.path} failed: test failed`);
        break;
      default:
        throw invalidPatch(`Unexpected kind: ${raw.op}`);
    }
  }
  return doc;
}

// ---------------------------------------------------------------- strategic merge

/**
 * List merge keys (the `patchMergeKey` struct tags of k8s.io/api) for the lists kubectl touches.
 * `path` is the chain of field names from the object root; `kind` disambiguates `ports`.
 */
function mergeKeyFor(kind: string, path: string[]): string | undefined {
  const field = path[path.length - 1];
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'conditions':
      return 'type';
    case 'hostAliases':
      return 'ip';
    case 'ownerReferences':
      return 'uid';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'addresses':
      return kind === 'Node' ? 'type' : undefined;
    case 'ports':
      if (kind === 'Service' && path.length === 2 && path[0] === 'spec') return 'port';
      return path.includes('containers') || path.includes('initContainers') ? 'containerPort' : undefined;
    default:
      return undefined;
  }
}

/** Primitive lists with `patchStrategy: merge` (set union). */
function isMergedPrimitiveList(path: string[]): boolean {
  return path.length === 2 && path[0] === 'metadata' && path[1] === 'finalizers';
}

function strategicList(kind: string, path: string[], original: Json, patch: Json[]): Json {
  const orig = Array.isArray(original) ? original : [];
  if (patch.some((p) => isPlainObject(p) && p.$patch === 'replace'))
    return patch.filter((p) => !(isPlainObject(p) && p.$patch === 'replace')).map((p) => stripDirectives(p));
  if (isMergedPrimitiveList(path)) {
    const out = [...orig];
    for (const v of patch) if (!out.includes(v)) out.push(v);
    return out;
  }
  const key = mergeKeyFor(kind, path);
  if (!key) return patch.map((p) => stripDirectives(p));
  const out: Json[] = orig.map((o) => deepCopy(o));
  for (const item of patch) {
    if (!isPlainObject(item)) continue;
    const idx = out.findIndex((o) => isPlainObject(o) && o[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) {
      out[idx] = strategicMerge(kind, path, out[idx], item);
    } else {
      out.push(strategicMerge(kind, path, undefined, item));
    }
  }
  return out;
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isPlainObject(v)) return v;
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$') && x !== null) out[k] = stripDirectives(x);
  return out;
}

/** Strategic merge patch of `patch` onto `original` for an object of `kind`. */
export function strategicMerge(kind: string, path: string[], original: Json, patch: Json): Json {
  if (!isPlainObject(patch)) return deepCopy(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  const out: Record<string, Json> = isPlainObject(original) ? { ...original } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v))
        out[field] = (out[field] as Json[]).filter((x) => !(v as Json[]).includes(x));
      continue;
    }
    if (k.startsWith('$')) continue; // $setElementOrder/…, $retainKeys handled below, $patch
    if (v === null) {
      delete out[k];
    } else if (isPlainObject(v) && v.$patch === 'delete') {
      delete out[k];
    } else if (Array.isArray(v)) {
      out[k] = strategicList(kind, [...path, k], out[k], v);
    } else if (isPlainObject(v)) {
      out[k] = strategicMerge(kind, [...path, k], out[k], v);
    } else {
      out[k] = v;
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  return out;
}

/** Applies a parsed patch body of the given type to a copy of `original`. */
export function applyPatch(type: PatchType, kind: string, original: Json, patch: Json): Json {
  switch (type) {
    case 'json':
      return jsonPatch(original, patch);
    case 'merge':
      return mergePatch(original, patch);
    case 'strategic':
    case 'apply':
      if (!isPlainObject(patch)) throw new ApiError(400, 'BadRequest', 'patch body must be a JSON object');
      return strategicMerge(kind, [], original, patch);
  }
}
