/**
 * What calico-node writes to the datastore at its first start (docs/reference-facts.md,
 * calico-ippool §3): ClusterInformation, the default IPPool and the IPAMConfig.
 */
import { POD_CIDR } from '../../minikube/network.ts';
import { minorOf } from '../../minikube/versions.ts';
import { sha256Hex } from '../controllers/names.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';
import { CALICO_METADATA_ANNOTATION } from './blocks.ts';
import { IPPOOLS } from './pools.ts';

export const DEFAULT_POOL_NAME = 'default-ipv4-ippool';

/**
 * The pool calico-node creates: 10.244.0.0/16 (kubeadm's podSubnet; minikube.md §2 "Result on every
 * version"), /26 blocks, IPIP Always, natOutgoing. `allowedUses` exists from v3.21.0 (Calico v3.21.0
 * docs reference/resources/ippool.md "allowedUses (since v3.21.0)"), so a v3.20 pool has none.
 */
export function defaultPool(calicoVersion = 'v3.28.1'): KubeObject {
  return {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'IPPool',
    metadata: { name: DEFAULT_POOL_NAME, annotations: { ...CALICO_METADATA_ANNOTATION } },
    spec: {
      ...(minorOf(calicoVersion) >= 21 ? { allowedUses: ['Workload', 'Tunnel'] } : {}),
      blockSize: 26,
      cidr: POD_CIDR,
      ipipMode: 'Always',
      natOutgoing: true,
      nodeSelector: 'all()',
      vxlanMode: 'Never',
    },
  };
}

/** Writes what is missing; an existing pool list (the student's) is left alone. */
export function initCalicoDatastore(store: ClusterStore, profile: string, calicoVersion: string): void {
  if (!store.get('crd.projectcalico.org/clusterinformations', undefined, 'default'))
    store.create('crd.projectcalico.org/clusterinformations', {
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'ClusterInformation',
      metadata: { name: 'default', annotations: { ...CALICO_METADATA_ANNOTATION } },
      spec: {
        calicoVersion,
        clusterGUID: sha256Hex(`guid:${profile}`).slice(0, 32),
        clusterType: 'k8s,bgp,kubeadm,kdd',
        datastoreReady: true,
      },
    });
  if (store.list(IPPOOLS).length === 0) store.create(IPPOOLS, defaultPool(calicoVersion));
  if (!store.get('crd.projectcalico.org/ipamconfigs', undefined, 'default'))
    store.create('crd.projectcalico.org/ipamconfigs', {
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'IPAMConfig',
      metadata: { name: 'default', annotations: { ...CALICO_METADATA_ANNOTATION } },
      spec: { autoAllocateBlocks: true, strictAffinity: false, maxBlocksPerHost: 0 },
    });
}
