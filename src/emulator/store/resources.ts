/**
 * The served resource table: the single source for routing (src/emulator/api/routes.ts) and
 * discovery (src/emulator/api/discovery.ts). Short names, verbs, subresources and categories
 * follow what a v1.24-v1.31 apiserver reports in `kubectl api-resources`.
 */
import type { ResourceType } from './types.ts';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
/** Nodes, namespaces and services cannot be removed in bulk through the real API. */
const NO_COLLECTION_DELETE = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

interface Spec {
  plural: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  subresources?: string[];
  categories?: string[];
  verbs?: string[];
  singular?: string;
}

function groupOf(group: string, version: string, specs: Spec[]): ResourceType[] {
  return specs.map((s) => ({
    group,
    version,
    plural: s.plural,
    singular: s.singular ?? s.kind.toLowerCase(),
    kind: s.kind,
    listKind: `${s.kind}List`,
    namespaced: s.namespaced,
    verbs: s.verbs ?? ALL_VERBS,
    ...(s.shortNames ? { shortNames: s.shortNames } : {}),
    ...(s.subresources ? { subresources: s.subresources } : {}),
    ...(s.categories ? { categories: s.categories } : {}),
  }));
}

const core = groupOf('', 'v1', [
  {
    plural: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
    verbs: NO_COLLECTION_DELETE,
  },
  { plural: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: ['status'] },
  {
    plural: 'pods',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    subresources: ['status', 'exec', 'log'],
    categories: ['all'],
  },
  {
    plural: 'services',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    subresources: ['status'],
    categories: ['all'],
    verbs: NO_COLLECTION_DELETE,
  },
  { plural: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'], singular: 'endpoints' },
  { plural: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'] },
  { plural: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
  { plural: 'secrets', kind: 'Secret', namespaced: true },
  { plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
]);

const apps = groupOf('apps', 'v1', [
  {
    plural: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    subresources: ['status', 'scale'],
    categories: ['all'],
  },
  {
    plural: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    subresources: ['status', 'scale'],
    categories: ['all'],
  },
  {
    plural: 'daemonsets',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    subresources: ['status'],
    categories: ['all'],
  },
  {
    plural: 'statefulsets',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    subresources: ['status', 'scale'],
    categories: ['all'],
  },
]);

const discovery = groupOf('discovery.k8s.io', 'v1', [
  { plural: 'endpointslices', kind: 'EndpointSlice', namespaced: true },
]);

const networking = groupOf('networking.k8s.io', 'v1', [
  { plural: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true, shortNames: ['netpol'] },
]);

/** calico.yaml ships a PodDisruptionBudget for calico-kube-controllers. */
const policy = groupOf('policy', 'v1', [
  {
    plural: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: ['status'],
  },
]);

/**
 * policy/v1beta1 as Kubernetes served it until v1.25 (calico.yaml of v3.20 still declares its
 * PodDisruptionBudget there): src/emulator/api/served.ts hides it from v1.25 on. Listed before
 * policy/v1 so that the `policy/poddisruptionbudgets` storage is the v1 one.
 */
const policyV1beta1 = groupOf('policy', 'v1beta1', [
  {
    plural: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: ['status'],
  },
  { plural: 'podsecuritypolicies', kind: 'PodSecurityPolicy', namespaced: false, shortNames: ['psp'] },
]);

const rbac = groupOf('rbac.authorization.k8s.io', 'v1', [
  { plural: 'roles', kind: 'Role', namespaced: true },
  { plural: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  { plural: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  { plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
]);

const apiextensions = groupOf('apiextensions.k8s.io', 'v1', [
  {
    plural: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    subresources: ['status'],
    categories: ['api-extensions'],
  },
]);

const coordination = groupOf('coordination.k8s.io', 'v1', [
  { plural: 'leases', kind: 'Lease', namespaced: true },
]);

/**
 * Calico's CRDs as calico.yaml (v3.2x) defines them: all cluster-scoped except networkpolicies
 * and networksets; none declares short names or a status subresource except caliconodestatuses.
 */
const calico = groupOf('crd.projectcalico.org', 'v1', [
  { plural: 'bgpconfigurations', kind: 'BGPConfiguration', namespaced: false },
  { plural: 'bgpfilters', kind: 'BGPFilter', namespaced: false },
  { plural: 'bgppeers', kind: 'BGPPeer', namespaced: false },
  { plural: 'blockaffinities', kind: 'BlockAffinity', namespaced: false },
  { plural: 'caliconodestatuses', kind: 'CalicoNodeStatus', namespaced: false, subresources: ['status'] },
  { plural: 'clusterinformations', kind: 'ClusterInformation', namespaced: false },
  { plural: 'felixconfigurations', kind: 'FelixConfiguration', namespaced: false },
  { plural: 'globalnetworkpolicies', kind: 'GlobalNetworkPolicy', namespaced: false },
  { plural: 'globalnetworksets', kind: 'GlobalNetworkSet', namespaced: false },
  { plural: 'hostendpoints', kind: 'HostEndpoint', namespaced: false },
  { plural: 'ipamblocks', kind: 'IPAMBlock', namespaced: false },
  { plural: 'ipamconfigs', kind: 'IPAMConfig', namespaced: false },
  { plural: 'ipamhandles', kind: 'IPAMHandle', namespaced: false },
  { plural: 'ippools', kind: 'IPPool', namespaced: false },
  { plural: 'ipreservations', kind: 'IPReservation', namespaced: false },
  { plural: 'kubecontrollersconfigurations', kind: 'KubeControllersConfiguration', namespaced: false },
  { plural: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true },
  { plural: 'networksets', kind: 'NetworkSet', namespaced: true },
]);

export const RESOURCE_TYPES: readonly ResourceType[] = Object.freeze([
  ...core,
  ...apps,
  ...discovery,
  ...networking,
  ...policyV1beta1,
  ...policy,
  ...rbac,
  ...apiextensions,
  ...coordination,
  ...calico,
]);

/** `pods`, `apps/deployments`: how the store names a resource type. */
export function resourceRef(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.plural}` : rt.plural;
}

/** `v1`, `apps/v1`. */
export function groupVersion(rt: Pick<ResourceType, 'group' | 'version'>): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** Served group versions in discovery order, core first. */
export function servedGroupVersions(): { group: string; version: string }[] {
  const seen = new Set<string>();
  const out: { group: string; version: string }[] = [];
  for (const rt of RESOURCE_TYPES) {
    const key = groupVersion(rt);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ group: rt.group, version: rt.version });
  }
  return out;
}

const byRef = new Map<string, ResourceType>();
const byGroupVersionPlural = new Map<string, ResourceType>();
const byApiVersionKind = new Map<string, ResourceType>();
const byBarePlural = new Map<string, ResourceType[]>();
for (const rt of RESOURCE_TYPES) {
  byRef.set(resourceRef(rt), rt);
  byGroupVersionPlural.set(`${groupVersion(rt)}/${rt.plural}`, rt);
  byApiVersionKind.set(`${groupVersion(rt)}|${rt.kind}`, rt);
  // Two versions of one resource (policy v1beta1 and v1) are one bare plural: the later one.
  const bare = (byBarePlural.get(rt.plural) ?? []).filter((o) => resourceRef(o) !== resourceRef(rt));
  bare.push(rt);
  byBarePlural.set(rt.plural, bare);
}

/**
 * Resolves `pods`, `apps/deployments`, `crd.projectcalico.org/ippools`. A bare plural of a
 * non-core resource (`deployments`) is accepted when it names exactly one served type.
 */
export function findResourceType(ref: string): ResourceType | undefined {
  const exact = byRef.get(ref);
  if (exact) return exact;
  if (ref.includes('/')) return undefined;
  const candidates = byBarePlural.get(ref);
  return candidates?.length === 1 ? candidates[0] : undefined;
}

export function findByGroupVersionPlural(
  group: string,
  version: string,
  plural: string,
): ResourceType | undefined {
  return byGroupVersionPlural.get(`${group ? `${group}/${version}` : version}/${plural}`);
}

export function findByApiVersionKind(apiVersion: string, kind: string): ResourceType | undefined {
  return byApiVersionKind.get(`${apiVersion}|${kind}`);
}

export function isServedGroupVersion(group: string, version: string): boolean {
  return RESOURCE_TYPES.some((rt) => rt.group === group && rt.version === version);
}
