/**
 * Which API versions a Kubernetes version serves. Removed versions follow the deprecation guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/#v1-25): policy/v1beta1
 * PodDisruptionBudget and PodSecurityPolicy are deprecated in v1.21 and no longer served from v1.25.
 * A request to a deprecated version still served gets the apiserver's deprecation warning
 * (k8s.io/apiserver/pkg/endpoints/deprecation: `policy/v1beta1 PodDisruptionBudget is deprecated in
 * v1.21+, unavailable in v1.25+; use policy/v1 PodDisruptionBudget`).
 */
import type { ResourceType } from '../store/types.ts';

interface Lifecycle {
  group: string;
  version: string;
  kind: string;
  deprecatedIn: number;
  removedIn: number;
  replacement?: string;
}

const LIFECYCLES: readonly Lifecycle[] = [
  {
    group: 'policy',
    version: 'v1beta1',
    kind: 'PodDisruptionBudget',
    deprecatedIn: 21,
    removedIn: 25,
    replacement: 'policy/v1 PodDisruptionBudget',
  },
  { group: 'policy', version: 'v1beta1', kind: 'PodSecurityPolicy', deprecatedIn: 21, removedIn: 25 },
];

function lifecycleOf(rt: Pick<ResourceType, 'group' | 'version' | 'kind'>): Lifecycle | undefined {
  return LIFECYCLES.find((l) => l.group === rt.group && l.version === rt.version && l.kind === rt.kind);
}

export function isServed(rt: Pick<ResourceType, 'group' | 'version' | 'kind'>, minor: number): boolean {
  const l = lifecycleOf(rt);
  return !l || minor < l.removedIn;
}

export function deprecationWarning(rt: ResourceType, minor: number): string | undefined {
  const l = lifecycleOf(rt);
  if (!l || minor < l.deprecatedIn) return undefined;
  const gv = `${rt.group}/${rt.version}`;
  return `${gv} ${rt.kind} is deprecated in v1.${l.deprecatedIn}+, unavailable in v1.${l.removedIn}+${
    l.replacement ? `; use ${l.replacement}` : ''
  }`;
}
