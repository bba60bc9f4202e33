/**
 * IPPool normalisation and validation as calicoctl does it (libcalico-go v3.28.1,
 * docs/reference-facts.md, calico-ippool §1-§2):
 *  stage 1, clientv3 `validateAndSetDefaults` (CIDR, block size, overlap, encapsulation, masking, link local);
 *  stage 2, only when stage 1 passed, the struct validator (name, ipipMode/vxlanMode, nodeSelector,
 *  allowedUses). calicoctl prints the first failing stage only.
 */
import { cidrsOverlap, parseCidr } from './cidr.ts';
import { parseSelector } from './selector.ts';

export const DEFAULT_POOL_NAME = 'default-ipv4-ippool';
export const API_VERSION_V3 = 'projectcalico.org/v3';
export const API_VERSION_CRD = 'crd.projectcalico.org/v1';

export interface IPPool {
  name: string;
  /** As written in the manifest (not normalised: host bits are kept so validation can report them). */
  cidr: string;
  blockSize: number;
  nodeSelector: string;
  ipipMode: 'Always' | 'CrossSubnet' | 'Never' | string;
  vxlanMode: string;
  natOutgoing: boolean;
  disabled: boolean;
  disableBGPExport: boolean;
  allowedUses: string[];
  /** 'projectcalico.org/v3' or 'crd.projectcalico.org/v1' (other strings are kept and reported). */
  apiVersion: string;
  source?: { file: string; line: number };
  /**
   * Spec fields whose manifest value had the wrong type (e.g. `blockSize: "26"`), kept raw; the typed
   * field above then holds Calico's default. Both calicoctl and the CRD schema reject such a manifest.
   */
  invalidValues?: Record<string, unknown>;
}

/** Spec keys of IPPoolSpec in Go struct order (v3.28; `assignmentMode` v3.30+, `namespaceSelector` v3.31+). */
export const IPPOOL_SPEC_FIELDS: readonly string[] = [
  'cidr',
  'vxlanMode',
  'ipipMode',
  'natOutgoing',
  'disabled',
  'disableBGPExport',
  'blockSize',
  'nodeSelector',
  'ipip',
  'nat-outgoing',
  'allowedUses',
  'assignmentMode',
  'namespaceSelector',
];
const SPEC_KEYS = new Set(IPPOOL_SPEC_FIELDS);

const DEFAULT_ALLOWED_USES = ['Workload', 'Tunnel'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Calico's tokenizer skips only spaces and tabs; a selector of nothing else parses as all(). */
function isBlankSelector(s: string): boolean {
  return /^[ \t]*$/.test(s);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * Reads an IPPool manifest (either apiVersion) and applies Calico's defaults: blockSize 26/122,
 * nodeSelector `all()` when missing or blank, allowedUses [Workload, Tunnel], ipipMode/vxlanMode Never.
 * `problems` lists shape problems in plain words (missing name/cidr, wrong types, unknown spec keys).
 */
export function normalizeIPPool(
  body: Record<string, unknown>,
  source?: { file: string; line: number },
): { pool: IPPool; problems: string[] } {
  const problems: string[] = [];
  const invalidValues: Record<string, unknown> = {};

  const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : '';
  if (apiVersion === '') problems.push('apiVersion is missing');
  else if (apiVersion !== API_VERSION_V3 && apiVersion !== API_VERSION_CRD) {
    problems.push(`apiVersion "${apiVersion}" is neither ${API_VERSION_V3} nor ${API_VERSION_CRD}`);
  }
  if (body.kind !== undefined && body.kind !== 'IPPool')
    problems.push(`kind is ${describe(body.kind)}, not IPPool`);

  const metadata = isRecord(body.metadata) ? body.metadata : {};
  let name = '';
  if (typeof metadata.name === 'string' && metadata.name !== '') name = metadata.name;
  else if (metadata.name === undefined || metadata.name === null || metadata.name === '') {
    problems.push('metadata.name is missing');
  } else {
    problems.push(`metadata.name must be a string, got ${describe(metadata.name)}`);
    name = String(metadata.name);
  }

  let spec: Record<string, unknown> = {};
  if (isRecord(body.spec)) spec = body.spec;
  else if (body.spec === undefined || body.spec === null) problems.push('spec is missing');
  else problems.push(`spec must be a mapping, got ${describe(body.spec)}`);

  for (const key of Object.keys(spec)) {
    if (!SPEC_KEYS.has(key)) problems.push(`spec.${key} is not an IPPool field`);
  }

  const str = (key: string, fallback: string): string => {
    const v = spec[key];
    if (v === undefined || v === null || v === '') return fallback;
    if (typeof v === 'string') return v;
    problems.push(`spec.${key} must be a string, got ${describe(v)}`);
    invalidValues[key] = v;
    return fallback;
  };
  const bool = (key: string): boolean => {
    const v = spec[key];
    if (v === undefined || v === null) return false;
    if (typeof v === 'boolean') return v;
    problems.push(`spec.${key} must be true or false, got ${describe(v)}`);
    invalidValues[key] = v;
    return false;
  };

  const cidr = str('cidr', '');
  if (cidr === '' && !('cidr' in invalidValues)) problems.push('spec.cidr is missing');
  const v6 = parseCidr(cidr)?.kind === 'ipv6';
  const defaultBlockSize = v6 ? 122 : 26;
  let blockSize = defaultBlockSize;
  const rawBlockSize = spec.blockSize;
  if (typeof rawBlockSize === 'number' && Number.isInteger(rawBlockSize)) {
    // Go's zero value means "not set": calicoctl defaults it.
    if (rawBlockSize !== 0) blockSize = rawBlockSize;
  } else if (rawBlockSize !== undefined && rawBlockSize !== null) {
    problems.push(`spec.blockSize must be an integer, got ${describe(rawBlockSize)}`);
    invalidValues.blockSize = rawBlockSize;
  }

  let nodeSelector = str('nodeSelector', 'all()');
  if (isBlankSelector(nodeSelector)) nodeSelector = 'all()';

  let allowedUses = DEFAULT_ALLOWED_USES;
  const rawUses = spec.allowedUses;
  if (Array.isArray(rawUses) && rawUses.every((u) => typeof u === 'string')) {
    if (rawUses.length > 0) allowedUses = rawUses as string[];
  } else if (rawUses !== undefined && rawUses !== null) {
    problems.push(`spec.allowedUses must be a list of strings, got ${describe(rawUses)}`);
    invalidValues.allowedUses = rawUses;
  }

  const pool: IPPool = {
    name,
    cidr,
    blockSize,
    nodeSelector,
    ipipMode: str('ipipMode', 'Never'),
    vxlanMode: str('vxlanMode', 'Never'),
    natOutgoing: bool('natOutgoing'),
    disabled: bool('disabled'),
    disableBGPExport: bool('disableBGPExport'),
    allowedUses: [...allowedUses],
    apiVersion,
  };
  if (source !== undefined) pool.source = source;
  if (Object.keys(invalidValues).length > 0) pool.invalidValues = invalidValues;
  return { pool, problems };
}

/** Was spec.nodeSelector written at all (with a non-null value)? A missing selector selects every node. */
export function hasExplicitNodeSelector(body: Record<string, unknown>): boolean {
  const spec = body.spec;
  return isRecord(spec) && spec.nodeSelector !== undefined && spec.nodeSelector !== null;
}

/** libcalico-go errors.ErroredField. `value` undefined prints no `= '...'` part (Go's nil). */
export interface CalicoFieldError {
  field: string;
  value?: string | number;
  reason: string;
  /** 1 = clientv3 validateAndSetDefaults, 2 = struct validator (runs only when stage 1 passed). */
  stage: 1 | 2;
}

/** ErroredField.String(): `IPPool.Spec.CIDR = '10.0.0.5/24' (IPPool CIDR is not strictly masked)`. */
export function formatFieldError(e: CalicoFieldError): string {
  const head = e.value === undefined ? e.field : `${e.field} = '${e.value}'`;
  return e.reason === '' ? head : `${head} (${e.reason})`;
}

/** ErrorValidation.Error(): one field inline, several as a `-  ` list. */
export function formatValidationError(errors: readonly CalicoFieldError[]): string {
  if (errors.length === 0) return 'unknown validation error';
  if (errors.length === 1) return `error with field ${formatFieldError(errors[0])}`;
  return `error with the following fields:\n${errors.map((e) => `-  ${formatFieldError(e)}\n`).join('')}`;
}

/** What `calicoctl create -f pool.yaml` prints on failure (derived from create.go; see reference §2). */
export function calicoctlCreateFailure(errors: readonly CalicoFieldError[]): string {
  return `Failed to create 'IPPool' resource: [${formatValidationError(errors)}]`;
}

const V4_LINK_LOCAL = '169.254.0.0/16';
const V6_LINK_LOCAL = 'fe80::/10';
const MODE_RE = /^(Always|CrossSubnet|Never)$/;
const NAME_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const NAME_RE = new RegExp(`^${NAME_FMT}$`);
const NAME_MAX = 253;

/** Stage 1: clientv3 ippool.go validateAndSetDefaults (Create), in its order. */
function defaultsStageErrors(pool: IPPool, existing: readonly IPPool[]): CalicoFieldError[] {
  const field = 'IPPool.Spec.CIDR';
  if (pool.cidr === '') return [{ field, reason: 'IPPool CIDR must be specified', stage: 1 }];
  const cidr = parseCidr(pool.cidr);
  if (cidr === null) {
    return [{ field, value: pool.cidr, reason: 'IPPool CIDR must be a valid subnet', stage: 1 }];
  }
  // From here on Calico reports the normalised CIDR (cidr.String()), even for the masking error.
  const normalized = cidr.canonical;
  const errors: CalicoFieldError[] = [];
  const err = (f: string, value: string | number, reason: string) =>
    errors.push({ field: f, value, reason, stage: 1 });
  const blockSize = pool.blockSize === 0 ? (cidr.kind === 'ipv4' ? 26 : 122) : pool.blockSize;
  if (cidr.kind === 'ipv4' && (blockSize > 32 || blockSize < 20)) {
    err('IPPool.Spec.BlockSize', blockSize, 'IPv4 block size must be between 20 and 32');
  } else if (cidr.kind === 'ipv6' && (blockSize > 128 || blockSize < 116)) {
    err('IPPool.Spec.BlockSize', blockSize, 'IPv6 block size must be between 116 and 128');
  }
  if (!pool.disabled && cidr.prefix > blockSize) {
    err(
      field,
      normalized,
      'IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.',
    );
  }
  for (const other of existing) {
    if (other.name === pool.name || parseCidr(other.cidr) === null) continue;
    if (cidrsOverlap(other.cidr, normalized)) {
      err(
        field,
        normalized,
        `IPPool(${pool.name}) CIDR overlaps with IPPool(${other.name}) CIDR ${other.cidr}`,
      );
    }
  }
  const ipipMode = pool.ipipMode === '' ? 'Never' : pool.ipipMode;
  const vxlanMode = pool.vxlanMode === '' ? 'Never' : pool.vxlanMode;
  if (vxlanMode !== 'Never' && ipipMode !== 'Never') {
    err('IPPool.Spec.VXLANMode', vxlanMode, 'Cannot enable both VXLAN and IPIP on the same IPPool');
  }
  if (cidr.kind === 'ipv6' && ipipMode !== 'Never') {
    err('IPPool.Spec.IPIPMode', ipipMode, 'IPIP is not supported on an IPv6 IP pool');
  }
  if (cidr.hostBitsSet) err(field, normalized, 'IPPool CIDR is not strictly masked');
  if (cidr.kind === 'ipv4' && cidrsOverlap(normalized, V4_LINK_LOCAL)) {
    err(field, normalized, 'IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16');
  }
  if (cidr.kind === 'ipv6' && cidrsOverlap(normalized, V6_LINK_LOCAL)) {
    err(field, normalized, 'IPPool CIDR overlaps with IPv6 Link Local range fe80::/10');
  }
  return errors;
}

/** validator.go extractReason for a failed tag (note Calico's trailing space). */
function tagReason(field: string, tag: string): string {
  return `failed to validate Field: ${field} because of Tag: ${tag} `;
}

/** Stage 2: the struct validator (ObjectMeta, field tags in struct order, then validateIPPoolSpec). */
function structStageErrors(pool: IPPool): CalicoFieldError[] {
  const errors: CalicoFieldError[] = [];
  const err = (field: string, value: string | number, reason: string) =>
    errors.push({ field, value, reason, stage: 2 });
  if (pool.name.length > NAME_MAX) {
    err('Metadata.Name', pool.name, `name is too long by ${pool.name.length - NAME_MAX} bytes`);
  }
  if (!NAME_RE.test(pool.name)) {
    err(
      'Metadata.Name',
      pool.name,
      `name must consist of lower case alphanumeric characters, '-' or '.' (regex: ${NAME_FMT})`,
    );
  }
  if (pool.vxlanMode !== '' && !MODE_RE.test(pool.vxlanMode)) {
    err('VXLANMode', pool.vxlanMode, tagReason('VXLANMode', 'vxlanMode'));
  }
  if (pool.ipipMode !== '' && !MODE_RE.test(pool.ipipMode)) {
    err('IPIPMode', pool.ipipMode, tagReason('IPIPMode', 'ipIpMode'));
  }
  if (!isBlankSelector(pool.nodeSelector) && !parseSelector(pool.nodeSelector).ok) {
    err('NodeSelector', pool.nodeSelector, tagReason('NodeSelector', 'selector'));
  }
  for (const use of pool.allowedUses) {
    if (use !== 'Workload' && use !== 'Tunnel') {
      // Go prints the []IPPoolAllowedUse value with %v: `[Workload Foo]`.
      err('IPpool.AllowedUses', `[${pool.allowedUses.join(' ')}]`, `unknown use: ${use}`);
    }
  }
  return errors;
}

/**
 * The field errors calicoctl reports when creating `pool` next to `existing` pools (a pool with the
 * same name is skipped, as Calico does). By default only the first failing stage, like calicoctl;
 * `allStages` adds the stage-2 errors calicoctl would print after the stage-1 ones were fixed.
 */
export function ipPoolFieldErrors(
  pool: IPPool,
  existing: readonly IPPool[] = [],
  options: { allStages?: boolean } = {},
): CalicoFieldError[] {
  const first = defaultsStageErrors(pool, existing);
  if (first.length > 0 && !options.allStages) return first;
  return [...first, ...structStageErrors(pool)];
}

/**
 * calicoctl's validation messages for one pool, in its order and wording (reference §2). Empty = valid.
 * Stage-1 errors are given as their reason (`IPPool CIDR is not strictly masked`); stage-2 errors, whose
 * reason does not name the field, as the full field text:
 * `error with field NodeSelector = 'rack == 0' (failed to validate Field: NodeSelector because of Tag: selector )`.
 */
export function validateIPPool(pool: IPPool, existing: readonly IPPool[] = []): string[] {
  return ipPoolFieldErrors(pool, existing).map((e) =>
    e.stage === 1 ? e.reason : `error with field ${formatFieldError(e)}`,
  );
}
