/**
 * The Pod Security Standards "baseline" level as k8s.io/pod-security-admission evaluates it
 * (staging/src/k8s.io/pod-security-admission/policy/check_*.go, policy version of Kubernetes 1.31,
 * the emulator's default). Each check returns the reason and detail the real library returns;
 * the checks run in the library's registration order (its files' alphabetical order), and
 * AggregateCheckResults.ForbiddenDetail joins them as `reason (detail), reason (detail)`.
 * Pure: the live apply policy and the emulated apiserver's admission both use it.
 */

// biome-ignore lint/suspicious/noExplicitAny: pod specs are untyped JSON.
type Json = any;

export interface CheckResult {
  /** e.g. `host namespaces` */
  reason: string;
  /** e.g. `hostNetwork=true, hostPID=true` */
  detail: string;
}

/** The labels PodSecurity reads on a Namespace (pod-security-admission/api/constants.go). */
export const PSA_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const PSA_ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';
export const PSA_WARN_LABEL = 'pod-security.kubernetes.io/warn';
export const PSA_WARN_VERSION_LABEL = 'pod-security.kubernetes.io/warn-version';

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** helpers.go joinQuote / pluralize */
const joinQuote = (items: readonly string[]) => (items.length ? `"${items.join('", "')}"` : '');
const plural = (one: string, many: string, n: number) => (n === 1 ? one : many);
/** sets.NewString(...).List(): unique, byte-wise sorted. */
const sortedSet = (items: Iterable<string>) => [...new Set(items)].sort();

/** visitor.go visitContainers: init containers, containers, ephemeral containers. */
function containers(spec: Json): Json[] {
  return [...list(spec.initContainers), ...list(spec.containers), ...list(spec.ephemeralContainers)];
}
const cname = (c: Json) => str(c.name);
const sc = (c: Json): Json => obj(c.securityContext);

/** `pod and containers "a", "b"` — the setters phrase of several checks. */
function setters(pod: boolean, names: string[], extra: string[] = []): string {
  const parts = pod ? ['pod'] : [];
  if (names.length) parts.push(`${plural('container', 'containers', names.length)} ${joinQuote(names)}`);
  return [...parts, ...extra].join(' and ');
}

type Check = (meta: Json, spec: Json) => CheckResult | undefined;

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** check_appArmorProfile.go (1.30+: the annotation and the appArmorProfile fields). */
const appArmorProfile: Check = (meta, spec) => {
  const allowedType = (p: Json) => ['RuntimeDefault', 'Localhost'].includes(str(p.type));
  const badTypes: string[] = [];
  const podBad =
    'appArmorProfile' in obj(spec.securityContext) && !allowedType(obj(spec.securityContext).appArmorProfile);
  if (podBad) badTypes.push(str(obj(spec.securityContext).appArmorProfile?.type));
  const names: string[] = [];
  for (const c of containers(spec))
    if ('appArmorProfile' in sc(c) && !allowedType(obj(sc(c).appArmorProfile))) {
      names.push(cname(c));
      badTypes.push(str(obj(sc(c).appArmorProfile).type));
    }
  const annotations: string[] = [];
  for (const [k, v] of Object.entries(obj(meta.annotations))) {
    const value = str(v);
    if (!k.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
    if (value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
    annotations.push(`${k}=${JSON.stringify(value)}`);
  }
  annotations.sort();
  const extra = annotations.length ? [plural('annotation', 'annotations', annotations.length)] : [];
  if (!podBad && !names.length && !annotations.length) return undefined;
  const values = [...sortedSet(badTypes), ...annotations];
  return {
    reason: plural('forbidden AppArmor profile', 'forbidden AppArmor profiles', values.length),
    detail: `${setters(podBad, names, extra)} must not set AppArmor profile type to ${joinQuote(values)}`,
  };
};

/** check_capabilities_baseline.go: the default set a container may add. */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

const capabilitiesBaseline: Check = (_meta, spec) => {
  const names: string[] = [];
  const caps: string[] = [];
  for (const c of containers(spec)) {
    const added = Array.isArray(obj(sc(c).capabilities).add) ? sc(c).capabilities.add.map(String) : [];
    const extra = added.filter((cap: string) => !BASELINE_CAPABILITIES.includes(cap));
    if (extra.length) {
      names.push(cname(c));
      caps.push(...extra);
    }
  }
  if (!names.length) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${plural('container', 'containers', names.length)} ${joinQuote(names)} must not include ${joinQuote(sortedSet(caps))} in securityContext.capabilities.add`,
  };
};

/** check_hostNamespaces.go; the detail as real servers print it: `hostNetwork=true, hostPID=true`. */
const hostNamespaces: Check = (_meta, spec) => {
  const on = ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => spec[f] === true).map((f) => `${f}=true`);
  return on.length ? { reason: 'host namespaces', detail: sortedSet(on).join(', ') } : undefined;
};

const hostPathVolumes: Check = (_meta, spec) => {
  const names = list(spec.volumes)
    .filter((v) => v.hostPath != null)
    .map((v) => str(v.name));
  return names.length
    ? {
        reason: 'hostPath volumes',
        detail: `${plural('volume', 'volumes', names.length)} ${joinQuote(names)}`,
      }
    : undefined;
};

const hostPorts: Check = (_meta, spec) => {
  const names: string[] = [];
  const ports: string[] = [];
  for (const c of containers(spec)) {
    const used = list(c.ports)
      .map((p) => Number(p.hostPort ?? 0))
      .filter((p) => p !== 0);
    if (used.length) {
      names.push(cname(c));
      ports.push(...used.map(String));
    }
  }
  if (!names.length) return undefined;
  const set = sortedSet(ports);
  return {
    reason: 'hostPort',
    detail: `${plural('container', 'containers', names.length)} ${joinQuote(names)} ${plural('uses', 'use', names.length)} ${plural('hostPort', 'hostPorts', set.length)} ${set.join(', ')}`,
  };
};

const privileged: Check = (_meta, spec) => {
  const names = containers(spec)
    .filter((c) => sc(c).privileged === true)
    .map(cname);
  return names.length
    ? {
        reason: 'privileged',
        detail: `${plural('container', 'containers', names.length)} ${joinQuote(names)} must not set securityContext.privileged=true`,
      }
    : undefined;
};

const procMount: Check = (_meta, spec) => {
  const names: string[] = [];
  const types: string[] = [];
  for (const c of containers(spec)) {
    const t = sc(c).procMount;
    if (t == null || t === 'Default') continue;
    names.push(cname(c));
    types.push(String(t));
  }
  return names.length
    ? {
        reason: 'procMount',
        detail: `${plural('container', 'containers', names.length)} ${joinQuote(names)} must not set securityContext.procMount to ${joinQuote(sortedSet(types))}`,
      }
    : undefined;
};

/** selinuxAllowedTypes1_31 (container_engine_t allowed from policy version 1.31). */
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

const seLinuxOptions: Check = (_meta, spec) => {
  const badTypes: string[] = [];
  let setUser = false;
  let setRole = false;
  const valid = (o: Json): boolean => {
    let ok = true;
    if (!SELINUX_TYPES.includes(str(o.type))) {
      ok = false;
      badTypes.push(str(o.type));
    }
    if (str(o.user)) {
      ok = false;
      setUser = true;
    }
    if (str(o.role)) {
      ok = false;
      setRole = true;
    }
    return ok;
  };
  const podOpts = obj(spec.securityContext).seLinuxOptions;
  const podBad = podOpts != null && !valid(obj(podOpts));
  const names = containers(spec)
    .filter((c) => sc(c).seLinuxOptions != null && !valid(obj(sc(c).seLinuxOptions)))
    .map(cname);
  if (!podBad && !names.length) return undefined;
  const data: string[] = [];
  // As upstream: the user/role notes are only added next to a forbidden type.
  if (badTypes.length) {
    const types = sortedSet(badTypes);
    data.push(`${plural('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) data.push('user may not be set');
    if (setRole) data.push('role may not be set');
  }
  return {
    reason: 'seLinuxOptions',
    detail: `${setters(podBad, names)} set forbidden securityContext.seLinuxOptions: ${data.join('; ')}`,
  };
};

/** check_seccompProfile_baseline.go, 1.19+ (the seccompProfile fields). */
const seccompProfile: Check = (_meta, spec) => {
  const allowed = (p: Json) => ['RuntimeDefault', 'Localhost'].includes(str(p.type));
  const values: string[] = [];
  const podProfile = obj(spec.securityContext).seccompProfile;
  const podBad = podProfile != null && !allowed(obj(podProfile));
  if (podBad) values.push(str(obj(podProfile).type));
  const names: string[] = [];
  for (const c of containers(spec)) {
    const p = sc(c).seccompProfile;
    if (p != null && !allowed(obj(p))) {
      names.push(cname(c));
      values.push(str(obj(p).type));
    }
  }
  if (!podBad && !names.length) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `${setters(podBad, names)} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`,
  };
};

/** check_sysctls.go: the safe set of policy version 1.29–1.31 (1.27 and 1.29 added to the 1.0 five). */
export const BASELINE_SYSCTLS: readonly string[] = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];

const sysctls: Check = (_meta, spec) => {
  const bad = list(obj(spec.securityContext).sysctls)
    .map((s) => str(s.name))
    .filter((n) => !BASELINE_SYSCTLS.includes(n));
  return bad.length ? { reason: 'forbidden sysctls', detail: bad.join(', ') } : undefined;
};

const windowsHostProcess: Check = (_meta, spec) => {
  const on = (o: Json) => obj(o.windowsOptions).hostProcess === true;
  const podBad = on(obj(spec.securityContext));
  const names = containers(spec)
    .filter((c) => on(sc(c)))
    .map(cname);
  if (!podBad && !names.length) return undefined;
  return {
    reason: 'hostProcess',
    detail: `${setters(podBad, names)} must not set securityContext.windowsOptions.hostProcess=true`,
  };
};

/** In registration order (check_*.go file names, sorted): the order of a real server's message. */
const BASELINE_CHECKS: readonly Check[] = [
  appArmorProfile,
  capabilitiesBaseline,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  privileged,
  procMount,
  seLinuxOptions,
  seccompProfile,
  sysctls,
  windowsHostProcess,
];

/** Every baseline violation of a pod (metadata + spec), in the order a real server lists them. */
export function baselineViolations(metadata: unknown, spec: unknown): CheckResult[] {
  const m = obj(metadata);
  const s = obj(spec);
  return BASELINE_CHECKS.map((check) => check(m, s)).filter((r): r is CheckResult => r !== undefined);
}

/** AggregateCheckResult.ForbiddenDetail: `host namespaces (hostPID=true), privileged (…)`. */
export function forbiddenDetail(results: readonly CheckResult[]): string {
  return results.map((r) => (r.detail ? `${r.reason} (${r.detail})` : r.reason)).join(', ');
}

/** The policy a namespace's labels ask for (`baseline:latest`), or undefined for privileged/none. */
export function enforcedPolicy(labels: Record<string, string> | undefined): string | undefined {
  const level = labels?.[PSA_ENFORCE_LABEL];
  if (level !== 'baseline' && level !== 'restricted') return undefined;
  return `${level}:${labels?.[PSA_ENFORCE_VERSION_LABEL] || 'latest'}`;
}

/** The Forbidden message the apiserver returns for a pod that violates the policy. */
export function forbiddenMessage(podName: string, policy: string, results: readonly CheckResult[]): string {
  return `pods "${podName}" is forbidden: violates PodSecurity "${policy}": ${forbiddenDetail(results)}`;
}

/** The warning a pod controller (Deployment, ReplicaSet…) gets when its template would violate it. */
export function warningMessage(policy: string, results: readonly CheckResult[]): string {
  return `would violate PodSecurity "${policy}": ${forbiddenDetail(results)}`;
}
