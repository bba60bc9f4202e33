/**
 * Legacy (non-aggregated) discovery, which kubectl v1.32 and client-node accept when answered with
 * plain `application/json` (docs/reference-facts.md, kube-api-emulation, "Connection"): `/api` APIVersions,
 * `/apis` APIGroupList, `/api/v1` and `/apis/G/V` APIResourceList with subresources listed as
 * `pods/exec`, `pods/log`, `deployments/scale`…, for the cluster's Kubernetes minor version (served.ts):
 * kubectl maps a manifest's apiVersion/kind through discovery, so a version no longer served gives
 * its `no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"`.
 */
import { groupVersion, RESOURCE_TYPES, servedGroupVersions } from '../store/resources.ts';
import type { ResourceType } from '../store/types.ts';
import { isServed } from './served.ts';

function servedVersions(minor: number): { group: string; version: string }[] {
  return servedGroupVersions().filter((gv) =>
    RESOURCE_TYPES.some((rt) => rt.group === gv.group && rt.version === gv.version && isServed(rt, minor)),
  );
}

/** GA before beta before alpha, as the apiserver orders a group's versions (the first is preferred). */
function stability(version: string): number {
  return /alpha/.test(version) ? 2 : /beta/.test(version) ? 1 : 0;
}

/** minikube's apiserver address as the control-plane node sees it. */
const SERVER_ADDRESS = '192.168.49.2:8443';

export function versionInfo(gitVersion: string): Record<string, string> {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: m?.[1] ?? '1',
    minor: m?.[2] ?? '0',
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-08-13T07:28:49Z',
    goVersion: 'go1.22.5',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: SERVER_ADDRESS }],
  };
}

function apiGroup(group: string, minor: number): Record<string, unknown> | undefined {
  const versions = servedVersions(minor)
    .filter((gv) => gv.group === group)
    .sort((a, b) => stability(a.version) - stability(b.version))
    .map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
  if (versions.length === 0) return undefined;
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(minor: number): Record<string, unknown> {
  const groups = [...new Set(servedVersions(minor).map((gv) => gv.group))].filter(Boolean);
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => apiGroup(g, minor)) };
}

export function apiGroupDocument(group: string, minor: number): Record<string, unknown> | undefined {
  const g = apiGroup(group, minor);
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...g };
}

/** Discovery entries of one subresource (verbs and kinds as the real apiserver lists them). */
function subresourceEntry(rt: ResourceType, sub: string): Record<string, unknown> {
  const base = { name: `${rt.plural}/${sub}`, singularName: '', namespaced: rt.namespaced };
  switch (sub) {
    case 'exec':
      return { ...base, kind: 'PodExecOptions', verbs: ['create', 'get'] };
    case 'log':
      return { ...base, kind: 'Pod', verbs: ['get'] };
    case 'scale':
      return {
        ...base,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      };
    default:
      return { ...base, kind: rt.kind, verbs: ['get', 'patch', 'update'] };
  }
}

export function apiResourceList(group: string, version: string, minor: number): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  for (const rt of RESOURCE_TYPES) {
    if (rt.group !== group || rt.version !== version || !isServed(rt, minor)) continue;
    resources.push({
      name: rt.plural,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: rt.verbs,
      ...(rt.shortNames ? { shortNames: rt.shortNames } : {}),
      ...(rt.categories ? { categories: rt.categories } : {}),
    });
    for (const sub of rt.subresources ?? []) resources.push(subresourceEntry(rt, sub));
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources,
  };
}
