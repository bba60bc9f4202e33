/**
 * IPPools between calicoctl's `projectcalico.org/v3` view and the `crd.projectcalico.org/v1` objects
 * Calico's KDD backend stores (docs/reference-facts.md, calico-ippool §3-4: metadata kept in the `projectcalico.org/metadata`
 * annotation, UID converted). Also the -o yaml/json printers (Go struct order for JSON, sorted keys
 * for YAML as ghodss/yaml does).
 */
import { createHash } from 'node:crypto';
import YAML from 'yaml';
import { IPPOOL_SPEC_FIELDS } from '../../../calico/ippool.ts';
import type { KubeObject } from '../../store/types.ts';

export const IPPOOLS = 'crd.projectcalico.org/ippools';
export const METADATA_ANNOTATION = 'projectcalico.org/metadata';
/** `calicoctl get` resource names for IPPool (resourcemgr/ippool.go). */
export const IPPOOL_ALIASES = ['ippool', 'ippools', 'ipp', 'ipps', 'pool', 'pools'];

/** Versions from v3.30 know `assignmentMode` (ASSIGNMENTMODE column, default Automatic). */
export function hasAssignmentMode(version: string): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m !== null && (Number(m[1]) > 3 || (Number(m[1]) === 3 && Number(m[2]) >= 30));
}

/** conversion.ConvertUID stand-in: a stable UUID derived from the CR's UID. */
export function convertUid(uid: string): string {
  const h = createHash('sha1').update(`projectcalico.org/v3:${uid}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The CRD object calicoctl writes for a validated, defaulted v3 pool. */
export function toCrd(
  name: string,
  spec: Record<string, unknown>,
  meta: { creationTimestamp: string; labels?: Record<string, string>; annotations?: Record<string, string> },
): KubeObject {
  const annotationMeta: Record<string, unknown> = { creationTimestamp: meta.creationTimestamp };
  if (meta.labels && Object.keys(meta.labels).length > 0) annotationMeta.labels = meta.labels;
  if (meta.annotations && Object.keys(meta.annotations).length > 0)
    annotationMeta.annotations = meta.annotations;
  return {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'IPPool',
    metadata: { name, annotations: { [METADATA_ANNOTATION]: JSON.stringify(annotationMeta) } },
    spec,
  };
}

const SPEC_ORDER = IPPOOL_SPEC_FIELDS;

/** IPPoolSpec as Go marshals it: struct order, `omitempty` drops false/0/""/empty lists. */
function v3Spec(spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SPEC_ORDER) {
    const v = spec[key];
    if (v === undefined || v === null || v === false || v === '' || v === 0) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[key] = v;
  }
  if (typeof spec.cidr !== 'string') out.cidr = '';
  return { cidr: out.cidr ?? '', ...out };
}

/** The v3 object calicoctl prints for a stored CRD pool (ConvertK8sResourceToCalicoResource). */
export function toV3(obj: KubeObject): Record<string, unknown> {
  let stored: Record<string, unknown> = {};
  const raw = obj.metadata.annotations?.[METADATA_ANNOTATION];
  if (raw) {
    try {
      stored = JSON.parse(raw);
    } catch {
      stored = {};
    }
  }
  const labels = { ...(obj.metadata.labels ?? {}), ...((stored.labels as Record<string, string>) ?? {}) };
  const annotations: Record<string, string> = { ...((stored.annotations as Record<string, string>) ?? {}) };
  for (const [k, v] of Object.entries(obj.metadata.annotations ?? {}))
    if (k !== METADATA_ANNOTATION) annotations[k] = v;
  const metadata: Record<string, unknown> = { name: obj.metadata.name };
  if (obj.metadata.uid) metadata.uid = convertUid(obj.metadata.uid);
  if (obj.metadata.resourceVersion) metadata.resourceVersion = obj.metadata.resourceVersion;
  metadata.creationTimestamp =
    typeof stored.creationTimestamp === 'string'
      ? stored.creationTimestamp
      : (obj.metadata.creationTimestamp ?? null);
  if (Object.keys(labels).length > 0) metadata.labels = labels;
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return { kind: 'IPPool', apiVersion: 'projectcalico.org/v3', metadata, spec: v3Spec(obj.spec ?? {}) };
}

export function toV3List(objs: KubeObject[], resourceVersion: string): Record<string, unknown> {
  return {
    kind: 'IPPoolList',
    apiVersion: 'projectcalico.org/v3',
    metadata: { resourceVersion },
    items: objs.map(toV3),
  };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** ghodss/yaml: JSON through go-yaml v2, keys sorted, lists not indented under their key. */
export function goYaml(value: unknown): string {
  return YAML.stringify(sortKeys(value), { version: '1.1', indentSeq: false, lineWidth: 0 });
}

/** json.MarshalIndent(v, "", "  ") plus the newline calicoctl prints. */
export function goJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
