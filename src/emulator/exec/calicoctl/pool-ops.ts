/**
 * calicoctl's IPPool client (libcalico-go clientv3/ippool.go): validate and default, refuse overlaps
 * and block-size conflicts, write the CRD object; delete = disable, release affinities, delete
 * (docs/reference-facts.md, calico-ippool §2, §7). Errors are the Go error strings.
 */
import { cidrsOverlap, parseCidr } from '../../../calico/cidr.ts';
import {
  type CalicoFieldError,
  formatValidationError,
  type IPPool,
  ipPoolFieldErrors,
  normalizeIPPool,
} from '../../../calico/ippool.ts';
import { releasePoolAffinities } from '../../calico/ipam.ts';
import type { KubeObject } from '../../store/types.ts';
import type { CalicoctlEnv } from './env.ts';
import { hasAssignmentMode, IPPOOLS, METADATA_ANNOTATION, toCrd } from './resources.ts';

const IPAMBLOCKS = 'crd.projectcalico.org/ipamblocks';

export function notFound(name: string): string {
  return `resource does not exist: IPPool(${name}) with error: ippools.crd.projectcalico.org "${name}" not found`;
}

function storedPools(env: CalicoctlEnv): IPPool[] {
  return env.store.list(IPPOOLS).map(
    (o) =>
      normalizeIPPool({
        apiVersion: 'projectcalico.org/v3',
        kind: 'IPPool',
        metadata: { name: o.metadata.name },
        spec: o.spec ?? {},
      }).pool,
  );
}

/** json.Unmarshal(Strict) failures on the manifest, reported before anything is written. */
export function decodeProblems(body: Record<string, unknown>, clientVersion?: string): string | undefined {
  // A field newer than the client is unknown to its strict decoder: allowedUses since v3.21.0
  // (https://github.com/projectcalico/calico/blob/v3.21.0/reference/resources/ippool.md), assignmentMode
  // since v3.30.0 (https://github.com/projectcalico/calico/blob/v3.30.0/api/pkg/apis/projectcalico/v3/ippool.go).
  const spec = (body.spec ?? {}) as Record<string, unknown>;
  const minor = /^v?3\.(\d+)/.exec(clientVersion ?? '')?.[1];
  if (minor !== undefined) {
    const since: Record<string, number> = { allowedUses: 21, assignmentMode: 30, namespaceSelector: 31 };
    for (const [field, first] of Object.entries(since))
      if (field in spec && Number(minor) < first)
        return `error unmarshaling JSON: while decoding JSON: json: unknown field "${field}"`;
  }
  const { problems } = normalizeIPPool(body);
  for (const p of problems) {
    const unknown = /^spec\.(\S+) is not an IPPool field$/.exec(p);
    if (unknown) return `error unmarshaling JSON: while decoding JSON: json: unknown field "${unknown[1]}"`;
    const typed =
      /^spec\.(\S+) must be (?:a string|true or false|an integer|a list of strings), got (\S+)/.exec(p);
    if (typed) {
      const goType: Record<string, string> = {
        cidr: 'string',
        ipipMode: 'v3.IPIPMode',
        vxlanMode: 'v3.VXLANMode',
        nodeSelector: 'string',
        blockSize: 'int',
        natOutgoing: 'bool',
        disabled: 'bool',
        disableBGPExport: 'bool',
        allowedUses: '[]v3.IPPoolAllowedUse',
      };
      const jsonType = typed[2] === 'a' ? 'array' : typed[2] === 'null' ? 'null' : typed[2];
      return `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonType} into Go struct field IPPoolSpec.spec.${typed[1]} of type ${goType[typed[1]] ?? 'string'}`;
    }
  }
  return undefined;
}

function fieldError(errors: CalicoFieldError[]): string {
  return formatValidationError(errors);
}

function specFor(env: CalicoctlEnv, pool: IPPool, raw: Record<string, unknown>): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    cidr: parseCidr(pool.cidr)?.canonical ?? pool.cidr,
    vxlanMode: pool.vxlanMode || 'Never',
    ipipMode: pool.ipipMode || 'Never',
  };
  if (pool.natOutgoing) spec.natOutgoing = true;
  if (pool.disabled) spec.disabled = true;
  if (pool.disableBGPExport) spec.disableBGPExport = true;
  spec.blockSize = pool.blockSize;
  spec.nodeSelector = pool.nodeSelector;
  spec.allowedUses = pool.allowedUses;
  if (hasAssignmentMode(env.clientVersion))
    spec.assignmentMode = (raw.assignmentMode as string) || 'Automatic';
  return spec;
}

function metaOf(body: Record<string, unknown>): {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
} {
  const m = (body.metadata ?? {}) as {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  return { labels: m.labels, annotations: m.annotations };
}

function blockSizeConflict(env: CalicoctlEnv, pool: IPPool): string | undefined {
  const network = parseCidr(pool.cidr)?.canonical;
  if (!network) return undefined;
  for (const block of env.store.list(IPAMBLOCKS)) {
    const cidr = String(block.spec?.cidr ?? '');
    const prefix = Number(cidr.split('/')[1]);
    if (prefix !== pool.blockSize && cidrsOverlap(cidr, network)) {
      return `error with field IPPool.Spec.BlockSize = '${pool.blockSize}' (IPPool blocksSize conflicts with existing allocations that use a different blockSize)`;
    }
  }
  return undefined;
}

/** clientv3 IPPools().Create. Returns an error string or undefined on success. */
export function createPool(env: CalicoctlEnv, body: Record<string, unknown>): string | undefined {
  const { pool } = normalizeIPPool(body);
  if (pool.name === '') return "error with field Metadata.Name = '' (field must be set for a Create request)";
  const errors = ipPoolFieldErrors(pool, storedPools(env));
  if (errors.length > 0) return fieldError(errors);
  const conflict = blockSizeConflict(env, pool);
  if (conflict) return conflict;
  if (env.store.get(IPPOOLS, undefined, pool.name)) return `resource already exists: IPPool(${pool.name})`;
  const created = new Date(Math.floor(env.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const spec = specFor(env, pool, (body.spec ?? {}) as Record<string, unknown>);
  env.store.create(IPPOOLS, toCrd(pool.name, spec, { creationTimestamp: created, ...metaOf(body) }));
  return undefined;
}

/** clientv3 IPPools().Update: no overlap check, CIDR and block size are immutable. */
export function updatePool(env: CalicoctlEnv, body: Record<string, unknown>): string | undefined {
  const { pool } = normalizeIPPool(body);
  const current = env.store.get(IPPOOLS, undefined, pool.name);
  if (!current) return notFound(pool.name);
  const errors = ipPoolFieldErrors(pool, []);
  const oldCidr = parseCidr(String(current.spec?.cidr ?? ''))?.canonical ?? current.spec?.cidr;
  const newCidr = parseCidr(pool.cidr)?.canonical ?? pool.cidr;
  const immutable: CalicoFieldError[] = [];
  if (errors.every((e) => e.stage === 2) && oldCidr !== newCidr)
    immutable.push({
      field: 'IPPool.Spec.CIDR',
      value: newCidr,
      reason: 'IPPool CIDR cannot be modified',
      stage: 1,
    });
  const oldBlock = typeof current.spec?.blockSize === 'number' ? current.spec.blockSize : 26;
  if (errors.every((e) => e.stage === 2) && oldBlock !== pool.blockSize)
    immutable.push({
      field: 'IPPool.Spec.BlockSize',
      value: pool.blockSize,
      reason: 'IPPool BlockSize cannot be modified',
      stage: 1,
    });
  const all = immutable.length > 0 ? immutable : errors;
  if (all.length > 0) return fieldError(all);
  const spec = specFor(env, pool, (body.spec ?? {}) as Record<string, unknown>);
  env.store.update(IPPOOLS, undefined, pool.name, (draft) => {
    draft.spec = spec;
  });
  return undefined;
}

/** clientv3 IPPools().Delete: disable, pause, release affinities, delete. */
export async function deletePool(env: CalicoctlEnv, name: string): Promise<string | undefined> {
  if (!env.store.get(IPPOOLS, undefined, name)) return notFound(name);
  await env.sleep(0.5);
  releasePoolAffinities(env.store, name);
  env.store.delete(IPPOOLS, undefined, name);
  return undefined;
}

/** The v3-shaped body of a stored pool, for patching. */
export function v3Body(obj: KubeObject): Record<string, unknown> {
  let meta: Record<string, unknown> = {};
  try {
    meta = JSON.parse(obj.metadata.annotations?.[METADATA_ANNOTATION] ?? '{}');
  } catch {
    meta = {};
  }
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'IPPool',
    metadata: { ...meta, name: obj.metadata.name },
    spec: { ...(obj.spec ?? {}) },
  };
}

/** RFC 7386 merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
