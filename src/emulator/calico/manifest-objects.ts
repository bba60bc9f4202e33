/**
 * The objects of a Calico manifest as the emulator creates them, from the fixture's entries
 * (calico/manifests.ts): the calico-node DaemonSet and calico-kube-controllers Deployment with their
 * images, the CRDs, ConfigMap, ServiceAccounts, RBAC and PodDisruptionBudget with what the emulator
 * needs of them. Also the same objects as one YAML stream, for the real `kubectl apply -f`.
 */
import YAML from 'yaml';
import { POD_CIDR } from '../../minikube/network.ts';
import { RESOURCE_TYPES } from '../store/resources.ts';
import type { KubeObject } from '../store/types.ts';
import { type CalicoManifest, type CalicoManifestEntry, manifestImage } from './manifests.ts';

const CRITICAL_TOLERATIONS = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
];

/** What shapes the calico-node env: minikube's template sets CALICO_IPV4POOL_CIDR in v1.29–v1.32 (minikube §2). */
export interface CalicoObjectOptions {
  /** Set CALICO_IPV4POOL_CIDR to the pod CIDR. */
  poolCidrEnv?: boolean;
}

export function calicoNodeSpec(image: string, o: CalicoObjectOptions = {}): Record<string, unknown> {
  const env = [
    { name: 'DATASTORE_TYPE', value: 'kubernetes' },
    { name: 'WAIT_FOR_DATASTORE', value: 'true' },
    { name: 'NODENAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
    {
      name: 'CALICO_NETWORKING_BACKEND',
      valueFrom: { configMapKeyRef: { key: 'calico_backend', name: 'calico-config' } },
    },
    { name: 'CLUSTER_TYPE', value: 'k8s,bgp' },
    { name: 'IP', value: 'autodetect' },
    { name: 'CALICO_IPV4POOL_IPIP', value: 'Always' },
    { name: 'CALICO_IPV4POOL_VXLAN', value: 'Never' },
    ...(o.poolCidrEnv ? [{ name: 'CALICO_IPV4POOL_CIDR', value: POD_CIDR }] : []),
    { name: 'CALICO_DISABLE_FILE_LOGGING', value: 'true' },
    { name: 'FELIX_DEFAULTENDPOINTTOHOSTACTION', value: 'ACCEPT' },
    { name: 'FELIX_IPV6SUPPORT', value: 'false' },
    { name: 'FELIX_HEALTHENABLED', value: 'true' },
  ];
  return {
    hostNetwork: true,
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'calico-node',
    terminationGracePeriodSeconds: 0,
    tolerations: [
      { effect: 'NoSchedule', operator: 'Exists' },
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { effect: 'NoExecute', operator: 'Exists' },
    ],
    containers: [
      {
        name: 'calico-node',
        image,
        env,
        readinessProbe: {
          exec: { command: ['/bin/calico-node', '-felix-ready', '-bird-ready'] },
          periodSeconds: 10,
          timeoutSeconds: 10,
          failureThreshold: 3,
          successThreshold: 1,
        },
        resources: { requests: { cpu: '250m' } },
        securityContext: { privileged: true },
      },
    ],
  };
}

export function kubeControllersSpec(image: string): Record<string, unknown> {
  return {
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    priorityClassName: 'system-cluster-critical',
    serviceAccountName: 'calico-kube-controllers',
    tolerations: CRITICAL_TOLERATIONS,
    containers: [
      {
        name: 'calico-kube-controllers',
        image,
        env: [
          { name: 'ENABLED_CONTROLLERS', value: 'node' },
          { name: 'DATASTORE_TYPE', value: 'kubernetes' },
        ],
      },
    ],
  };
}

function meta(e: CalicoManifestEntry, labels?: Record<string, string>): KubeObject['metadata'] {
  return { name: e.name, ...(e.namespace ? { namespace: e.namespace } : {}), ...(labels ? { labels } : {}) };
}

/** `ippools.crd.projectcalico.org` → its names, from the served table or the plural. */
function crdObject(e: CalicoManifestEntry): KubeObject {
  const [plural, ...rest] = e.name.split('.');
  const group = rest.join('.');
  const rt = RESOURCE_TYPES.find((r) => r.group === group && r.plural === plural);
  const singular = rt?.singular ?? plural.replace(/s$/, '');
  const kind = rt?.kind ?? singular.charAt(0).toUpperCase() + singular.slice(1);
  return {
    apiVersion: e.apiVersion,
    kind: 'CustomResourceDefinition',
    metadata: { name: e.name },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular },
      scope: (rt?.namespaced ?? false) ? 'Namespaced' : 'Cluster',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          // Calico's CRDs carry full schemas; the emulator serves its Calico types whatever the schema.
          // (The emulated API's strict decoding refuses `x-kubernetes-preserve-unknown-fields` today.)
          schema: { openAPIV3Schema: { type: 'object' } },
        },
      ],
    },
  };
}

/** One manifest object as the emulator creates it (or as `calicoManifestYaml` writes it). */
export function manifestObject(
  e: CalicoManifestEntry,
  objects: readonly CalicoManifestEntry[],
  o: CalicoObjectOptions = {},
): KubeObject {
  const base = { apiVersion: e.apiVersion, kind: e.kind };
  switch (e.kind) {
    case 'CustomResourceDefinition':
      return crdObject(e);
    case 'DaemonSet': {
      const labels = { 'k8s-app': e.name };
      const image = manifestImage(objects, e.name, 'calico/node') ?? e.images?.at(-1) ?? '';
      const spec =
        e.name === 'calico-node'
          ? calicoNodeSpec(image, o)
          : { containers: [{ name: e.name, image: e.images?.at(-1) ?? '' }] };
      return {
        ...base,
        metadata: meta(e, labels),
        spec: {
          revisionHistoryLimit: 10,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec },
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
        },
      };
    }
    case 'Deployment': {
      const labels = { 'k8s-app': e.name };
      const image = e.images?.at(-1) ?? '';
      const spec =
        e.name === 'calico-kube-controllers'
          ? kubeControllersSpec(image)
          : { containers: [{ name: e.name, image }] };
      return {
        ...base,
        metadata: meta(e, labels),
        spec: {
          replicas: 1,
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
          selector: { matchLabels: labels },
          strategy: { type: 'Recreate' },
          template: { metadata: { labels }, spec },
        },
      };
    }
    case 'ConfigMap':
      return {
        ...base,
        metadata: meta(e),
        data:
          e.name === 'calico-config'
            ? { calico_backend: 'bird', typha_service_name: 'none', veth_mtu: '0' }
            : {},
      };
    case 'PodDisruptionBudget':
      return {
        ...base,
        metadata: meta(e, { 'k8s-app': e.name }),
        spec: { maxUnavailable: 1, selector: { matchLabels: { 'k8s-app': e.name } } },
      };
    case 'ClusterRoleBinding':
    case 'RoleBinding':
      return {
        ...base,
        metadata: meta(e),
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: e.kind === 'RoleBinding' ? 'Role' : 'ClusterRole',
          name: e.name,
        },
        subjects: [{ kind: 'ServiceAccount', name: e.name, namespace: e.namespace ?? 'kube-system' }],
      };
    case 'ClusterRole':
    case 'Role':
      return { ...base, metadata: meta(e), rules: [] };
    default:
      return { ...base, metadata: meta(e) };
  }
}

/** The manifest rebuilt from its fixture as a YAML stream (documents separated by `---`). */
export function calicoManifestYaml(manifest: CalicoManifest): string {
  return manifest.objects.map((e) => YAML.stringify(manifestObject(e, manifest.objects))).join('---\n');
}
