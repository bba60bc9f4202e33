/**
 * Endpoints and EndpointSlice controllers for Services with a selector: ready pods in `addresses`,
 * unready ones in `notReadyAddresses` (slices: `conditions.ready: false`), ports resolved from
 * numeric or named targetPorts (docs/reference-facts.md, kubectl-and-pods §4).
 */
import { formatTimestamp } from '../store/memory-store.ts';
import type { ClusterStore, KubeObject, StoreEvent } from '../store/types.ts';
import type { Controller, ControllerContext } from './context.ts';
import { randomSuffix, stableStringify } from './names.ts';
import { isPodReady, isTerminating } from './pods.ts';
import { objectKey, splitKey, WorkQueue } from './queue.ts';

const ENDPOINTSLICES = 'discovery.k8s.io/endpointslices';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';

interface ResolvedPort {
  name?: string;
  port: number;
  protocol: string;
}

function selects(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** targetPort: a number, or a container port name looked up in the pod. */
// biome-ignore lint/suspicious/noExplicitAny: service ports are open JSON.
function resolvePort(svcPort: any, pod: KubeObject): ResolvedPort | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  const protocol = svcPort.protocol ?? 'TCP';
  const name: string | undefined = svcPort.name || undefined;
  if (typeof target === 'number') return { name, port: target, protocol };
  if (typeof target === 'string' && /^\d+$/.test(target)) return { name, port: Number(target), protocol };
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? 'TCP') === protocol)
        return { name, port: p.containerPort, protocol };
  }
  return undefined;
}

function endpointPods(store: ClusterStore, svc: KubeObject): KubeObject[] {
  const selector = svc.spec?.selector as Record<string, string>;
  return store
    .list('pods', svc.metadata.namespace)
    .filter(
      (p) =>
        selects(selector, p.metadata.labels) &&
        p.status?.podIP &&
        !isTerminating(p) &&
        p.status?.phase !== 'Succeeded' &&
        p.status?.phase !== 'Failed',
    );
}

function compareIps(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function address(pod: KubeObject): Record<string, unknown> {
  return {
    ip: pod.status.podIP,
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: {
      kind: 'Pod',
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      uid: pod.metadata.uid,
    },
  };
}

function buildSubsets(svc: KubeObject, pods: KubeObject[]): Record<string, unknown>[] {
  // Group pods by their resolved port set (one subset per distinct set, as RepackSubsets leaves them).
  const groups = new Map<string, { ports: ResolvedPort[]; ready: KubeObject[]; notReady: KubeObject[] }>();
  for (const pod of pods) {
    const ports = (svc.spec?.ports ?? [])
      .map((p: unknown) => resolvePort(p, pod))
      .filter(Boolean) as ResolvedPort[];
    if (ports.length === 0) continue;
    const key = stableStringify(ports);
    const group = groups.get(key) ?? { ports, ready: [], notReady: [] };
    (isPodReady(pod) || svc.spec?.publishNotReadyAddresses ? group.ready : group.notReady).push(pod);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    ...(g.ready.length
      ? { addresses: g.ready.map(address).sort((a, b) => compareIps(String(a.ip), String(b.ip))) }
      : {}),
    ...(g.notReady.length
      ? { notReadyAddresses: g.notReady.map(address).sort((a, b) => compareIps(String(a.ip), String(b.ip))) }
      : {}),
    ports: g.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol })),
  }));
}

function syncEndpoints(
  store: ClusterStore,
  ctx: ControllerContext,
  svc: KubeObject,
  pods: KubeObject[],
): void {
  const ns = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name;
  const subsets = buildSubsets(svc, pods);
  const existing = store.get('endpoints', ns, name);
  const labels = { ...(svc.metadata.labels ?? {}) };
  if (!existing) {
    store.create('endpoints', {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name,
        namespace: ns,
        labels,
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': formatTimestamp(ctx.clock.now()) },
      },
      ...(subsets.length ? { subsets } : {}),
    });
    return;
  }
  if (stableStringify(existing.subsets ?? []) === stableStringify(subsets)) return;
  store.update('endpoints', ns, name, (draft) => {
    if (subsets.length) draft.subsets = subsets;
    else delete draft.subsets;
    draft.metadata.annotations = {
      ...(draft.metadata.annotations ?? {}),
      'endpoints.kubernetes.io/last-change-trigger-time': formatTimestamp(ctx.clock.now()),
    };
  });
}

function syncSlice(store: ClusterStore, ctx: ControllerContext, svc: KubeObject, pods: KubeObject[]): void {
  const ns = svc.metadata.namespace ?? 'default';
  const endpoints = pods
    .map((pod) => ({ pod, ready: isPodReady(pod) }))
    .sort((a, b) => compareIps(a.pod.status.podIP, b.pod.status.podIP))
    .map(({ pod, ready }) => ({
      addresses: [pod.status.podIP],
      conditions: { ready, serving: ready, terminating: false },
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', name: pod.metadata.name, namespace: ns, uid: pod.metadata.uid },
    }));
  const first = pods[0];
  const ports = (svc.spec?.ports ?? [])
    .map((p: { name?: string }) => {
      const resolved = first ? resolvePort(p, first) : undefined;
      return resolved ? { name: p.name ?? '', port: resolved.port, protocol: resolved.protocol } : undefined;
    })
    .filter(Boolean);
  const existing = store
    .list(ENDPOINTSLICES, ns)
    .find(
      (s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === svc.metadata.name && s.metadata.labels?.[MANAGED_BY],
    );
  const body = { addressType: 'IPv4', endpoints, ports: first ? ports : null };
  if (!existing) {
    const random = ctx.random('slice-names');
    let name: string;
    do name = `${svc.metadata.name}-${randomSuffix(random)}`;
    while (store.get(ENDPOINTSLICES, ns, name));
    store.create(ENDPOINTSLICES, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name,
        generateName: `${svc.metadata.name}-`,
        namespace: ns,
        labels: {
          ...(svc.metadata.labels ?? {}),
          [SERVICE_NAME_LABEL]: svc.metadata.name,
          [MANAGED_BY]: 'endpointslice-controller.k8s.io',
        },
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'Service',
            name: svc.metadata.name,
            uid: svc.metadata.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      ...body,
    });
    return;
  }
  if (
    stableStringify({ a: existing.addressType, e: existing.endpoints, p: existing.ports }) ===
    stableStringify({ a: body.addressType, e: body.endpoints, p: body.ports })
  ) {
    return;
  }
  store.update(ENDPOINTSLICES, ns, existing.metadata.name, (draft) => {
    draft.addressType = body.addressType;
    draft.endpoints = body.endpoints;
    draft.ports = body.ports;
  });
}

function syncService(store: ClusterStore, ctx: ControllerContext, key: string): void {
  const [ns, name] = splitKey(key);
  const svc = store.get('services', ns, name);
  if (!svc) {
    // The Endpoints object goes with its Service (slices are owned and garbage-collected).
    if (store.get('endpoints', ns, name)) store.delete('endpoints', ns, name);
    return;
  }
  const selector = svc.spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return; // e.g. `kubernetes`: managed elsewhere
  const pods = endpointPods(store, svc);
  syncEndpoints(store, ctx, svc, pods);
  syncSlice(store, ctx, svc, pods);
}

export const startEndpointsController: Controller = (store, ctx) => {
  const queue = new WorkQueue(ctx.clock, (key) => syncService(store, ctx, key), 'endpoints');
  const servicesFor = (pod: KubeObject): void => {
    // Every selector Service of the namespace: a label change may also drop a pod from one.
    for (const svc of store.list('services', pod.metadata.namespace)) {
      if (svc.spec?.selector) queue.add(objectKey(svc.metadata.namespace, svc.metadata.name));
    }
  };
  const onEvent = (event: StoreEvent): void => {
    const { resource, object } = event;
    if (resource.group !== '') return;
    if (resource.plural === 'services') queue.add(objectKey(object.metadata.namespace, object.metadata.name));
    else if (resource.plural === 'pods') servicesFor(object);
  };
  const unsubscribe = store.subscribe(onEvent);
  for (const svc of store.list('services')) queue.add(objectKey(svc.metadata.namespace, svc.metadata.name));
  return () => {
    unsubscribe();
    queue.stop();
  };
};
