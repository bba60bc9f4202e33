/**
 * `minikube start`: its flags (minikube v1.34 `site/content/en/docs/commands/start.md`, options and the
 * global options inherited from the parent command; docs/reference-facts.md, minikube §1), the CNIs it
 * knows by name, and the command line the lab's cluster is started with. The grader reads students'
 * start commands with the flag table (to tell a misspelt flag such as `--network-plugin-cni` from a
 * real one) and starts clusters with `startArgs`; the emulator's stand-in accepts a subset of the flags.
 */

/** minikube's floor for `--memory` (minUsableMem, cmd/minikube/cmd/start_flags.go; exit 23 below it). */
export const MIN_USABLE_MEMORY_MB = 1800;
/** minikube's floor for `--cpus` (minimumCPUS; exit 29 below it). */
export const MINIMUM_CPUS = 2;

/**
 * Per node, what the grader asks for (README "Live grading"). Unset, minikube gives each node at
 * least 3072 MB (suggestMemoryAllocation, cmd/minikube/cmd/start.go): 6 GB for the lab's two. 2200 MB
 * is minikube's floor plus room for the lab's app (a one-minute bundle build per pod), and 2 CPUs its
 * minimum: 4.4 GB and 4 CPUs for two nodes, half of an 8 GB laptop (docs/reference-facts.md, minikube §8).
 */
export const LAB_NODE_MEMORY_MB = 2200;
export const LAB_NODE_CPUS = MINIMUM_CPUS;

/** What the lab's `minikube start` sets. */
export interface StartSpec {
  profile: string;
  nodes: number;
  containerRuntime: string;
  cni: string;
  kubernetesVersion?: string;
  driver?: string;
  /** `--wait=…`; default 'all'. false leaves minikube's default. */
  wait?: string | false;
  /** `--memory=<N>mb` per node; omitted: minikube's own choice (a share of the host's memory). */
  memoryMb?: number;
  /** `--cpus=<N>` per node; omitted: minikube's default, 2. */
  cpus?: number;
  extraArgs?: readonly string[];
}

/** `minikube start -p P --nodes N --container-runtime R --cni C [--kubernetes-version V] [--driver D] [--memory=Mmb] [--cpus=C] --wait=all …` */
export function startArgs(o: StartSpec): string[] {
  const args = [
    'start',
    '-p',
    o.profile,
    '--nodes',
    String(o.nodes),
    '--container-runtime',
    o.containerRuntime,
    '--cni',
    o.cni,
  ];
  if (o.kubernetesVersion) args.push('--kubernetes-version', o.kubernetesVersion);
  if (o.driver) args.push('--driver', o.driver);
  if (o.memoryMb !== undefined) args.push(`--memory=${o.memoryMb}mb`);
  if (o.cpus !== undefined) args.push(`--cpus=${o.cpus}`);
  const wait = o.wait ?? 'all';
  if (wait !== false) args.push(`--wait=${wait}`);
  args.push(...(o.extraArgs ?? []));
  return args;
}

/** The `--cni` values minikube knows by name (pkg/minikube/cni New()); anything else is a manifest path. */
export const NAMED_CNIS: ReadonlySet<string> = new Set([
  'auto',
  'bridge',
  'calico',
  'cilium',
  'flannel',
  'kindnet',
  'false',
  'true',
]);

/** Flags that take a value (`--flag value` or `--flag=value`). */
export const MINIKUBE_VALUE_FLAGS: ReadonlySet<string> = new Set([
  'addons',
  'apiserver-ips',
  'apiserver-name',
  'apiserver-names',
  'apiserver-port',
  'auto-pause-interval',
  'base-image',
  'binary-mirror',
  'cert-expiration',
  'cni',
  'container-runtime',
  'cpus',
  'cri-socket',
  'disk-size',
  'dns-domain',
  'docker-env',
  'docker-opt',
  'driver',
  'extra-config',
  'extra-disks',
  'feature-gates',
  'gpus',
  'host-only-cidr',
  'host-only-nic-type',
  'hyperkit-vpnkit-sock',
  'hyperkit-vsock-ports',
  'hyperv-external-adapter',
  'hyperv-virtual-switch',
  'image-mirror-country',
  'image-repository',
  'insecure-registry',
  'iso-url',
  'kubernetes-version',
  'kvm-network',
  'kvm-numa-count',
  'kvm-qemu-uri',
  'listen-address',
  'memory',
  'mount-9p-version',
  'mount-gid',
  'mount-ip',
  'mount-msize',
  'mount-options',
  'mount-port',
  'mount-string',
  'mount-type',
  'mount-uid',
  'namespace',
  'nat-nic-type',
  'network',
  'network-plugin',
  'nfs-share',
  'nfs-shares-root',
  'nodes',
  'output',
  'ports',
  'qemu-firmware-path',
  'registry-mirror',
  'service-cluster-ip-range',
  'socket-vmnet-client-path',
  'socket-vmnet-path',
  'ssh-ip-address',
  'ssh-key',
  'ssh-port',
  'ssh-user',
  'static-ip',
  'subnet',
  'trace',
  'uuid',
  'vm-driver',
  'wait',
  'wait-timeout',
  // inherited global flags
  'bootstrapper',
  'log_backtrace_at',
  'log_dir',
  'log_file',
  'log_file_max_size',
  'profile',
  'stderrthreshold',
  'user',
  'v',
  'vmodule',
]);

/** Boolean flags (`--flag`, `--flag=false`). */
export const MINIKUBE_BOOL_FLAGS: ReadonlySet<string> = new Set([
  'auto-update-drivers',
  'cache-images',
  'delete-on-failure',
  'disable-driver-mounts',
  'disable-metrics',
  'disable-optimizations',
  'dns-proxy',
  'download-only',
  'dry-run',
  'embed-certs',
  'enable-default-cni',
  'force',
  'force-systemd',
  'ha',
  'host-dns-resolver',
  'hyperv-use-external-switch',
  'install-addons',
  'interactive',
  'keep-context',
  'kvm-gpu',
  'kvm-hidden',
  'mount',
  'native-ssh',
  'no-kubernetes',
  'no-vtx-check',
  'preload',
  'vm',
  // inherited global flags
  'add_dir_header',
  'alsologtostderr',
  'help',
  'logtostderr',
  'one_output',
  'rootless',
  'skip-audit',
  'skip_headers',
  'skip_log_headers',
]);

/** Short forms and the long flag they stand for. */
export const MINIKUBE_SHORT_FLAGS: Readonly<Record<string, string>> = {
  c: 'container-runtime',
  d: 'driver',
  g: 'gpus',
  n: 'nodes',
  o: 'output',
  b: 'bootstrapper',
  h: 'help',
  p: 'profile',
  v: 'v',
};
