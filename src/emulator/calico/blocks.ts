/**
 * IPAMBlock / BlockAffinity / IPAMHandle objects exactly as Calico's KDD backend stores them
 * (docs/reference-facts.md, calico-ippool §4), plus the pure block operations Calico performs on them
 * (libcalico-go ipam_block.go: assign from the head of `unallocated`, release to its tail).
 */
import { addressIndex, nthAddress } from '../../calico/cidr.ts';
import type { KubeObject } from '../store/types.ts';

export const IPAMBLOCKS = 'crd.projectcalico.org/ipamblocks';
export const BLOCKAFFINITIES = 'crd.projectcalico.org/blockaffinities';
export const IPAMHANDLES = 'crd.projectcalico.org/ipamhandles';

/** Written by Calico's KDD client on every object it creates. */
export const CALICO_METADATA_ANNOTATION = { 'projectcalico.org/metadata': '{"creationTimestamp":null}' };

export interface AllocationAttribute {
  handle_id: string;
  secondary: Record<string, string>;
}

export interface BlockSpec {
  cidr: string;
  affinity?: string | null;
  allocations: (number | null)[];
  attributes: AllocationAttribute[];
  unallocated: number[];
  deleted: boolean;
  strictAffinity: boolean;
  sequenceNumber: number;
  sequenceNumberForAllocation: Record<string, number>;
}

/** `10.244.120.64/26` -> `10-244-120-64-26`. */
export function dashed(cidr: string): string {
  return cidr.replace(/[./:]/g, '-');
}

export function affinityName(node: string, cidr: string): string {
  return `${node}-${dashed(cidr)}`;
}

export function hostAffinity(node: string): string {
  return `host:${node}`;
}

export function newBlockObject(cidr: string, node: string | null, sequenceNumber: number): KubeObject {
  const size = 2 ** (32 - Number(cidr.split('/')[1]));
  const spec: BlockSpec = {
    cidr,
    affinity: node === null ? null : hostAffinity(node),
    allocations: Array.from({ length: size }, () => null),
    attributes: [],
    unallocated: Array.from({ length: size }, (_, i) => i),
    deleted: false,
    strictAffinity: false,
    sequenceNumber,
    sequenceNumberForAllocation: {},
  };
  return {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'IPAMBlock',
    metadata: { name: dashed(cidr), annotations: { ...CALICO_METADATA_ANNOTATION } },
    spec,
  };
}

export function newAffinityObject(node: string, cidr: string): KubeObject {
  return {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'BlockAffinity',
    metadata: { name: affinityName(node, cidr), annotations: { ...CALICO_METADATA_ANNOTATION } },
    spec: { cidr, node, state: 'confirmed', deleted: 'false' },
  };
}

export function newHandleObject(handleId: string, blockCidr: string): KubeObject {
  return {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'IPAMHandle',
    metadata: { name: handleId.toLowerCase(), annotations: { ...CALICO_METADATA_ANNOTATION } },
    spec: { handleID: handleId, block: { [blockCidr]: 1 }, deleted: false },
  };
}

export function blockSpec(obj: KubeObject): BlockSpec {
  return obj.spec as BlockSpec;
}

export function freeCount(spec: BlockSpec): number {
  return spec.unallocated.length;
}

export function isEmpty(spec: BlockSpec): boolean {
  return spec.allocations.every((a) => a === null || a === undefined);
}

/** Takes the ordinal at the head of `unallocated`; mutates the spec. Returns the address, or undefined when full. */
export function assignFromBlock(spec: BlockSpec, attr: AllocationAttribute): string | undefined {
  const ordinal = spec.unallocated.shift();
  if (ordinal === undefined) return undefined;
  let index = spec.attributes.findIndex(
    (a) => a.handle_id === attr.handle_id && JSON.stringify(a.secondary) === JSON.stringify(attr.secondary),
  );
  if (index < 0) {
    spec.attributes.push(attr);
    index = spec.attributes.length - 1;
  }
  spec.allocations[ordinal] = index;
  spec.sequenceNumberForAllocation = {
    ...(spec.sequenceNumberForAllocation ?? {}),
    [String(ordinal)]: spec.sequenceNumber,
  };
  spec.sequenceNumber += 1;
  return nthAddress(spec.cidr, ordinal);
}

/**
 * Releases every address held by `handleId` in the block: ordinals go to the BACK of `unallocated`
 * (so a freed IP is not reused at once), and attributes nobody references any more are dropped with
 * the remaining allocation indexes renumbered. Returns the released addresses.
 */
export function releaseHandleFromBlock(spec: BlockSpec, handleId: string): string[] {
  const released: string[] = [];
  spec.allocations.forEach((attrIndex, ordinal) => {
    if (attrIndex === null || attrIndex === undefined) return;
    if (spec.attributes[attrIndex]?.handle_id !== handleId) return;
    spec.allocations[ordinal] = null;
    spec.unallocated.push(ordinal);
    if (spec.sequenceNumberForAllocation) delete spec.sequenceNumberForAllocation[String(ordinal)];
    released.push(nthAddress(spec.cidr, ordinal));
  });
  if (released.length === 0) return released;
  const used = new Set(spec.allocations.filter((a): a is number => a !== null && a !== undefined));
  const remap = new Map<number, number>();
  const kept: AllocationAttribute[] = [];
  spec.attributes.forEach((a, i) => {
    if (!used.has(i)) return;
    remap.set(i, kept.length);
    kept.push(a);
  });
  spec.attributes = kept;
  spec.allocations = spec.allocations.map((a) =>
    a === null || a === undefined ? null : (remap.get(a) ?? null),
  );
  spec.sequenceNumber += 1;
  return released;
}

/** The handle holding `ip` in this block, if any. */
export function handleOfAddress(spec: BlockSpec, ip: string): string | undefined {
  const ordinal = addressIndex(spec.cidr, ip);
  if (ordinal < 0) return undefined;
  const attrIndex = spec.allocations[ordinal];
  return attrIndex === null || attrIndex === undefined ? undefined : spec.attributes[attrIndex]?.handle_id;
}
