/**
 * `minikube start --wait` components, judged from the daemon's status the way
 * pkg/minikube/bootstrapper/bsutil/kverify does: `system_pods` = at least 2 kube-system pods
 * exist; `apps_running` = the core apps have a Running pod; `node_ready` = every node Ready.
 * `apiserver`, `default_sa` and `kubelet` hold once the daemon answers.
 */
import type { SimStatus } from './control-api.ts';

/** kverify.AppsRunningList */
export const CORE_APPS = [
  'kube-dns',
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-proxy',
  'kube-scheduler',
];

/** The requested components that do not hold yet, in a stable order. */
export function unmetComponents(status: SimStatus, verify: Record<string, boolean>): string[] {
  const unmet: string[] = [];
  if (verify.system_pods && status.systemPods.total < 2) unmet.push('system_pods');
  if (verify.apps_running && !CORE_APPS.every((a) => status.runningApps.includes(a)))
    unmet.push('apps_running');
  if (verify.node_ready && !status.nodes.every((n) => n.ready)) unmet.push('node_ready');
  return unmet;
}

/** How minikube words a wait that ran out of time (node.Start error chain, GUEST_START). */
export function waitFailure(component: string, timeout: string): string {
  switch (component) {
    case 'node_ready':
      return `wait ${timeout} for node: waiting for node to be ready: waitNodeCondition: context deadline exceeded`;
    case 'apps_running':
      return `wait ${timeout} for node: extra waiting: expected k8s-apps: missing components: ${CORE_APPS.join(', ')}`;
    default:
      return `wait ${timeout} for node: wait for system pods: apiserver never returned a pod list`;
  }
}
