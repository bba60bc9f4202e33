/**
 * The API defaulting a real apiserver applies when it decodes a write (pkg/apis/<group>/v1/defaults.go),
 * for the kinds the lab creates, so `-o yaml` and controllers see the usual fields.
 * ClusterIP allocation is not done here: the service-IP controller owns it.
 */
import type { KubeObject } from '../store/types.ts';

// biome-ignore lint/suspicious/noExplicitAny: open-ended Kubernetes JSON.
type Any = any;

function defaultImagePullPolicy(image: string | undefined): string {
  const ref = image ?? '';
  if (ref.includes('@')) return 'IfNotPresent';
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainers(list: Any[] | undefined): void {
  for (const c of list ?? []) {
    c.imagePullPolicy ??= defaultImagePullPolicy(c.image);
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.resources ??= {};
    for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  }
}

export function defaultPodSpec(spec: Any): void {
  if (!spec || typeof spec !== 'object') return;
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  defaultContainers(spec.containers);
  defaultContainers(spec.initContainers);
}

function defaultTemplate(obj: Any): void {
  if (obj.spec?.template) {
    obj.spec.template.metadata ??= {};
    defaultPodSpec(obj.spec.template.spec);
  }
}

const DEFAULTERS: Record<string, (o: Any) => void> = {
  '/Pod'(pod) {
    pod.spec ??= {};
    defaultPodSpec(pod.spec);
    pod.spec.serviceAccountName ??= 'default';
    pod.spec.serviceAccount ??= pod.spec.serviceAccountName;
    pod.status ??= { phase: 'Pending', qosClass: 'BestEffort' };
  },
  '/Service'(svc) {
    svc.spec ??= {};
    svc.spec.type ??= 'ClusterIP';
    svc.spec.sessionAffinity ??= 'None';
    if (svc.spec.type !== 'ExternalName') {
      svc.spec.ipFamilyPolicy ??= 'SingleStack';
      svc.spec.ipFamilies ??= ['IPv4'];
      svc.spec.internalTrafficPolicy ??= 'Cluster';
    }
    for (const p of svc.spec.ports ?? []) {
      p.protocol ??= 'TCP';
      p.targetPort ??= p.port;
    }
    svc.status ??= { loadBalancer: {} };
  },
  '/Namespace'(ns) {
    ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
    ns.spec ??= { finalizers: ['kubernetes'] };
    ns.status ??= { phase: 'Active' };
  },
  'apps/Deployment'(d) {
    d.spec ??= {};
    d.spec.replicas ??= 1;
    d.spec.revisionHistoryLimit ??= 10;
    d.spec.progressDeadlineSeconds ??= 600;
    d.spec.strategy ??= { type: 'RollingUpdate' };
    if (d.spec.strategy.type === 'RollingUpdate')
      d.spec.strategy.rollingUpdate ??= { maxSurge: '25%', maxUnavailable: '25%' };
    defaultTemplate(d);
  },
  'apps/ReplicaSet'(rs) {
    rs.spec ??= {};
    rs.spec.replicas ??= 1;
    defaultTemplate(rs);
  },
  'apps/DaemonSet'(ds) {
    ds.spec ??= {};
    ds.spec.revisionHistoryLimit ??= 10;
    ds.spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
    defaultTemplate(ds);
  },
};

/** Fills defaults in place on a decoded object about to be written. */
export function applyDefaults(group: string, kind: string, obj: KubeObject): void {
  DEFAULTERS[`${group}/${kind}`]?.(obj);
}
