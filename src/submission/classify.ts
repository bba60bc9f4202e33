import { isRecord } from './shape.ts';
import type { ClassifiedObject, ManifestObject, ObjectClass } from './types.ts';

/** apiVersions an IPPool is served under: calicoctl's API and the CRD that backs it in KDD mode. */
export const IPPOOL_API_VERSIONS: readonly string[] = ['projectcalico.org/v3', 'crd.projectcalico.org/v1'];

const CORE_V1: Readonly<Record<string, ObjectClass>> = {
  Service: 'service',
  Pod: 'pod',
  ConfigMap: 'configmap',
  Secret: 'secret',
};

/**
 * The grader's class of an object. Kinds are case-sensitive, as for the API server; anything else
 * (a ReplicaSet, a Namespace, an IPPool under an unknown apiVersion) is 'other' and stays listed.
 */
export function classifyObject(o: Pick<ManifestObject, 'apiVersion' | 'kind'>): ObjectClass {
  if (o.kind === 'IPPool') return IPPOOL_API_VERSIONS.includes(o.apiVersion) ? 'ippool' : 'other';
  if (o.kind === 'Deployment') return o.apiVersion === 'apps/v1' ? 'deployment' : 'other';
  if (o.apiVersion === 'v1') return CORE_V1[o.kind] ?? 'other';
  return 'other';
}

/**
 * `kind: List` (and typed lists such as `IPPoolList`, as `kubectl get -o yaml` / `calicoctl get -o yaml`
 * print them) stands for its items. An item without apiVersion/kind takes the list's apiVersion and
 * the kind named by the list type. Items keep the list document's file, index and line.
 */
export function expandList(o: ManifestObject): ManifestObject[] {
  if (!o.kind.endsWith('List') || !Array.isArray(o.body.items)) return [o];
  const itemKind = o.kind === 'List' ? undefined : o.kind.slice(0, -'List'.length);
  const out: ManifestObject[] = [];
  for (const item of o.body.items) {
    if (!isRecord(item)) continue;
    const apiVersion =
      typeof item.apiVersion === 'string' && item.apiVersion ? item.apiVersion : o.apiVersion;
    const kind = typeof item.kind === 'string' && item.kind ? item.kind : itemKind;
    if (!kind) continue;
    const metadata = isRecord(item.metadata) ? item.metadata : {};
    const expanded: ManifestObject = {
      file: o.file,
      docIndex: o.docIndex,
      line: o.line,
      apiVersion,
      kind,
      body: { ...item, apiVersion, kind },
    };
    if (typeof metadata.name === 'string') expanded.name = metadata.name;
    if (typeof metadata.namespace === 'string') expanded.namespace = metadata.namespace;
    out.push(expanded);
  }
  return out;
}

/** Expands lists and classifies every object, in file order. */
export function classifyObjects(objects: readonly ManifestObject[]): ClassifiedObject[] {
  const out: ClassifiedObject[] = [];
  for (const o of objects) {
    for (const item of expandList(o)) out.push({ ...item, class: classifyObject(item) });
  }
  return out;
}
