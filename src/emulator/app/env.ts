/**
 * Environment of a container as the kubelet builds it: image defaults, Service links, then the pod
 * spec's `envFrom` and `env` (`value`, `configMapKeyRef`, `secretKeyRef`, `fieldRef`), with `$(VAR)`
 * references expanded. Values that cannot be resolved are left out.
 */
import type { ClusterStore, KubeObject } from '../store/types.ts';
import { imageKind } from './image.ts';

const NODE14_ENV: Record<string, string> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  NODE_VERSION: '14.21.3',
  YARN_VERSION: '1.22.19',
};
const BASE_ENV: Record<string, string> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
};

function imageEnv(image: string): Record<string, string> {
  const kind = imageKind(image);
  if (kind === 'frontend' || kind === 'node') return { ...NODE14_ENV };
  if (kind === 'calicoctl') return { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/' };
  return { ...BASE_ENV };
}

function envName(service: string): string {
  return service.toUpperCase().replaceAll('-', '_');
}

/** Docker-link style variables for Services that existed when the pod was created (enableServiceLinks). */
function serviceLinkEnv(store: ClusterStore, pod: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  const ns = pod.metadata.namespace ?? 'default';
  const created = pod.metadata.creationTimestamp ?? '';
  const linked = pod.spec?.enableServiceLinks === false ? [] : store.list('services', ns);
  const master = store.get('services', 'default', 'kubernetes');
  const services = master && ns !== 'default' ? [master, ...linked] : linked;
  for (const svc of services) {
    const ip: string | undefined = svc.spec?.clusterIP;
    if (!ip || ip === 'None') continue;
    if (svc.metadata.name !== 'kubernetes' && (svc.metadata.creationTimestamp ?? '') > created) continue;
    const ports: { port: number; name?: string; protocol?: string }[] = svc.spec?.ports ?? [];
    if (ports.length === 0) continue;
    const prefix = envName(svc.metadata.name);
    const proto = (ports[0].protocol ?? 'TCP').toLowerCase();
    out[`${prefix}_SERVICE_HOST`] = ip;
    out[`${prefix}_SERVICE_PORT`] = String(ports[0].port);
    out[`${prefix}_PORT`] = `${proto}://${ip}:${ports[0].port}`;
    for (const p of ports) {
      const pp = (p.protocol ?? 'TCP').toLowerCase();
      if (p.name) out[`${prefix}_SERVICE_PORT_${envName(p.name)}`] = String(p.port);
      const key = `${prefix}_PORT_${p.port}_${pp.toUpperCase()}`;
      out[key] = `${pp}://${ip}:${p.port}`;
      out[`${key}_PROTO`] = pp;
      out[`${key}_PORT`] = String(p.port);
      out[`${key}_ADDR`] = ip;
    }
  }
  return out;
}

function decodeSecret(secret: KubeObject, key: string): string | undefined {
  const data = secret.data?.[key];
  if (typeof data === 'string') return Buffer.from(data, 'base64').toString('utf8');
  const plain = secret.stringData?.[key];
  return typeof plain === 'string' ? plain : undefined;
}

function fieldValue(pod: KubeObject, path: string): string | undefined {
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid;
    case 'spec.nodeName':
      return pod.spec?.nodeName;
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? 'default';
    case 'status.podIP':
      return pod.status?.podIP;
    case 'status.hostIP':
      return pod.status?.hostIP;
    default: {
      const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
      return m ? pod.metadata[m[1] as 'labels' | 'annotations']?.[m[2]] : undefined;
    }
  }
}

/** Kubelet's `$(VAR)` expansion against variables defined so far; `$$(VAR)` escapes. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && name in env ? env[name] : m;
  });
}

// biome-ignore lint/suspicious/noExplicitAny: container specs are open-ended JSON like KubeObject.
export type ContainerSpec = Record<string, any>;

export function findContainer(pod: KubeObject, name?: string): ContainerSpec | undefined {
  const containers: ContainerSpec[] = pod.spec?.containers ?? [];
  return name ? containers.find((c) => c.name === name) : containers[0];
}

/** Only the variables the pod spec sets (what the app's build bakes in). */
export function specEnv(
  store: ClusterStore,
  pod: KubeObject,
  container: ContainerSpec | undefined,
): Record<string, string> {
  const ns = pod.metadata.namespace ?? 'default';
  const out: Record<string, string> = {};
  for (const from of container?.envFrom ?? []) {
    const prefix: string = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = store.get('configmaps', ns, from.configMapRef.name);
      for (const [k, v] of Object.entries(cm?.data ?? {})) out[prefix + k] = String(v);
    }
    if (from.secretRef) {
      const secret = store.get('secrets', ns, from.secretRef.name);
      for (const k of Object.keys({ ...(secret?.data ?? {}), ...(secret?.stringData ?? {}) })) {
        const v = secret ? decodeSecret(secret, k) : undefined;
        if (v !== undefined) out[prefix + k] = v;
      }
    }
  }
  for (const e of container?.env ?? []) {
    let value: string | undefined;
    if (typeof e.value === 'string') value = expand(e.value, out);
    else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      const v = store.get('configmaps', ns, ref.name)?.data?.[ref.key];
      value = typeof v === 'string' ? v : undefined;
    } else if (e.valueFrom?.secretKeyRef) {
      const ref = e.valueFrom.secretKeyRef;
      const secret = store.get('secrets', ns, ref.name);
      value = secret ? decodeSecret(secret, ref.key) : undefined;
    } else if (e.valueFrom?.fieldRef) value = fieldValue(pod, e.valueFrom.fieldRef.fieldPath);
    else if (e.value === undefined && !e.valueFrom) value = '';
    if (value !== undefined) out[e.name] = value;
  }
  return out;
}

/** The full environment `env` shows inside the container. */
export function containerEnv(
  store: ClusterStore,
  pod: KubeObject,
  containerName?: string,
): Record<string, string> {
  const container = findContainer(pod, containerName);
  const image: string = container?.image ?? '';
  const hostname: string = pod.spec?.hostname ?? pod.metadata.name;
  return {
    ...imageEnv(image),
    HOSTNAME: hostname,
    HOME: '/root',
    ...serviceLinkEnv(store, pod),
    ...specEnv(store, pod, container),
  };
}
