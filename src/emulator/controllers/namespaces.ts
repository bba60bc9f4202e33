/**
 * What every namespace gets from the controller manager: the `default` ServiceAccount (serviceaccount
 * controller) and the `kube-root-ca.crt` ConfigMap (root-ca-cert-publisher, Kubernetes ≥ 1.20). Only
 * created when missing, never changed. The emulated cluster has no TLS, so the bundle is a placeholder.
 */
import type { ClusterStore, KubeObject, StoreEvent } from '../store/types.ts';
import type { Controller } from './context.ts';
import { WorkQueue } from './queue.ts';

/** The annotation the root-ca-cert-publisher puts on the ConfigMap (pkg/controller/certificates/rootcacertpublisher). */
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

const PLACEHOLDER_CA = '-----BEGIN CERTIFICATE-----\n(emulated cluster: no TLS)\n-----END CERTIFICATE-----\n';

function populate(store: ClusterStore, ns: KubeObject): void {
  const name = ns.metadata.name;
  if (!name || ns.metadata.deletionTimestamp) return;
  if (!store.get('serviceaccounts', name, 'default'))
    store.create('serviceaccounts', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: name },
    });
  if (!store.get('configmaps', name, 'kube-root-ca.crt'))
    store.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'kube-root-ca.crt',
        namespace: name,
        annotations: { 'kubernetes.io/description': DESCRIPTION },
      },
      data: { 'ca.crt': PLACEHOLDER_CA },
    });
}

export const startNamespaceController: Controller = (store, ctx) => {
  const queue = new WorkQueue(
    ctx.clock,
    (name) => {
      const ns = store.get('namespaces', undefined, name);
      if (ns) populate(store, ns);
    },
    'namespaces',
  );
  const onEvent = (event: StoreEvent): void => {
    if (event.type === 'ADDED' && event.resource.group === '' && event.resource.plural === 'namespaces')
      queue.add(event.object.metadata.name);
  };
  const unsubscribe = store.subscribe(onEvent);
  for (const ns of store.list('namespaces')) queue.add(ns.metadata.name);
  return () => {
    unsubscribe();
    queue.stop();
  };
};
