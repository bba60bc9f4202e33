/**
 * The few files of an emulated minikube node that `minikube ssh` can show: above all the CNI
 * config Calico's install-cni renders into /etc/cni/net.d (docs/reference-facts.md, calico-ippool §8).
 */
import type { SimOptions } from '../config.ts';

const CALICO_KUBECONFIG = '/etc/cni/net.d/calico-kubeconfig';

/**
 * `cni_network_config` of minikube v1.34.0's bundled calico.yaml with install-cni's
 * substitutions (node name; MTU from `veth_mtu: "0"`; kubeconfig path). The hostLocalIpam fault
 * swaps the IPAM plugin for host-local over the node's podCIDR.
 */
export function calicoConflist(nodeName: string, hostLocalIpam: boolean): string {
  const ipam = hostLocalIpam
    ? `"ipam": {
              "type": "host-local",
              "ranges": [[{"subnet": "usePodCidr"}]]
          },`
    : `"ipam": {
              "type": "calico-ipam"
          },`;
  return `{
  "name": "k8s-pod-network",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "calico",
      "log_level": "info",
      "log_file_path": "/var/log/calico/cni/cni.log",
      "datastore_type": "kubernetes",
      "nodename": "${nodeName}",
      "mtu": 0,
      ${ipam}
      "policy": {
          "type": "k8s"
      },
      "kubernetes": {
          "kubeconfig": "${CALICO_KUBECONFIG}"
      }
    },
    {
      "type": "portmap",
      "snat": true,
      "capabilities": {"portMappings": true}
    },
    {
      "type": "bandwidth",
      "capabilities": {"bandwidth": true}
    }
  ]
}`;
}

/** The kubeconfig install-cni writes for the CNI plugin (token elided). */
function calicoKubeconfig(): string {
  return `# Kubeconfig file for Calico CNI plugin. Installed by calico/node.
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://10.96.0.1:443
    certificate-authority-data: "<elided by the emulator>"
users:
- name: calico
  user:
    token: <elided by the emulator>
contexts:
- name: calico-context
  context:
    cluster: local
    user: calico
current-context: calico-context
`;
}

/** Every file of one node, path -> content. */
export function nodeFiles(options: SimOptions, nodeName: string): Record<string, string> {
  return {
    '/etc/cni/net.d/10-calico.conflist': calicoConflist(nodeName, options.faults.hostLocalIpam),
    [CALICO_KUBECONFIG]: calicoKubeconfig(),
    '/etc/hostname': `${nodeName}\n`,
  };
}
