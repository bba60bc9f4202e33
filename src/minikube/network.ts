/**
 * minikube's addresses with the docker driver (docs/reference-facts.md, minikube §1 and §3): the node
 * network, the nodes' IPs in it, and the pod CIDR every CNI (Calico's default pool included) takes.
 */

/** The docker network minikube creates for its nodes. No pool may overlap it. */
export const NODE_NETWORK = '192.168.49.0/24';

/** The docker network's gateway, published to pods as host.minikube.internal. */
export const HOST_GATEWAY_IP = '192.168.49.1';

/** `pkg/minikube/cni` DefaultPodCIDR: kubeadm's podSubnet and Calico's default pool on every version. */
export const POD_CIDR = '10.244.0.0/16';

/** InternalIP of node `index` (0-based): 192.168.49.2, .3, … in node order. */
export function nodeIp(index: number): string {
  return `192.168.49.${index + 2}`;
}
