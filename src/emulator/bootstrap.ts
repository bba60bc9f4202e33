/**
 * What `minikube start --nodes N --cni calico --container-runtime X --kubernetes-version V` leaves
 * in the API: namespaces, nodes, the kubernetes and kube-dns Services, CoreDNS, Calico (DaemonSet,
 * kube-controllers, CRDs, the default pool, per-node IPIP tunnel addresses) and the control-plane
 * pods, all already running. IP order follows docs/reference-facts.md, calico-ippool §5: tunl0 first (.64 on `minikube`),
 * then calico-kube-controllers (.65), then coredns (.66).
 */

import { nodeIp, POD_CIDR } from '../minikube/network.ts';
import { nodeLabels, nodeNames } from '../minikube/nodes.ts';
import { minorOf } from '../minikube/versions.ts';
import { watchForCalico } from './calico/cni-watch.ts';
import { DEFAULT_POOL_NAME, defaultPool, initCalicoDatastore } from './calico/datastore.ts';
import { planInstall } from './calico/install.ts';
import { assignPodIp, CONTAINER_ID_ANNOTATION } from './calico/ipam.ts';
import { calicoNodeSpec, kubeControllersSpec, manifestObject } from './calico/manifest-objects.ts';
import { type CalicoManifestEntry, calicoManifest, manifestImage } from './calico/manifests.ts';
import type { SimOptions } from './config.ts';
import { reconcileNodeTunnel } from './controllers/calico-node.ts';
import { DAEMONSETS, daemonPodFor } from './controllers/daemonset.ts';
import { DEPLOYMENTS, hashOf, newReplicaSetFor } from './controllers/deployment.ts';
import { randomHex, sha256Hex } from './controllers/names.ts';
import {
  hostIPsField,
  runningContainerStatus,
  runningPodConditions,
  runtimeName,
} from './controllers/pod-status.ts';
import { isNodeReady, nodeInternalIp } from './controllers/pods.ts';
import { podFromTemplate, REPLICASETS } from './controllers/replicaset.ts';
import { withServiceDefaults } from './controllers/services.ts';
import { derivedPrng } from './network/prng.ts';
import { formatTimestamp } from './store/memory-store.ts';
import { findByApiVersionKind, resourceRef } from './store/resources.ts';
import type { ClusterStore, KubeObject } from './store/types.ts';

export { DEFAULT_POOL_NAME, defaultPool };

/** Commits of minikube release tags (docs/reference-facts.md, minikube §2), for the `minikube.k8s.io/commit` label. */
const MINIKUBE_COMMITS: Record<string, string> = {
  'v1.26.0': 'f4b412861bb746be73053c9f6d2895f12cf78565',
  'v1.27.0': '4243041b7a72319b9be7842a7d34b6767bbdac2b',
  'v1.28.0': '986b1ebd987211ed16f8cc10aed7d2c42fc8392f',
  'v1.29.0': 'ddac20b4b34a9c8c857fc602203b6ba2679794d3',
  'v1.30.0': 'ba4594e7b78814fd52a9376decb9c3d59c133712',
  'v1.31.0': '47aea544e09f11f475f33e8d126f9eb15e34a4c0',
  'v1.32.0': '8220a6eb95f0a4d75f7f2d7b14cef975f050512d',
  'v1.33.0': '86fc9d54fca63f295d8737c8eacdbb7987e89c67',
  'v1.34.0': '210b148df93a80eb872ecbeb7e35281b3c582c61',
  'v1.35.0': 'dd5d320e41b5451cdf3c01891bc4e13d189586ed',
  'v1.36.0': 'f8f52f5de11fc6ad8244afac475e1d0f96841df1',
  'v1.37.0': '65318f4cfff9c12cc87ec9eb8f4cdd57b25047f3',
  'v1.38.1': 'c93a4cb9311efc66b90d33ea03f75f2c4120e9b0',
};

/** Container runtime version shipped in the kicbase of a minikube release (approximate per era). */
function runtimeVersion(runtime: string, minikubeVersion: string): string {
  const minor = minorOf(minikubeVersion);
  if (runtime === 'docker')
    return minor >= 33 ? 'docker://27.2.0' : minor >= 29 ? 'docker://24.0.7' : 'docker://20.10.17';
  if (runtime === 'cri-o') return minor >= 33 ? 'cri-o://1.24.6' : 'cri-o://1.24.1';
  return minor >= 33 ? 'containerd://1.7.20' : minor >= 29 ? 'containerd://1.6.24' : 'containerd://1.6.6';
}

function criSocket(runtime: string): string {
  if (runtime === 'docker') return 'unix:///var/run/cri-dockerd.sock';
  if (runtime === 'cri-o') return 'unix:///var/run/crio/crio.sock';
  return 'unix:///run/containerd/containerd.sock';
}

function corednsImage(k8s: string): string {
  const minor = minorOf(k8s);
  const tag =
    minor >= 31
      ? 'v1.11.3'
      : minor >= 29
        ? 'v1.11.1'
        : minor >= 27
          ? 'v1.10.1'
          : minor >= 25
            ? 'v1.9.3'
            : 'v1.8.6';
  return `registry.k8s.io/coredns/coredns:${tag}`;
}

function etcdImage(k8s: string): string {
  const minor = minorOf(k8s);
  const tag =
    minor >= 31
      ? '3.5.15-0'
      : minor >= 30
        ? '3.5.12-0'
        : minor >= 29
          ? '3.5.10-0'
          : minor >= 28
            ? '3.5.9-0'
            : '3.5.6-0';
  return `registry.k8s.io/etcd:${tag}`;
}

/** `2006_01_02T15_04_05_0700` in UTC. */
function minikubeTimestamp(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '_')}T${iso.slice(11, 19).replace(/:/g, '_')}_0000`;
}

function namespaceObject(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function sortedByKey(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function nodeObject(opts: SimOptions, name: string, index: number, now: Date, ready: boolean): KubeObject {
  const capacity = {
    cpu: '2',
    'ephemeral-storage': '102625208Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: '3912312Ki',
    pods: '110',
  };
  const stamp = formatTimestamp(now);
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: stamp,
    lastTransitionTime: stamp,
  });
  const podCIDR = `10.244.${index}.0/24`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      // In key order, as the API server's JSON has them.
      labels: sortedByKey({
        ...nodeLabels(opts.profile, index),
        'minikube.k8s.io/commit':
          MINIKUBE_COMMITS[opts.minikubeVersion] ?? sha256Hex(opts.minikubeVersion).slice(0, 40),
        'minikube.k8s.io/updated_at': minikubeTimestamp(now),
        'minikube.k8s.io/version': opts.minikubeVersion,
      }),
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': criSocket(opts.containerRuntime),
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR,
      podCIDRs: [podCIDR],
      ...(ready
        ? {}
        : {
            taints: [
              { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
              { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: stamp },
            ],
          }),
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: nodeIp(index) },
        { type: 'Hostname', address: name },
      ],
      allocatable: capacity,
      capacity,
      conditions: [
        condition(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        ready
          ? condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
          : condition(
              'Ready',
              'False',
              'KubeletNotReady',
              'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
            ),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: sha256Hex(`boot:${name}`).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, '$1-$2-$3-$4-$5'),
        containerRuntimeVersion: runtimeVersion(opts.containerRuntime, opts.minikubeVersion),
        kernelVersion: '5.15.0-122-generic',
        kubeProxyVersion: opts.kubernetesVersion,
        kubeletVersion: opts.kubernetesVersion,
        machineID: sha256Hex(`machine:${name}`).slice(0, 32),
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.4 LTS',
        systemUUID: sha256Hex(`uuid:${name}`).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, '$1-$2-$3-$4-$5'),
      },
    },
  };
}

function kubeadmConfig(opts: SimOptions): KubeObject {
  const cluster = [
    'apiServer:',
    '  certSANs:',
    '  - 127.0.0.1',
    '  - localhost',
    `  - ${nodeIp(0)}`,
    '  extraArgs:',
    '    enable-admission-plugins: NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,NodeRestriction,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ResourceQuota',
    'apiVersion: kubeadm.k8s.io/v1beta3',
    'certificatesDir: /var/lib/minikube/certs',
    'clusterName: mk',
    'controlPlaneEndpoint: control-plane.minikube.internal:8443',
    'controllerManager:',
    '  extraArgs:',
    '    allocate-node-cidrs: "true"',
    '    leader-elect: "false"',
    'dns: {}',
    'etcd:',
    '  local:',
    '    dataDir: /var/lib/minikube/etcd',
    'imageRepository: registry.k8s.io',
    'kind: ClusterConfiguration',
    `kubernetesVersion: ${opts.kubernetesVersion}`,
    'networking:',
    '  dnsDomain: cluster.local',
    `  podSubnet: ${POD_CIDR}`,
    '  serviceSubnet: 10.96.0.0/12',
    'scheduler:',
    '  extraArgs:',
    '    leader-elect: "false"',
    '',
  ].join('\n');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
    data: { ClusterConfiguration: cluster },
  };
}

/** The Calico objects `minikube start` applies: the manifest of `--cni=FILE`, else the release's. */
export function calicoObjects(opts: SimOptions): CalicoManifestEntry[] {
  return opts.calicoManifest ?? calicoManifest(opts.calicoVersion).objects;
}

const CRITICAL_TOLERATIONS = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
];

function deployment(
  name: string,
  labels: Record<string, string>,
  podSpec: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'kube-system', labels },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels }, spec: podSpec },
      ...extra,
    },
  };
}

function daemonSet(
  name: string,
  labels: Record<string, string>,
  podSpec: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system', labels },
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: podSpec },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
    },
  };
}

/** Everything `minikube start --cni calico` leaves behind, written straight into the store. */
export function bootstrapCluster(store: ClusterStore, opts: SimOptions): { calicoErrors: string[] } {
  const now = new Date();
  // `--network-plugin=cni` without `--cni`: no CNI until someone applies Calico (calico/cni-watch.ts).
  const withCalico = opts.cni !== 'none';
  const manifest = calicoObjects(opts);
  const plan = planInstall(withCalico ? manifest : [], opts.kubernetesVersion);
  const applies = (kind: string, name: string) =>
    plan.applied.some((e) => e.kind === kind && e.name === name);
  const stamp = formatTimestamp(now);
  const random = derivedPrng(opts.seed ?? 1, 'bootstrap');
  const runtime = runtimeName(opts.containerRuntime);
  const names = nodeNames(opts.profile, opts.nodes);

  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    store.create('namespaces', namespaceObject(ns));
    store.create('serviceaccounts', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: ns },
    });
  }
  names.forEach((name, i) => {
    const ready = withCalico && !(opts.faults.nodeNotReady && i === names.length - 1 && names.length > 1);
    store.create('nodes', nodeObject(opts, name, i, now, ready));
  });
  store.create('configmaps', kubeadmConfig(opts));

  // Services: the apiserver's own, and kube-dns at its well-known address.
  const serviceRandom = derivedPrng(opts.seed ?? 1, 'bootstrap-services');
  store.create(
    'services',
    withServiceDefaults(
      store,
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: 'kubernetes',
          namespace: 'default',
          labels: { component: 'apiserver', provider: 'kubernetes' },
        },
        spec: {
          clusterIP: '10.96.0.1',
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 }],
        },
      },
      serviceRandom,
    ),
  );
  store.create('endpoints', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [{ addresses: [{ ip: nodeIp(0) }], ports: [{ name: 'https', port: 8443, protocol: 'TCP' }] }],
  });
  store.create('discovery.k8s.io/endpointslices', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [nodeIp(0)], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 8443, protocol: 'TCP' }],
  });
  store.create(
    'services',
    withServiceDefaults(
      store,
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: 'kube-dns',
          namespace: 'kube-system',
          labels: {
            'k8s-app': 'kube-dns',
            'kubernetes.io/cluster-service': 'true',
            'kubernetes.io/name': 'CoreDNS',
          },
          annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
        },
        spec: {
          clusterIP: '10.96.0.10',
          selector: { 'k8s-app': 'kube-dns' },
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
            { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
            { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
          ],
        },
      },
      serviceRandom,
    ),
  );

  // Calico datastore: CRDs, cluster config, the default pool, tunnel addresses (first IP of each node's block).
  for (const e of plan.applied.filter((o) => o.kind === 'CustomResourceDefinition'))
    store.create('apiextensions.k8s.io/customresourcedefinitions', established(manifestObject(e, manifest)));
  if (withCalico) {
    initCalicoDatastore(store, opts.profile, opts.calicoVersion);
    reconcileNodeTunnel(store, names[0]);
  } else watchForCalico(store, opts.profile);

  const nodesNow = names.map((n) => store.get('nodes', undefined, n)!);
  const start = (pod: KubeObject, node: KubeObject, ready = true): void => {
    const nodeName = node.metadata.name;
    pod.spec.nodeName = nodeName;
    if (!isNodeReady(node)) {
      pod.status = { phase: 'Pending', qosClass: 'BestEffort' };
      store.create('pods', pod);
      return;
    }
    const hostIp = nodeInternalIp(node)!;
    let podIp = hostIp;
    if (!pod.spec.hostNetwork) {
      const sandboxId = randomHex(random, 64);
      pod.metadata.annotations = {
        ...(pod.metadata.annotations ?? {}),
        [CONTAINER_ID_ANNOTATION]: sandboxId,
      };
      const result = assignPodIp(store, pod, nodeName, { hostLocal: opts.faults.hostLocalIpam });
      if (!result.ok) throw new Error(`bootstrap: ${pod.metadata.name}: ${result.error}`);
      podIp = result.ip;
      pod.metadata.annotations['cni.projectcalico.org/podIP'] = `${podIp}/32`;
      pod.metadata.annotations['cni.projectcalico.org/podIPs'] = `${podIp}/32`;
    }
    const containers: { name: string; image?: string }[] = pod.spec.containers ?? [];
    pod.status = {
      phase: 'Running',
      conditions: runningPodConditions(
        stamp,
        ready,
        ready ? [] : containers.map((c) => c.name),
        opts.kubernetesVersion,
      ),
      ...hostIPsField(opts.kubernetesVersion, hostIp),
      podIP: podIp,
      podIPs: [{ ip: podIp }],
      startTime: stamp,
      containerStatuses: containers.map((c) =>
        runningContainerStatus(c, runtime, randomHex(random, 64), stamp, ready),
      ),
      qosClass: pod.status?.qosClass ?? 'BestEffort',
    };
    store.create('pods', pod);
  };

  // Control-plane static pods (mirror pods owned by the node).
  const first = nodesNow[0];
  const staticPod = (component: string, image: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${component}-${first.metadata.name}`,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      annotations: {
        'kubernetes.io/config.source': 'file',
        'kubernetes.io/config.hash': sha256Hex(component).slice(0, 32),
      },
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Node',
          name: first.metadata.name,
          uid: first.metadata.uid ?? '',
          controller: true,
        },
      ],
    },
    spec: {
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      priority: 2000001000,
      containers: [{ name: component, image, imagePullPolicy: 'IfNotPresent' }],
      restartPolicy: 'Always',
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    },
    status: { qosClass: 'Burstable' },
  });
  start(staticPod('etcd', etcdImage(opts.kubernetesVersion)), first);
  for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    start(staticPod(c, `registry.k8s.io/${c}:${opts.kubernetesVersion}`), first);
  }

  // DaemonSets: calico-node and kube-proxy on every node.
  const mkMinor = minorOf(opts.minikubeVersion);
  const calicoNodeImage =
    manifestImage(manifest, 'calico-node', 'calico/node') ?? `docker.io/calico/node:${opts.calicoVersion}`;
  const calicoNode = applies('DaemonSet', 'calico-node')
    ? store.create(
        DAEMONSETS,
        daemonSet(
          'calico-node',
          { 'k8s-app': 'calico-node' },
          // minikube's template sets CALICO_IPV4POOL_CIDR in v1.29–v1.32 (docs/reference-facts.md, minikube §2).
          calicoNodeSpec(calicoNodeImage, {
            poolCidrEnv: !opts.calicoManifest && mkMinor >= 29 && mkMinor <= 32,
          }),
        ),
      )
    : undefined;
  const kubeProxy = store.create(
    DAEMONSETS,
    daemonSet(
      'kube-proxy',
      { 'k8s-app': 'kube-proxy' },
      {
        hostNetwork: true,
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        priorityClassName: 'system-node-critical',
        serviceAccountName: 'kube-proxy',
        tolerations: [{ operator: 'Exists' }],
        containers: [
          {
            name: 'kube-proxy',
            image: `registry.k8s.io/kube-proxy:${opts.kubernetesVersion}`,
            command: [
              '/usr/local/bin/kube-proxy',
              '--config=/var/lib/kube-proxy/config.conf',
              '--hostname-override=$(NODE_NAME)',
            ],
            securityContext: { privileged: true },
          },
        ],
      },
    ),
  );
  const podNames = derivedPrng(opts.seed ?? 1, 'bootstrap-pod-names');
  for (const node of nodesNow) {
    if (calicoNode)
      start(daemonPodFor(store, calicoNode, node.metadata.name, podNames), node, !opts.faults.calicoNotReady);
    start(daemonPodFor(store, kubeProxy, node.metadata.name, podNames), node);
  }

  // Deployments, in the order their pods got addresses on real clusters.
  const deployments = [
    ...(applies('Deployment', 'calico-kube-controllers')
      ? [
          deployment(
            'calico-kube-controllers',
            { 'k8s-app': 'calico-kube-controllers' },
            kubeControllersSpec(
              manifestImage(manifest, 'calico-kube-controllers', 'calico/kube-controllers') ??
                `docker.io/calico/kube-controllers:${opts.calicoVersion}`,
            ),
            { strategy: { type: 'Recreate' } },
          ),
        ]
      : []),
    deployment(
      'coredns',
      { 'k8s-app': 'kube-dns' },
      {
        dnsPolicy: 'Default',
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        priorityClassName: 'system-cluster-critical',
        serviceAccountName: 'coredns',
        tolerations: CRITICAL_TOLERATIONS.filter((t) => t.key !== 'node-role.kubernetes.io/master'),
        containers: [
          {
            name: 'coredns',
            image: corednsImage(opts.kubernetesVersion),
            args: ['-conf', '/etc/coredns/Corefile'],
            ports: [
              { containerPort: 53, name: 'dns', protocol: 'UDP' },
              { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
              { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
            ],
          },
        ],
      },
    ),
  ];
  for (const d of deployments) {
    const created = store.create(DEPLOYMENTS, d);
    const withRevision = store.update(DEPLOYMENTS, 'kube-system', created.metadata.name, (draft) => {
      draft.metadata.annotations = { 'deployment.kubernetes.io/revision': '1' };
    });
    const rs = store.create(REPLICASETS, newReplicaSetFor(withRevision, hashOf(withRevision), 1, 1, 1));
    start(podFromTemplate(store, rs, rs.spec.template, podNames), first);
  }
  store.create('configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    data: {
      Corefile:
        '.:53 {\n    log\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    hosts {\n       192.168.49.1 host.minikube.internal\n       fallthrough\n    }\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n',
    },
  });

  // storage-provisioner addon.
  start(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'storage-provisioner',
        namespace: 'kube-system',
        labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile', 'integration-test': 'storage-provisioner' },
      },
      spec: {
        hostNetwork: true,
        serviceAccountName: 'storage-provisioner',
        containers: [
          {
            name: 'storage-provisioner',
            image: 'gcr.io/k8s-minikube/storage-provisioner:v5',
            command: ['/storage-provisioner'],
          },
        ],
      },
    },
    first,
  );

  // The manifest's other objects (ConfigMap, ServiceAccounts, RBAC, PodDisruptionBudget).
  for (const e of plan.applied) {
    if (['CustomResourceDefinition', 'DaemonSet', 'Deployment'].includes(e.kind)) continue;
    const rt = findByApiVersionKind(e.apiVersion, e.kind);
    if (rt && !store.get(resourceRef(rt), e.namespace, e.name))
      store.create(resourceRef(rt), manifestObject(e, manifest));
  }

  // Worker nodes join later: their calico-node allocates their tunnel addresses then.
  if (withCalico) for (const name of names.slice(1)) reconcileNodeTunnel(store, name);
  return { calicoErrors: plan.errors };
}

/** A CRD as the apiserver reports it once its names are accepted. */
function established(crd: KubeObject): KubeObject {
  const names = crd.spec.names;
  return {
    ...crd,
    spec: { ...crd.spec, preserveUnknownFields: false },
    status: {
      acceptedNames: names,
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        },
      ],
      storedVersions: ['v1'],
    },
  };
}
