/**
 * A calicoctl pod matching the cluster's Calico version, as Calico's own calicoctl.yaml makes it
 * (docs/reference-facts.md, calico-manifests §2): ServiceAccount, ClusterRole, ClusterRoleBinding and a host-network pod
 * in kube-system. The grader builds it from the version it read off the calico-node image, because
 * minikube's bundled Calico (v3.20 in old minikubes) may have no matching published manifest.
 */
export const CALICOCTL_POD = 'calicoctl';
export const CALICOCTL_NAMESPACE = 'kube-system';
/**
 * The submission's pools reach calicoctl as files, not stdin: exec stdin can be closed only over
 * v5.channel.k8s.io, which API servers below Kubernetes 1.30 do not offer (docs/reference-facts.md,
 * kube-api-emulation, "kubectl exec"). This ConfigMap is mounted read-only at POOLS_DIR in the pod.
 */
export const POOLS_CONFIGMAP = 'calicoctl-pools';
export const POOLS_DIR = '/pools';

const CALICO_CRDS = [
  'bgppeers',
  'bgpconfigurations',
  'clusterinformations',
  'felixconfigurations',
  'globalnetworkpolicies',
  'globalnetworksets',
  'ippools',
  'ipreservations',
  'kubecontrollersconfigurations',
  'networkpolicies',
  'networksets',
  'hostendpoints',
  'ipamblocks',
  'blockaffinities',
  'ipamhandles',
  'ipamconfigs',
];

/** `docker.io/calico/node:v3.28.1` -> `v3.28.1` */
export function calicoVersionFromImage(image: string): string | undefined {
  return /:(v\d+\.\d+\.\d+[\w.-]*)$/.exec(image)?.[1];
}

/** calico/ctl image for a version; quay.io from v3.31 as the upstream manifest has it. */
export function calicoctlImage(version: string): string {
  const [maj, min] = version.replace(/^v/, '').split('.').map(Number);
  return (maj ?? 3) > 3 || ((maj ?? 3) === 3 && (min ?? 0) >= 31)
    ? `quay.io/calico/ctl:${version}`
    : `docker.io/calico/ctl:${version}`;
}

/** The pools ConfigMap holding `files` (file name → manifest text). */
export function poolsConfigMap(files: Record<string, string>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: POOLS_CONFIGMAP, namespace: CALICOCTL_NAMESPACE },
    data: files,
  };
}

/** Whether a pod mounts the pools ConfigMap at POOLS_DIR (an existing pod reused may not). */
export function mountsPools(pod: {
  spec?: {
    volumes?: { name: string; configMap?: { name?: string } }[];
    containers?: { name: string; volumeMounts?: { name: string; mountPath: string }[] }[];
  };
}): boolean {
  const volume = pod.spec?.volumes?.find((v) => v.configMap?.name === POOLS_CONFIGMAP)?.name;
  const container = pod.spec?.containers?.find((c) => c.name === CALICOCTL_POD);
  return (
    volume !== undefined &&
    (container?.volumeMounts ?? []).some((m) => m.name === volume && m.mountPath === POOLS_DIR)
  );
}

/**
 * The calicoctl objects; with `poolFiles`, the pools ConfigMap comes first, so that the pod starts
 * with the files in place (a ConfigMap changed later reaches a running pod only after the
 * kubelet's next sync, up to a minute or so).
 */
export function calicoctlObjects(
  version: string,
  poolFiles?: Record<string, string>,
): Record<string, unknown>[] {
  const meta = { name: CALICOCTL_POD, namespace: CALICOCTL_NAMESPACE };
  return [
    ...(poolFiles ? [poolsConfigMap(poolFiles)] : []),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: CALICOCTL_POD },
      rules: [
        { apiGroups: [''], resources: ['namespaces', 'nodes'], verbs: ['get', 'list', 'update'] },
        { apiGroups: [''], resources: ['nodes/status'], verbs: ['update'] },
        { apiGroups: [''], resources: ['pods', 'serviceaccounts'], verbs: ['get', 'list'] },
        { apiGroups: [''], resources: ['pods/status'], verbs: ['update'] },
        {
          apiGroups: ['crd.projectcalico.org'],
          resources: CALICO_CRDS,
          verbs: ['create', 'get', 'list', 'update', 'delete'],
        },
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: CALICOCTL_POD },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CALICOCTL_POD },
      subjects: [{ kind: 'ServiceAccount', name: CALICOCTL_POD, namespace: CALICOCTL_NAMESPACE }],
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta,
      spec: {
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        hostNetwork: true,
        serviceAccountName: CALICOCTL_POD,
        containers: [
          {
            name: CALICOCTL_POD,
            image: calicoctlImage(version),
            // `calicoctl` through PATH works on every calico/ctl image; `/calicoctl` does not exist from v3.28.
            command: ['calicoctl'],
            args: ['version', '--poll=1m'],
            env: [{ name: 'DATASTORE_TYPE', value: 'kubernetes' }],
            volumeMounts: [{ name: 'pools', mountPath: POOLS_DIR, readOnly: true }],
          },
        ],
        // optional: the pod starts without the ConfigMap too (then /pools is empty).
        volumes: [{ name: 'pools', configMap: { name: POOLS_CONFIGMAP, optional: true } }],
      },
    },
  ];
}
