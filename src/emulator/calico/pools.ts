/**
 * Calico IPPools as IPAM reads them from the store (`crd.projectcalico.org/v1` IPPool objects).
 * `kubectl apply` bypasses calicoctl's defaulting (docs/reference-facts.md, calico-ippool §2 NOTE), so the defaults are
 * applied here on read: blockSize 26, nodeSelector all(), allowedUses [Workload, Tunnel], modes Never.
 */
import { parseCidr } from '../../calico/cidr.ts';
import { selects } from '../../calico/selector.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';

export const IPPOOLS = 'crd.projectcalico.org/ippools';

export interface PoolView {
  name: string;
  /** As written in the spec. */
  cidr: string;
  /** Network/prefix, or undefined when the spec's CIDR does not parse (kubectl-applied garbage). */
  network: string | undefined;
  prefix: number;
  blockSize: number;
  disabled: boolean;
  nodeSelector: string;
  allowedUses: string[];
  ipipMode: string;
  vxlanMode: string;
}

export function poolView(obj: KubeObject): PoolView {
  const spec = obj.spec ?? {};
  const cidrText = String(spec.cidr ?? '');
  const parsed = parseCidr(cidrText);
  const v4 = parsed?.kind === 'ipv4';
  return {
    name: obj.metadata.name,
    cidr: cidrText,
    network: parsed?.canonical,
    prefix: parsed?.prefix ?? 0,
    blockSize: typeof spec.blockSize === 'number' ? spec.blockSize : v4 || !parsed ? 26 : 122,
    disabled: spec.disabled === true,
    nodeSelector:
      typeof spec.nodeSelector === 'string' && spec.nodeSelector.trim() ? spec.nodeSelector : 'all()',
    allowedUses:
      Array.isArray(spec.allowedUses) && spec.allowedUses.length ? spec.allowedUses : ['Workload', 'Tunnel'],
    ipipMode: spec.ipipMode || 'Never',
    vxlanMode: spec.vxlanMode || 'Never',
  };
}

/** All IPv4 pools in name order (the store lists cluster-scoped objects by name). */
export function listPools(store: ClusterStore): PoolView[] {
  return store
    .list(IPPOOLS)
    .map(poolView)
    .filter((p) => p.network === undefined || parseCidr(p.network)?.kind === 'ipv4');
}

/** Calico's `SelectsNode`; throws SelectorSyntaxError for an unparsable selector. */
export function poolSelectsNode(pool: PoolView, nodeLabels: Record<string, string>): boolean {
  return selects(pool.nodeSelector, nodeLabels);
}
