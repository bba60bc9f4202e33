import { isPodReady } from '../../cluster/waits.ts';
import type {
  EvidenceCalicoNode,
  EvidenceCondition,
  EvidenceContainerStatus,
  EvidenceEndpoint,
  EvidenceNode,
  EvidencePod,
  EvidencePool,
} from '../../evidence/schema.ts';
import { cniIpamType } from '../../probes/parse/cni.ts';
import { type LiveState, requireKube } from '../state.ts';
import { calicoctl } from './pools.ts';
import { selectorOf } from './rollout.ts';

// biome-ignore lint/suspicious/noExplicitAny: API objects are read as open JSON here.
type Obj = any;
const CNI_CONFLIST = '/etc/cni/net.d/10-calico.conflist';

/**
 * The `collect` step: a snapshot of what the cluster shows — nodes (with each node's CNI config),
 * pools, IPAM blocks, calico-node, the workload's pods, the Service and its endpoints — plus the
 * diagnostics a failing check attaches. It runs after a failed rollout too, to explain it.
 */
export async function collectStep(s: LiveState): Promise<string> {
  const kube = requireKube(s);
  const nodes = (await kube.listNodes()) as Obj[];
  const cniConfigs: Record<string, string> = {};
  s.ev.nodes = [];
  // One `minikube ssh` per node, side by side: each is a process of its own.
  const configs = await Promise.all(nodes.map((n) => readCniConfig(s, n.metadata.name)));
  for (const [i, n] of nodes.entries()) {
    const name: string = n.metadata.name;
    const cniConfig = configs[i];
    if (cniConfig) cniConfigs[name] = cniConfig;
    s.ev.nodes.push(nodeEvidence(n, cniConfig));
  }
  s.ev.cluster.versions.kubernetes = nodes[0]?.status?.nodeInfo?.kubeletVersion;
  s.ev.cluster.versions.containerRuntime = nodes[0]?.status?.nodeInfo?.containerRuntimeVersion;

  s.ev.pools = (
    (await kube.listCustom('crd.projectcalico.org', 'v1', 'ippools').catch(() => [])) as Obj[]
  ).map(poolEvidence);
  s.ev.ipamBlocks = (
    (await kube.listCustom('crd.projectcalico.org', 'v1', 'ipamblocks').catch(() => [])) as Obj[]
  ).map((b) => ({
    cidr: b.spec?.cidr ?? '',
    ...(b.spec?.affinity ? { affinity: b.spec.affinity } : {}),
    inUse: (b.spec?.allocations ?? []).filter((a: unknown) => a !== null && a !== undefined).length,
  }));

  const calicoPods = (await kube.listPods('kube-system', 'k8s-app=calico-node')) as Obj[];
  s.ev.calicoNodes = calicoPods.map(calicoNodeEvidence);
  const kc = (await kube.listPods('kube-system', 'k8s-app=calico-kube-controllers')) as Obj[];
  s.ev.calicoKubeControllersReady = kc.some((p) => isPodReady(p));

  const w = s.facts.workload;
  const selector = w ? selectorOf(w.body) : '';
  const pods = selector ? ((await kube.listPods(s.namespace, selector)) as Obj[]) : [];
  s.ev.pods = pods.map(podEvidence);
  if (w?.kind === 'Deployment' && w.name) {
    const d = (await kube
      .getJson(`/apis/apps/v1/namespaces/${s.namespace}/deployments/${w.name}`)
      .catch(() => undefined)) as Obj;
    if (d) s.ev.deployment = { ...deploymentEvidence(d), ...s.rolloutRecord };
  }
  await collectService(s);
  s.ev.diagnostics = {
    pods: describePods([...pods, ...calicoPods]),
    events: await eventsText(s),
    calicoNodeLog: await calicoNodeLog(s, calicoPods),
    cniConfigs,
    ipamShow: await calicoctl(s, ['ipam', 'show', '--show-blocks']).catch(
      (e) => `(calicoctl ipam show failed: ${(e as Error).message})`,
    ),
  };
  const ips = s.ev.pods.map((p) => `${p.name}=${p.ip ?? '<none>'}@${p.node ?? '?'}`).join(', ');
  return `${s.ev.nodes.length} nodes, ${s.ev.pools.length} pools, ${s.ev.ipamBlocks.length} IPAM blocks, pods ${ips || 'none'}`;
}

async function readCniConfig(s: LiveState, node: string): Promise<string | undefined> {
  if (!s.minikube) return undefined;
  const r = await s.minikube
    .ssh(s.config.profile, node, ['sudo', 'cat', CNI_CONFLIST])
    .catch(() => undefined);
  return r && r.exitCode === 0 ? r.stdout : undefined;
}

function nodeEvidence(n: Obj, cniConfig: string | undefined): EvidenceNode {
  const ready = (n.status?.conditions ?? []).find((c: Obj) => c.type === 'Ready');
  const ipam = cniConfig ? cniIpamType(cniConfig) : undefined;
  return {
    name: n.metadata.name,
    ready: ready?.status === 'True',
    ...(ready?.status !== 'True' && ready
      ? { readyMessage: `${ready.reason ?? ''}: ${ready.message ?? ''}`.trim() }
      : {}),
    labels: n.metadata.labels ?? {},
    internalIP: (n.status?.addresses ?? []).find((a: Obj) => a.type === 'InternalIP')?.address ?? '',
    containerRuntimeVersion: n.status?.nodeInfo?.containerRuntimeVersion ?? '',
    ...(n.spec?.podCIDR ? { podCIDR: n.spec.podCIDR } : {}),
    ...(cniConfig ? { cniConfig } : {}),
    ...(ipam ? { cniIpamType: ipam } : {}),
  };
}

function poolEvidence(p: Obj): EvidencePool {
  const spec = p.spec ?? {};
  return {
    name: p.metadata.name,
    cidr: spec.cidr ?? '',
    blockSize: Number(spec.blockSize ?? 26),
    nodeSelector: spec.nodeSelector ?? 'all()',
    disabled: spec.disabled === true,
    ipipMode: spec.ipipMode ?? 'Never',
    natOutgoing: spec.natOutgoing === true,
    ...(spec.vxlanMode ? { vxlanMode: spec.vxlanMode } : {}),
    ...(p.metadata.creationTimestamp ? { createdAt: iso(p.metadata.creationTimestamp) } : {}),
  };
}

const iso = (t: unknown) => (t instanceof Date ? t.toISOString() : String(t));

function calicoNodeEvidence(p: Obj): EvidenceCalicoNode {
  return {
    pod: p.metadata.name,
    node: p.spec?.nodeName ?? '',
    ready: isPodReady(p),
    phase: p.status?.phase ?? 'Unknown',
    image: p.spec?.containers?.[0]?.image ?? '',
    restartCount: (p.status?.containerStatuses ?? []).reduce(
      (n: number, c: Obj) => n + (c.restartCount ?? 0),
      0,
    ),
  };
}

function containerStatus(c: Obj): EvidenceContainerStatus {
  const state = c.state?.running
    ? 'running'
    : c.state?.waiting
      ? 'waiting'
      : c.state?.terminated
        ? 'terminated'
        : 'unknown';
  const detail = c.state?.waiting ?? c.state?.terminated;
  return {
    name: c.name,
    ...(c.image ? { image: c.image } : {}),
    ready: c.ready === true,
    restartCount: c.restartCount ?? 0,
    state,
    ...(detail?.reason ? { reason: detail.reason } : {}),
    ...(detail?.message ? { message: detail.message } : {}),
  };
}

function podEvidence(p: Obj): EvidencePod {
  const statuses: EvidenceContainerStatus[] = (p.status?.containerStatuses ?? []).map(containerStatus);
  const waiting = statuses.find((c) => c.state === 'waiting')?.reason;
  const conditions: EvidenceCondition[] = (p.status?.conditions ?? []).map((c: Obj) => ({
    type: c.type,
    status: c.status,
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
  }));
  return {
    name: p.metadata.name,
    namespace: p.metadata.namespace,
    ...(p.spec?.nodeName ? { node: p.spec.nodeName } : {}),
    ...(p.status?.podIP ? { ip: p.status.podIP } : {}),
    phase: p.status?.phase ?? 'Unknown',
    ready: isPodReady(p),
    createdAt: iso(p.metadata.creationTimestamp),
    labels: p.metadata.labels ?? {},
    conditions,
    containerStatuses: statuses,
    restartCount: statuses.reduce((n, c) => n + c.restartCount, 0),
    ...(waiting
      ? { waitingReason: waiting }
      : p.status?.phase === 'Pending' && !p.spec?.nodeName
        ? { waitingReason: 'Unschedulable' }
        : {}),
  };
}

function deploymentEvidence(d: Obj) {
  const container = d.spec?.template?.spec?.containers?.[0] ?? {};
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) if (typeof e.value === 'string') env[e.name] = e.value;
  return {
    name: d.metadata.name,
    namespace: d.metadata.namespace,
    replicas: d.spec?.replicas ?? 1,
    readyReplicas: d.status?.readyReplicas ?? 0,
    availableReplicas: d.status?.availableReplicas ?? 0,
    updatedReplicas: d.status?.updatedReplicas ?? 0,
    conditions: (d.status?.conditions ?? []).map((c: Obj) => ({
      type: c.type,
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    })),
    rolledOut: false,
    waitedMs: 0,
    env,
    ...(container.image ? { image: container.image } : {}),
  };
}

async function collectService(s: LiveState): Promise<void> {
  const kube = requireKube(s);
  const name =
    s.facts.services[0]?.name ??
    s.facts.exposes.find((e) => e.name === s.facts.workload?.name)?.serviceName ??
    s.facts.workload?.name;
  if (!name) return;
  const svc = (await kube.getService(s.namespace, name).catch(() => undefined)) as Obj;
  if (!svc) return;
  s.ev.service = {
    name,
    namespace: s.namespace,
    type: svc.spec?.type ?? 'ClusterIP',
    clusterIP: svc.spec?.clusterIP ?? '',
    ports: (svc.spec?.ports ?? []).map((p: Obj) => ({
      ...(p.name ? { name: p.name } : {}),
      port: p.port,
      ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
      ...(p.nodePort ? { nodePort: p.nodePort } : {}),
      ...(p.protocol ? { protocol: p.protocol } : {}),
    })),
    selector: svc.spec?.selector ?? {},
    sessionAffinity: svc.spec?.sessionAffinity ?? 'None',
  };
  const ep = (await kube.getEndpoints(s.namespace, name).catch(() => undefined)) as Obj;
  const out: EvidenceEndpoint[] = [];
  for (const subset of ep?.subsets ?? []) {
    for (const [list, ready] of [
      [subset.addresses ?? [], true],
      [subset.notReadyAddresses ?? [], false],
    ] as const)
      for (const a of list)
        out.push({
          ip: a.ip,
          ...(a.targetRef?.name ? { pod: a.targetRef.name } : {}),
          ...(a.nodeName ? { node: a.nodeName } : {}),
          ready,
        });
  }
  s.ev.endpoints = out;
}

/** `kubectl get pods -o wide`-like lines plus each container's state and the pod conditions. */
function describePods(pods: Obj[]): string {
  return pods
    .map((p) => {
      const e = podEvidence(p);
      const containers = e.containerStatuses
        .map(
          (c) =>
            `    container ${c.name}: ${c.state}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}, restarts ${c.restartCount}`,
        )
        .join('\n');
      const conds = (e.conditions ?? [])
        .map((c) => `${c.type}=${c.status}${c.reason ? `(${c.reason})` : ''}`)
        .join(' ');
      return `${e.namespace}/${e.name}  ${e.phase}  ready=${e.ready}  ip=${e.ip ?? '<none>'}  node=${e.node ?? '<none>'}\n    conditions: ${conds || '-'}\n${containers}`;
    })
    .join('\n');
}

async function eventsText(s: LiveState): Promise<string> {
  const events = (
    (await requireKube(s)
      .listEvents()
      .catch(() => [])) as Obj[]
  ).slice(-60);
  return events
    .map(
      (e) =>
        `${e.type ?? ''} ${e.reason ?? ''} ${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}: ${e.message ?? ''}`,
    )
    .join('\n');
}

async function calicoNodeLog(s: LiveState, calicoPods: Obj[]): Promise<string | undefined> {
  const pod = calicoPods.find((p) => !isPodReady(p)) ?? calicoPods[0];
  if (!pod) return undefined;
  return requireKube(s)
    .logs('kube-system', pod.metadata.name, { tailLines: 40 })
    .then((log) => `${pod.metadata.name}:\n${log}`)
    .catch((e) => `(logs of ${pod.metadata.name} unavailable: ${(e as Error).message})`);
}
