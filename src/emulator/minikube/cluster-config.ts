/**
 * The subset of minikube's ClusterConfig (pkg/minikube/config/types.go, v1.34.0) the stand-in
 * writes to `profiles/<name>/config.json` and shows in `profile list -o json`. Field names are
 * the Go names, as encoding/json writes them.
 */
import { configNodeName } from '../../minikube/nodes.ts';
import type { SimOptions } from '../config.ts';

export interface ClusterNode {
  /** '' for the primary control plane, 'm02', 'm03' … for the others (not `minikube-m02`). */
  Name: string;
  IP: string;
  Port: number;
  KubernetesVersion: string;
  ContainerRuntime: string;
  ControlPlane: boolean;
  Worker: boolean;
}

export interface ClusterConfig {
  Name: string;
  KeepContext: boolean;
  EmbedCerts: boolean;
  MinikubeISO: string;
  KicBaseImage: string;
  Memory: number;
  CPUs: number;
  DiskSize: number;
  Driver: string;
  APIServerPort: number;
  KubernetesConfig: {
    KubernetesVersion: string;
    ClusterName: string;
    Namespace: string;
    APIServerHAVIP: string;
    APIServerName: string;
    APIServerNames: string[] | null;
    APIServerIPs: string[] | null;
    DNSDomain: string;
    ContainerRuntime: string;
    CRISocket: string;
    NetworkPlugin: string;
    FeatureGates: string;
    ServiceCIDR: string;
    ImageRepository: string;
    ExtraOptions: null;
    ShouldLoadCachedImages: boolean;
    EnableDefaultCNI: boolean;
    CNI: string;
  };
  Nodes: ClusterNode[];
  Addons: Record<string, boolean>;
  VerifyComponents: Record<string, boolean>;
  MultiNodeRequested: boolean;
}

/** The machine name of a config node: `<profile>` or `<profile>-<Name>` (config.MachineName). */
export function machineName(profile: string, node: ClusterNode): string {
  return node.Name === '' ? profile : `${profile}-${node.Name}`;
}

/** The runtime name minikube stores: `cri-o` is stored as `crio` (start.go validateRuntime). */
export function storedRuntime(runtime: string): string {
  return runtime === 'cri-o' ? 'crio' : runtime;
}

export interface ConfigInput {
  options: SimOptions;
  driver: string;
  cni: string;
  memoryMb: number;
  cpus: number;
  verifyComponents: Record<string, boolean>;
  /** Node IPs in node order; missing ones are left empty (not known yet). */
  nodeIps?: string[];
}

export function buildClusterConfig(input: ConfigInput): ClusterConfig {
  const { options } = input;
  const runtime = storedRuntime(options.containerRuntime);
  const nodes: ClusterNode[] = Array.from({ length: options.nodes }, (_, i) => ({
    Name: configNodeName(i),
    IP: input.nodeIps?.[i] ?? '',
    Port: 8443,
    KubernetesVersion: options.kubernetesVersion,
    ContainerRuntime: runtime,
    ControlPlane: i === 0,
    Worker: true,
  }));
  return {
    Name: options.profile,
    KeepContext: false,
    EmbedCerts: false,
    MinikubeISO: '',
    KicBaseImage: 'gcr.io/k8s-minikube/kicbase:v0.0.45',
    Memory: input.memoryMb,
    CPUs: input.cpus,
    DiskSize: 20000,
    Driver: input.driver,
    APIServerPort: 8443,
    KubernetesConfig: {
      KubernetesVersion: options.kubernetesVersion,
      ClusterName: options.profile,
      Namespace: 'default',
      APIServerHAVIP: '',
      APIServerName: 'minikubeCA',
      APIServerNames: null,
      APIServerIPs: null,
      DNSDomain: 'cluster.local',
      ContainerRuntime: runtime,
      CRISocket: '',
      NetworkPlugin: 'cni',
      FeatureGates: '',
      ServiceCIDR: '10.96.0.0/12',
      ImageRepository: '',
      ExtraOptions: null,
      ShouldLoadCachedImages: true,
      EnableDefaultCNI: false,
      CNI: input.cni,
    },
    Nodes: nodes,
    Addons: { 'default-storageclass': true, 'storage-provisioner': true },
    VerifyComponents: input.verifyComponents,
    MultiNodeRequested: options.nodes > 1,
  };
}

/** node.Retrieve: by config name (`m02`, '' = primary) or by machine name (`minikube-m02`). */
export function retrieveNode(config: ClusterConfig, name: string): ClusterNode | undefined {
  return config.Nodes.find((n) => n.Name === name || machineName(config.Name, n) === name);
}
