/**
 * Calico IPAM (calico-ipam CNI) over the emulator's store, faithful to libcalico-go's
 * `autoAssign` / `ReleaseByHandle` / `ReleasePoolAffinities` (docs/reference-facts.md, calico-ippool §5-7). State lives
 * in the store as Calico keeps it: IPAMBlocks, BlockAffinities and IPAMHandles.
 */
import { cidrContains, nthAddress, parseCidr } from '../../calico/cidr.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';
import { poolBlocks } from './block-generator.ts';
import {
  type AllocationAttribute,
  affinityName,
  assignFromBlock,
  BLOCKAFFINITIES,
  type BlockSpec,
  blockSpec,
  dashed,
  freeCount,
  hostAffinity,
  IPAMBLOCKS,
  IPAMHANDLES,
  isEmpty,
  newAffinityObject,
  newBlockObject,
  newHandleObject,
  releaseHandleFromBlock,
} from './blocks.ts';
import { IPPOOLS, listPools, type PoolView, poolSelectsNode } from './pools.ts';

export type IpamResult = { ok: true; ip: string; pool: string; block: string } | { ok: false; error: string };

export const POD_POOLS_ANNOTATION = 'cni.projectcalico.org/ipv4pools';
export const CONTAINER_ID_ANNOTATION = 'cni.projectcalico.org/containerID';

type Use = 'Workload' | 'Tunnel';

interface AssignRequest {
  node: string;
  handleId: string;
  secondary: Record<string, string>;
  /** Pool names or CIDRs (annotation / tunnel pools); used unconditionally, ignoring nodeSelector. */
  requestedPools?: string[];
  use: Use;
}

/** The handle Calico's CNI plugin uses for a pod: `k8s-pod-network.<sandbox container id>`. */
export function podHandleId(pod: KubeObject): string {
  const id = pod.metadata.annotations?.[CONTAINER_ID_ANNOTATION] ?? pod.metadata.uid ?? pod.metadata.name;
  return `k8s-pod-network.${id}`;
}

export function tunnelHandleId(node: string): string {
  return `ipip-tunnel-addr-${node}`;
}

function nodeLabels(store: ClusterStore, node: string): Record<string, string> | undefined {
  const obj = store.get('nodes', undefined, node);
  return obj ? (obj.metadata.labels ?? {}) : undefined;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** cni-plugin `ResolvePools`: names or CIDRs -> network CIDRs. */
function resolveRequestedPools(
  requested: string[],
  all: PoolView[],
): { ok: true; cidrs: string[] } | { ok: false; error: string } {
  const cidrs: string[] = [];
  for (const p of requested) {
    const parsed = parseCidr(p);
    if (parsed) {
      cidrs.push(parsed.canonical);
      continue;
    }
    const byName = all.find((pool) => pool.name === p);
    if (!byName?.network)
      return { ok: false, error: `error parsing pool "${p}": invalid CIDR address: ${p}` };
    cidrs.push(byName.network);
  }
  return { ok: true, cidrs };
}

/** libcalico-go `determinePools`: the pools an allocation on `node` may use, or the Calico error. */
function determinePools(
  store: ClusterStore,
  req: AssignRequest,
  labels: Record<string, string>,
): { ok: true; selecting: PoolView[]; enabled: PoolView[] } | { ok: false; error: string } {
  const all = listPools(store);
  const enabled = all.filter((p) => !p.disabled && p.network !== undefined && p.blockSize <= 32);
  const bad = all.find((p) => !p.disabled && p.network === undefined);
  if (bad) return { ok: false, error: `invalid CIDR address: ${bad.cidr}` };
  if (enabled.length === 0) return { ok: false, error: 'cannot find a qualified ippool' };
  if (req.requestedPools?.length) {
    const resolved = resolveRequestedPools(req.requestedPools, all);
    if (!resolved.ok) return resolved;
    const selecting: PoolView[] = [];
    for (const cidr of resolved.cidrs) {
      const pool = enabled.find((p) => p.network === cidr);
      if (!pool) return { ok: false, error: `the given pool (${cidr}) does not exist, or is not enabled` };
      selecting.push(pool);
    }
    return { ok: true, selecting, enabled };
  }
  const selecting: PoolView[] = [];
  for (const pool of enabled) {
    try {
      if (poolSelectsNode(pool, labels)) selecting.push(pool);
    } catch (e) {
      return { ok: false, error: errorMessage(e) };
    }
  }
  return { ok: true, selecting, enabled };
}

function poolContaining(pools: PoolView[], blockCidr: string): PoolView | undefined {
  const ip = blockCidr.split('/')[0];
  return pools.find((p) => p.network !== undefined && cidrContains(p.network, ip));
}

function affineBlocks(store: ClusterStore, node: string): KubeObject[] {
  return store.list(IPAMBLOCKS).filter((b) => blockSpec(b).affinity === hostAffinity(node));
}

function blockSequenceStart(): number {
  return Date.now() * 1_000_000;
}

/** Calico `releaseBlockAffinity`: an empty block goes away with its affinity; a used one only loses the affinity. */
function releaseBlockAffinity(store: ClusterStore, block: KubeObject, requireEmpty: boolean): void {
  const spec = blockSpec(block);
  const node = spec.affinity?.startsWith('host:') ? spec.affinity.slice(5) : undefined;
  if (requireEmpty && !isEmpty(spec)) return;
  if (isEmpty(spec)) {
    store.delete(IPAMBLOCKS, undefined, block.metadata.name);
  } else {
    store.update(IPAMBLOCKS, undefined, block.metadata.name, (draft) => {
      delete draft.spec.affinity;
      draft.spec.sequenceNumber += 1;
    });
  }
  if (node && store.get(BLOCKAFFINITIES, undefined, affinityName(node, spec.cidr))) {
    store.delete(BLOCKAFFINITIES, undefined, affinityName(node, spec.cidr));
  }
}

function recordHandle(store: ClusterStore, handleId: string, blockCidr: string): void {
  const name = handleId.toLowerCase();
  if (!store.get(IPAMHANDLES, undefined, name)) {
    store.create(IPAMHANDLES, newHandleObject(handleId, blockCidr));
    return;
  }
  store.update(IPAMHANDLES, undefined, name, (draft) => {
    draft.spec.block ??= {};
    draft.spec.block[blockCidr] = (draft.spec.block[blockCidr] ?? 0) + 1;
  });
}

function assignIn(store: ClusterStore, block: KubeObject, attr: AllocationAttribute): string | undefined {
  let ip: string | undefined;
  store.update(IPAMBLOCKS, undefined, block.metadata.name, (draft) => {
    ip = assignFromBlock(draft.spec as BlockSpec, attr);
  });
  if (ip) recordHandle(store, attr.handle_id, blockSpec(block).cidr);
  return ip;
}

function claimBlock(store: ClusterStore, node: string, cidr: string): KubeObject {
  const affinity = newAffinityObject(node, cidr);
  if (!store.get(BLOCKAFFINITIES, undefined, affinity.metadata.name)) store.create(BLOCKAFFINITIES, affinity);
  const existing = store.get(IPAMBLOCKS, undefined, dashed(cidr));
  if (existing) {
    return store.update(IPAMBLOCKS, undefined, dashed(cidr), (draft) => {
      draft.spec.affinity = hostAffinity(node);
    });
  }
  return store.create(IPAMBLOCKS, newBlockObject(cidr, node, blockSequenceStart()));
}

/** libcalico-go `autoAssign` for one IPv4 address. */
function autoAssign(store: ClusterStore, req: AssignRequest): IpamResult {
  const labels = nodeLabels(store, req.node);
  if (!labels) return { ok: false, error: `resource does not exist: Node(${req.node})` };
  const determined = determinePools(store, req, labels);
  if (!determined.ok) return determined;
  const { selecting, enabled } = determined;
  if (selecting.length === 0) return { ok: false, error: `no configured Calico pools for node ${req.node}` };
  const allowed = selecting.filter((p) => p.allowedUses.includes(req.use));
  if (allowed.length === 0) {
    return {
      ok: false,
      error: `cannot find a qualified ippool, no pools match the required use (${req.use})`,
    };
  }
  const attr: AllocationAttribute = { handle_id: req.handleId, secondary: req.secondary };

  // Existing affine blocks: usable ones first; empty ones whose (still enabled) pool stopped selecting the node are released.
  const usable: KubeObject[] = [];
  for (const block of affineBlocks(store, req.node)) {
    const cidr = blockSpec(block).cidr;
    if (poolContaining(allowed, cidr)) {
      usable.push(block);
      continue;
    }
    if (poolContaining(selecting, cidr)) continue;
    const pool = poolContaining(enabled, cidr);
    if (!pool) continue; // Calico: "No pool found for block, skipping"
    let stillSelects = false;
    try {
      stillSelects = poolSelectsNode(pool, labels);
    } catch {
      continue;
    }
    if (!stillSelects) releaseBlockAffinity(store, block, true);
  }
  for (const block of usable) {
    if (freeCount(blockSpec(block)) === 0) continue;
    const ip = assignIn(store, block, attr);
    if (ip)
      return {
        ok: true,
        ip,
        pool: poolContaining(allowed, blockSpec(block).cidr)!.name,
        block: blockSpec(block).cidr,
      };
  }

  // Claim a new block (findUsableBlock), reclaiming an empty block of another host as a last resort.
  const existing = new Map(store.list(IPAMBLOCKS).map((b) => [blockSpec(b).cidr, b]));
  const reclaimable: KubeObject[] = [];
  for (const pool of allowed) {
    for (const cidr of poolBlocks(pool.network!, pool.blockSize, req.node)) {
      const block = existing.get(cidr);
      if (!block) {
        const claimed = claimBlock(store, req.node, cidr);
        const ip = assignIn(store, claimed, attr);
        if (ip) return { ok: true, ip, pool: pool.name, block: cidr };
        continue;
      }
      const spec = blockSpec(block);
      if (spec.affinity === hostAffinity(req.node) && freeCount(spec) > 0) {
        const ip = assignIn(store, block, attr);
        if (ip) return { ok: true, ip, pool: pool.name, block: cidr };
      } else if (isEmpty(spec) && freeCount(spec) > 0) {
        reclaimable.push(block);
      }
    }
  }
  for (const block of reclaimable) {
    releaseBlockAffinity(store, block, true);
    const cidr = blockSpec(block).cidr;
    const ip = assignIn(store, claimBlock(store, req.node, cidr), attr);
    if (ip) return { ok: true, ip, pool: poolContaining(allowed, cidr)!.name, block: cidr };
  }

  // strictAffinity is false by default: borrow from any block of the allowed pools.
  for (const block of store.list(IPAMBLOCKS)) {
    const spec = blockSpec(block);
    const pool = poolContaining(allowed, spec.cidr);
    if (!pool || freeCount(spec) === 0) continue;
    const ip = assignIn(store, block, attr);
    if (ip) return { ok: true, ip, pool: pool.name, block: spec.cidr };
  }
  return { ok: false, error: 'Assigned 0 out of 1 requested IPv4 addresses' };
}

/** Pools requested by annotation: the pod's own, else its namespace's (docs/reference-facts.md, calico-ippool §6). */
function requestedPoolsFor(
  store: ClusterStore,
  pod: KubeObject,
): { ok: true; pools?: string[] } | { ok: false; error: string } {
  const podValue = pod.metadata.annotations?.[POD_POOLS_ANNOTATION];
  const nsValue =
    podValue === undefined
      ? store.get('namespaces', undefined, pod.metadata.namespace ?? 'default')?.metadata.annotations?.[
          POD_POOLS_ANNOTATION
        ]
      : undefined;
  const raw = podValue ?? nsValue;
  if (raw === undefined) return { ok: true };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string'))
      throw new Error('not a list of strings');
    return { ok: true, pools: parsed };
  } catch (e) {
    return { ok: false, error: `failed to parse '${raw}' as JSON: ${errorMessage(e)}` };
  }
}

/** Host-local IPAM with `usePodCidr` (the hostLocalIpam fault): sequential from the node podCIDR. */
const hostLocalState = new WeakMap<ClusterStore, Map<string, { last: number; used: Map<string, number> }>>();

function assignHostLocal(store: ClusterStore, pod: KubeObject, node: string): IpamResult {
  const nodeObj = store.get('nodes', undefined, node);
  const podCidr: string | undefined = nodeObj?.spec?.podCIDR;
  const parsed = podCidr ? parseCidr(podCidr) : null;
  if (!parsed)
    return { ok: false, error: `failed to allocate for range 0: no IP addresses available in range set` };
  let perStore = hostLocalState.get(store);
  if (!perStore) {
    perStore = new Map();
    hostLocalState.set(store, perStore);
  }
  let state = perStore.get(node);
  if (!state) {
    state = { last: 1, used: new Map() };
    perStore.set(node, state);
  }
  const size = 2 ** (32 - parsed.prefix);
  const key = podHandleId(pod);
  const taken = new Set(state.used.values());
  // Range .2 .. broadcast-1: host-local reserves .1 as the default gateway and continues after the last reserved IP.
  const usable = size - 3;
  for (let step = 1; step <= usable; step++) {
    const index = ((state.last - 2 + step) % usable) + 2;
    if (taken.has(index)) continue;
    state.last = index;
    state.used.set(key, index);
    return { ok: true, ip: nthAddress(parsed.canonical, index), pool: 'host-local', block: parsed.canonical };
  }
  return {
    ok: false,
    error: `failed to allocate for range 0: no IP addresses available in range set: ${podCidr}`,
  };
}

function releaseHostLocal(store: ClusterStore, pod: KubeObject): void {
  const key = podHandleId(pod);
  for (const state of hostLocalState.get(store)?.values() ?? []) state.used.delete(key);
}

/** CNI ADD for a pod on `nodeName`. */
export function assignPodIp(
  store: ClusterStore,
  pod: KubeObject,
  nodeName: string,
  opts: { hostLocal: boolean },
): IpamResult {
  if (opts.hostLocal) return assignHostLocal(store, pod, nodeName);
  const requested = requestedPoolsFor(store, pod);
  if (!requested.ok) return requested;
  return autoAssign(store, {
    node: nodeName,
    handleId: podHandleId(pod),
    secondary: {
      namespace: pod.metadata.namespace ?? 'default',
      node: nodeName,
      pod: pod.metadata.name,
      timestamp: goTimestamp(new Date()),
    },
    requestedPools: requested.pools,
    use: 'Workload',
  });
}

/** Go's time.Time String() in UTC, as Calico writes it into allocation attributes. */
function goTimestamp(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000000 +0000 UTC`;
}

/** Calico `ReleaseByHandle`: frees every address of the handle and deletes it. */
export function releaseByHandle(store: ClusterStore, handleId: string): string[] {
  const handle = store.get(IPAMHANDLES, undefined, handleId.toLowerCase());
  const hinted = new Set(Object.keys(handle?.spec?.block ?? {}));
  const released: string[] = [];
  for (const block of store.list(IPAMBLOCKS)) {
    const spec = blockSpec(block);
    if (hinted.size && !hinted.has(spec.cidr)) continue;
    if (!spec.attributes.some((a) => a.handle_id === handleId)) continue;
    let afterRelease: BlockSpec | undefined;
    store.update(IPAMBLOCKS, undefined, block.metadata.name, (draft) => {
      released.push(...releaseHandleFromBlock(draft.spec as BlockSpec, handleId));
      afterRelease = draft.spec as BlockSpec;
    });
    // An empty block nobody is affine to any more is deleted (releaseIPsFromBlock).
    if (afterRelease && isEmpty(afterRelease) && !afterRelease.affinity) {
      store.delete(IPAMBLOCKS, undefined, block.metadata.name);
    }
  }
  if (handle) store.delete(IPAMHANDLES, undefined, handle.metadata.name);
  return released;
}

/** CNI DEL: the pod's address goes back to the tail of its block's unallocated list. */
export function releasePodIp(store: ClusterStore, pod: KubeObject): void {
  releaseHostLocal(store, pod);
  releaseByHandle(store, podHandleId(pod));
}

/** The node's current tunnel address (from its IPAM handle), if any. */
export function currentTunnelIp(store: ClusterStore, node: string): string | undefined {
  const handleId = tunnelHandleId(node);
  for (const block of store.list(IPAMBLOCKS)) {
    const spec = blockSpec(block);
    const attrIndex = spec.attributes.findIndex((a) => a.handle_id === handleId);
    if (attrIndex < 0) continue;
    const ordinal = spec.allocations.indexOf(attrIndex);
    if (ordinal >= 0) return nthAddress(spec.cidr, ordinal);
  }
  return undefined;
}

/** Enabled IPIP pools selecting the node: where calico-node's allocateip takes tunl0's address. */
function tunnelPools(store: ClusterStore, node: string): PoolView[] {
  const labels = nodeLabels(store, node) ?? {};
  return listPools(store).filter((p) => {
    if (p.disabled || !p.network || p.ipipMode === 'Never') return false;
    try {
      return poolSelectsNode(p, labels);
    } catch {
      return false;
    }
  });
}

/**
 * calico-node `allocateip` for IPIP: keeps the current tunnel address while it lies in a valid
 * IPIP pool selecting the node, else releases it and assigns a new one (docs/reference-facts.md, calico-ippool §7).
 * Returns the tunnel address, or undefined when no IPIP pool selects the node.
 */
export function assignTunnelIp(store: ClusterStore, nodeName: string): string | undefined {
  const pools = tunnelPools(store, nodeName);
  const current = currentTunnelIp(store, nodeName);
  if (current && pools.some((p) => cidrContains(p.network!, current))) return current;
  if (current) releaseByHandle(store, tunnelHandleId(nodeName));
  if (pools.length === 0) return undefined;
  const result = autoAssign(store, {
    node: nodeName,
    handleId: tunnelHandleId(nodeName),
    secondary: { node: nodeName, type: 'ipipTunnelAddress' },
    requestedPools: pools.map((p) => p.network!),
    use: 'Tunnel',
  });
  return result.ok ? result.ip : undefined;
}

/**
 * What `calicoctl delete ippool` does before deleting the pool (docs/reference-facts.md, calico-ippool §7): disable it,
 * then release every block affinity in it — empty blocks are deleted with their BlockAffinity,
 * blocks still holding addresses keep them but lose the affinity.
 */
export function releasePoolAffinities(store: ClusterStore, poolName: string): void {
  const pool = store.get(IPPOOLS, undefined, poolName);
  if (!pool) return;
  if (pool.spec?.disabled !== true) {
    store.update(IPPOOLS, undefined, poolName, (draft) => {
      draft.spec = { ...(draft.spec ?? {}), disabled: true };
    });
  }
  const network = parseCidr(String(pool.spec?.cidr ?? ''))?.canonical;
  if (!network) return;
  for (const block of store.list(IPAMBLOCKS)) {
    const spec = blockSpec(block);
    if (!spec.affinity || !cidrContains(network, spec.cidr.split('/')[0])) continue;
    releaseBlockAffinity(store, block, false);
  }
}
