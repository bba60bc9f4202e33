/**
 * The JSON decoder's type error as the apiserver returns it (sigs.k8s.io/json, a fork of Go's
 * encoding/json: `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of
 * type int32`; the struct is the innermost Go struct, the field its full JSON path without indices).
 * The Go names come from @kubernetes/client-node's generated models (the same official OpenAPI:
 * `V1DeploymentSpec.attributeTypeMap` gives `replicas: number, int32`), loaded only when such an error
 * is reported.
 */
import type { TypeMismatch } from './decode.ts';

interface Attribute {
  baseName: string;
  type: string;
  format: string;
}

type Models = Record<string, { getAttributeTypeMap?: () => Attribute[] } | undefined>;

let models: Promise<Models | undefined> | undefined;

function loadModels(): Promise<Models | undefined> {
  models ??= import('@kubernetes/client-node').then(
    (m) => m as unknown as Models,
    () => undefined,
  );
  return models;
}

/** `V1beta1PodSpec` → `v1beta1.PodSpec` (Go package name, type name). */
function goNamed(model: string): { pkg: string; name: string } {
  const m = /^(V\d+(?:alpha\d+|beta\d+)?)(.+)$/.exec(model);
  return m ? { pkg: m[1].toLowerCase(), name: m[2] } : { pkg: 'v1', name: model };
}

const MAP = /^\{ \[key: string\]: (.+); \}$/;
const ARRAY = /^Array<(.+)>$/;

/** A client-node type string as Go prints the type. */
function goType(type: string, format: string): string {
  const arr = ARRAY.exec(type);
  if (arr) return `[]${goType(arr[1], '')}`;
  const map = MAP.exec(type);
  if (map) return `map[string]${goType(map[1], '')}`;
  switch (type) {
    case 'number':
      return format === 'int32' || format === 'int64' ? format : 'float64';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'Date':
      return 'v1.Time';
    case 'IntOrString':
      return 'intstr.IntOrString';
    case 'object':
    case 'any':
      return 'interface {}';
  }
  const { pkg, name } = goNamed(type);
  return `${pkg}.${name}`;
}

/** How encoding/json names the JSON value it could not store. */
function jsonKind(value: unknown, expected: string): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number')
    return expected === 'integer' && !Number.isInteger(value) ? `number ${value}` : 'number';
  if (typeof value === 'string') return 'string';
  return 'object';
}

const SCHEMA_GO_TYPES: Record<string, string> = {
  integer: 'int32',
  number: 'float64',
  string: 'string',
  boolean: 'bool',
  object: 'map[string]interface {}',
  array: '[]interface {}',
};

/** Walks the models from the kind to the mistyped value: the innermost struct and the Go type there. */
function locate(
  all: Models,
  rootModel: string,
  path: (string | number)[],
): { struct: string; goType: string } | undefined {
  let struct = goNamed(rootModel).name;
  let type = rootModel;
  let format = '';
  for (const step of path) {
    const arr = ARRAY.exec(type);
    const map = MAP.exec(type);
    if (arr && typeof step === 'number') {
      type = arr[1];
      format = '';
      continue;
    }
    if (map) {
      type = map[1];
      format = '';
      continue;
    }
    const attrs = all[type]?.getAttributeTypeMap?.();
    const attr = attrs?.find((a) => a.baseName === step);
    if (!attr) return undefined;
    struct = goNamed(type).name;
    type = attr.type;
    format = attr.format;
  }
  return { struct, goType: goType(type, format) };
}

/**
 * `json: cannot unmarshal … into Go struct field S.path of type T`, for a value of kind `kind` in
 * `apiVersion` (`apps/v1`).
 */
export async function unmarshalMessage(apiVersion: string, kind: string, m: TypeMismatch): Promise<string> {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  const rootModel = `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
  const all = await loadModels();
  const where = all ? locate(all, rootModel, m.path) : undefined;
  const field = m.path.filter((k) => typeof k === 'string').join('.');
  const struct = where?.struct ?? kind;
  const type = where?.goType ?? SCHEMA_GO_TYPES[m.expected] ?? m.expected;
  return `json: cannot unmarshal ${jsonKind(m.value, m.expected)} into Go struct field ${struct}.${field} of type ${type}`;
}
