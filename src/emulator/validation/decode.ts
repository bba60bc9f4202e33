/**
 * What the apiserver's decoder finds in a write of a built-in kind, checked against the kind's
 * OpenAPI schema (models.ts): values of the wrong JSON type (the JSON decoder fails on the first) and
 * unknown fields (strict decoding). The schemas do not forbid unknown properties, so the validator runs
 * on a recording proxy: every property a schema knows is read by its validator (`data.replicas`), a
 * map's keys are enumerated, and a free-form object (`RawExtension`, a CRD's `default`) is not looked
 * into at all. An own key never read in an object whose other keys were read is an unknown field.
 */
import type { AjvError, SchemaValidator } from './models.ts';

export interface TypeMismatch {
  /** JSON field names from the root, array indices included as numbers. */
  path: (string | number)[];
  /** The schema's type: integer, number, string, boolean, object, array. */
  expected: string;
  value: unknown;
}

export interface DecodeResult {
  /** The first value of the wrong type, as the JSON decoder stops at the first. */
  typeError?: TypeMismatch;
  /** Unknown fields as the apiserver names them: `spec.template.spec.containers[0].port`. */
  unknown: string[];
}

interface Seen {
  read: Set<string>;
  enumerated: boolean;
  proxy?: object;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

/** Runs the validator on a recording proxy of `data`. */
function record(validate: SchemaValidator, data: unknown): Map<object, Seen> {
  const seen = new Map<object, Seen>();
  const wrap = (v: unknown): unknown => {
    if (!isObject(v)) return v;
    let s = seen.get(v);
    if (!s) {
      s = { read: new Set(), enumerated: false };
      seen.set(v, s);
    }
    const info = s;
    info.proxy ??= new Proxy(v, {
      get(target, key, receiver) {
        if (typeof key === 'string') info.read.add(key);
        return wrap(Reflect.get(target, key, receiver));
      },
      has(target, key) {
        if (typeof key === 'string') info.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        info.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    return info.proxy;
  };
  validate(wrap(data));
  return seen;
}

function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-int-or-string`, … are fields of a CRD's
 * JSONSchemaProps (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1/types_jsonschema.go),
 * which kubernetes-models' schemas leave out; a real API server accepts them.
 */
function isSchemaExtension(key: string): boolean {
  return key.startsWith('x-kubernetes-');
}

function collectUnknown(v: unknown, path: string, seen: Map<object, Seen>, out: string[]): void {
  if (!isObject(v)) return;
  const s = seen.get(v);
  if (!s) return; // not visited by the schema (free-form, or under a value of the wrong type)
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      collectUnknown(x, fieldPath(path, i), seen, out);
    });
    return;
  }
  const free = !s.enumerated && s.read.size === 0;
  for (const k of Object.keys(v)) {
    const p = fieldPath(path, k);
    if (!free && !s.enumerated && !s.read.has(k) && !isSchemaExtension(k)) out.push(p);
    else collectUnknown(v[k], p, seen, out);
  }
}

function pathOf(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((t) => (/^(0|[1-9]\d*)$/.test(t) ? Number(t) : t));
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let cur = data;
  for (const k of path) cur = isObject(cur) ? (cur as Record<string | number, unknown>)[k] : undefined;
  return cur;
}

/** The first `type` error in document order (the decoder reads the body front to back). */
function firstTypeError(data: unknown, errors: AjvError[]): TypeMismatch | undefined {
  const typeErrors = errors.filter((e) => e.keyword === 'type');
  if (typeErrors.length === 0) return undefined;
  const paths = typeErrors.map((e) => ({ e, path: pathOf(e.instancePath) }));
  const order = (p: (string | number)[]): number[] => {
    const idx: number[] = [];
    let cur = data;
    for (const k of p) {
      idx.push(isObject(cur) ? Object.keys(cur).indexOf(String(k)) : 0);
      cur = isObject(cur) ? (cur as Record<string | number, unknown>)[k] : undefined;
    }
    return idx;
  };
  paths.sort((a, b) => {
    const x = order(a.path);
    const y = order(b.path);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  });
  const { e, path } = paths[0];
  const t = e.params.type;
  return { path, expected: Array.isArray(t) ? String(t[0]) : String(t), value: valueAt(data, path) };
}

export function decode(validate: SchemaValidator, data: unknown): DecodeResult {
  const seen = record(validate, data);
  const typeError = validate.errors ? firstTypeError(data, validate.errors) : undefined;
  const unknown: string[] = [];
  collectUnknown(data, '', seen, unknown);
  return { typeError, unknown };
}

/** A copy of `data` without the unknown fields (what Warn and Ignore store). */
export function dropFields(data: unknown, unknown: readonly string[]): unknown {
  if (unknown.length === 0) return data;
  const drop = new Set(unknown);
  const walk = (v: unknown, path: string): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, fieldPath(path, i)));
    if (!isObject(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = fieldPath(path, k);
      if (!drop.has(p)) out[k] = walk(x, p);
    }
    return out;
  };
  return walk(data, '');
}
