/**
 * The PodSecurity admission plugin as the real apiserver runs it
 * (k8s.io/pod-security-admission/admission/admission.go): on a Pod create in a namespace labelled
 * `pod-security.kubernetes.io/enforce`, a pod violating the level is Forbidden with
 * `pods "NAME" is forbidden: violates PodSecurity "baseline:latest": …` — also for pods a
 * controller creates, whose error then becomes the controller's FailedCreate event; a pod
 * controller (Deployment, ReplicaSet…) whose template violates the `warn` level is admitted with a
 * `Warning` header. Only the baseline checks are modelled: `restricted` is enforced as baseline.
 */
import {
  baselineViolations,
  enforcedPolicy,
  forbiddenMessage,
  PSA_WARN_LABEL,
  PSA_WARN_VERSION_LABEL,
  warningMessage,
} from '../../k8s/pod-security.ts';
import { ApiError } from '../store/errors.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';

function namespaceLabels(
  store: ClusterStore,
  namespace: string | undefined,
): Record<string, string> | undefined {
  return store.get('namespaces', undefined, namespace ?? 'default')?.metadata.labels;
}

/** The Forbidden error for a pod its namespace's policy refuses; undefined when admitted. */
export function podSecurityDenial(store: ClusterStore, pod: KubeObject): ApiError | undefined {
  const policy = enforcedPolicy(namespaceLabels(store, pod.metadata.namespace));
  if (!policy) return undefined;
  const violations = baselineViolations(pod.metadata, pod.spec);
  if (violations.length === 0) return undefined;
  const name = pod.metadata.name ?? '';
  return new ApiError(403, 'Forbidden', forbiddenMessage(name, policy, violations), { name, kind: 'pods' });
}

const POD_CONTROLLERS = new Set([
  'apps/Deployment',
  'apps/ReplicaSet',
  'apps/StatefulSet',
  'apps/DaemonSet',
  'batch/Job',
]);

/** `would violate PodSecurity "baseline:latest": …` for a pod controller, under the namespace's warn label. */
export function podControllerWarning(
  store: ClusterStore,
  group: string,
  kind: string,
  obj: KubeObject,
): string | undefined {
  if (!POD_CONTROLLERS.has(`${group}/${kind}`)) return undefined;
  const labels = namespaceLabels(store, obj.metadata.namespace);
  const level = labels?.[PSA_WARN_LABEL];
  if (level !== 'baseline' && level !== 'restricted') return undefined;
  const template = obj.spec?.template;
  const violations = baselineViolations(template?.metadata, template?.spec);
  if (violations.length === 0) return undefined;
  return warningMessage(`${level}:${labels?.[PSA_WARN_VERSION_LABEL] || 'latest'}`, violations);
}
