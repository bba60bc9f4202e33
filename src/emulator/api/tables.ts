/**
 * Server-side printing: `meta.k8s.io/v1` Tables, which `kubectl get` asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io,…` (docs/reference-facts.md, kube-api-emulation,
 * "kubectl get prints from server-side Tables"). Columns and cell formats follow the apiserver's
 * printers (pkg/printers/internalversion/printers.go); priority-1 columns show only with `-o wide`.
 */
import type { KubeObject, ResourceType } from '../store/types.ts';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

interface Printer {
  columns: ColumnDefinition[];
  cells(obj: KubeObject, now: number): unknown[];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** kubectl's `duration.HumanDuration` (the AGE column). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    const y = Math.floor(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

function age(ts: string | undefined, now: number): string {
  if (!ts) return '<unknown>';
  return humanDuration(now - Date.parse(ts));
}

function col(name: string, type: string, description: string, priority = 0, format = ''): ColumnDefinition {
  return { name, type, format, description, priority };
}

const NAME = col('Name', 'string', 'Name must be unique within a namespace.', 0, 'name');
const AGE = col(
  'Age',
  'string',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
);

function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels?.[k]}`).join(',') : '<none>';
}

function formatSelector(
  sel: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined,
) {
  if (!sel) return '<none>';
  const parts = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => `${k}=${sel.matchLabels?.[k]}`);
  for (const e of (sel.matchExpressions ?? []) as { key: string; operator: string; values?: string[] }[]) {
    const op = e.operator.toLowerCase();
    if (op === 'exists') parts.push(e.key);
    else if (op === 'doesnotexist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

function containersAndImages(template: KubeObject['spec']): [string, string] {
  const containers = (template?.spec?.containers ?? []) as { name: string; image: string }[];
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(',')];
}

// ---------------------------------------------------------------- pods

interface ContainerState {
  waiting?: { reason?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}
interface ContainerStatus {
  ready?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

/** STATUS and RESTARTS exactly as the apiserver's printPod derives them. */
export function podStatusCells(
  pod: KubeObject,
  now: number,
): { ready: string; status: string; restarts: string } {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const total = (spec.containers ?? []).length;
  let restarts = 0;
  let lastRestart: number | undefined;
  let ready = 0;
  let reason: string = status.reason || status.phase || '';
  const noteRestart = (cs: ContainerStatus) => {
    restarts += cs.restartCount ?? 0;
    const finished = cs.lastState?.terminated?.finishedAt;
    if (finished) lastRestart = Math.max(lastRestart ?? 0, Date.parse(finished));
  };

  let initializing = false;
  const initStatuses = (status.initContainerStatuses ?? []) as ContainerStatus[];
  const initCount = (spec.initContainers ?? []).length;
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    noteRestart(cs);
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (term) {
      reason = term.reason
        ? `Init:${term.reason}`
        : term.signal
          ? `Init:Signal:${term.signal}`
          : `Init:ExitCode:${term.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }

  if (!initializing) {
    let hasRunning = false;
    const statuses = (status.containerStatuses ?? []) as ContainerStatus[];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      noteRestart(cs);
      const st = cs.state ?? {};
      if (st.waiting?.reason) reason = st.waiting.reason;
      else if (st.terminated?.reason) reason = st.terminated.reason;
      else if (st.terminated)
        reason = st.terminated.signal
          ? `Signal:${st.terminated.signal}`
          : `ExitCode:${st.terminated.exitCode}`;
      else if (cs.ready && st.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const readyCond = ((status.conditions ?? []) as { type: string; status: string }[]).some(
        (c) => c.type === 'Ready' && c.status === 'True',
      );
      reason = readyCond ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  const restartText =
    lastRestart !== undefined && restarts > 0
      ? `${restarts} (${humanDuration(now - lastRestart)} ago)`
      : `${restarts}`;
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

const podPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE,
    col(
      'IP',
      'string',
      'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      1,
    ),
    col('Node', 'string', 'NodeName is a request to schedule this pod onto a specific node.', 1),
    col(
      'Nominated Node',
      'string',
      'nominatedNodeName is set when this pod preempts other pods on the node.',
      1,
    ),
    col(
      'Readiness Gates',
      'string',
      'If specified, all readiness gates will be evaluated for pod readiness.',
      1,
    ),
  ],
  cells(pod, now) {
    const s = podStatusCells(pod, now);
    const gates = (pod.spec?.readinessGates ?? []) as { conditionType: string }[];
    const conditions = (pod.status?.conditions ?? []) as { type: string; status: string }[];
    const gatesText = gates.length
      ? `${gates.filter((g) => conditions.some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`
      : '<none>';
    return [
      pod.metadata.name,
      s.ready,
      s.status,
      s.restarts,
      age(pod.metadata.creationTimestamp, now),
      pod.status?.podIP || '<none>',
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      gatesText,
    ];
  },
};

// ---------------------------------------------------------------- nodes

function nodeStatus(node: KubeObject): string {
  const conditions = (node.status?.conditions ?? []) as { type: string; status: string }[];
  const readyCond = conditions.find((c) => c.type === 'Ready');
  const parts = [readyCond ? (readyCond.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function nodeAddress(node: KubeObject, type: string): string {
  const a = ((node.status?.addresses ?? []) as { type: string; address: string }[]).find(
    (x) => x.type === type,
  );
  return a?.address || '<none>';
}

const nodePrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col(
      'Internal-IP',
      'string',
      'List of addresses reachable to the node. Queried from cloud provider, if available.',
      1,
    ),
    col(
      'External-IP',
      'string',
      'List of addresses reachable to the node. Queried from cloud provider, if available.',
      1,
    ),
    col(
      'OS-Image',
      'string',
      'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
      1,
    ),
    col(
      'Kernel-Version',
      'string',
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
      1,
    ),
    col(
      'Container-Runtime',
      'string',
      'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
      1,
    ),
  ],
  cells(node, now) {
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata.name,
      nodeStatus(node),
      nodeRoles(node),
      age(node.metadata.creationTimestamp, now),
      info.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

// ---------------------------------------------------------------- services & endpoints

function serviceExternalIp(svc: KubeObject): string {
  const spec = svc.spec ?? {};
  const external = (spec.externalIPs ?? []) as string[];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = ((svc.status?.loadBalancer?.ingress ?? []) as { ip?: string; hostname?: string }[]).map(
        (i) => i.ip || i.hostname || '',
      );
      const all = [...ingress, ...external].filter(Boolean);
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '<none>';
    default:
      return '<unknown>';
  }
}

function servicePorts(svc: KubeObject): string {
  const ports = (svc.spec?.ports ?? []) as { port: number; nodePort?: number; protocol?: string }[];
  if (!ports.length) return '<none>';
  return ports
    .map((p) =>
      p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`,
    )
    .join(',');
}

const servicePrinter: Printer = {
  columns: [
    NAME,
    col('Type', 'string', 'type determines how the Service is exposed.'),
    col(
      'Cluster-IP',
      'string',
      'clusterIP is the IP address of the service and is usually assigned randomly.',
    ),
    col(
      'External-IP',
      'string',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE,
    col(
      'Selector',
      'string',
      'Route service traffic to pods with label keys and values matching this selector.',
      1,
    ),
  ],
  cells(svc, now) {
    return [
      svc.metadata.name,
      svc.spec?.type ?? 'ClusterIP',
      svc.spec?.clusterIP || '<none>',
      serviceExternalIp(svc),
      servicePorts(svc),
      age(svc.metadata.creationTimestamp, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};

/** `10.244.1.4:3000,10.244.0.5:3000 + 2 more...` as kubectl's formatEndpoints. */
function formatEndpoints(ep: KubeObject): string {
  const list: string[] = [];
  let count = 0;
  for (const subset of (ep.subsets ?? []) as { addresses?: { ip: string }[]; ports?: { port: number }[] }[]) {
    const ports = subset.ports?.length ? subset.ports : [undefined];
    for (const port of ports) {
      for (const addr of subset.addresses ?? []) {
        count++;
        if (list.length < 3) list.push(port ? `${addr.ip}:${port.port}` : addr.ip);
      }
    }
  }
  if (count === 0) return '<none>';
  return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

const endpointsPrinter: Printer = {
  columns: [NAME, col('Endpoints', 'string', 'Endpoints of the service'), AGE],
  cells: (ep, now) => [ep.metadata.name, formatEndpoints(ep), age(ep.metadata.creationTimestamp, now)],
};

const endpointSlicePrinter: Printer = {
  columns: [
    NAME,
    col('AddressType', 'string', 'The IP protocol for this slice'),
    col('Ports', 'string', 'The ports for this slice'),
    col('Endpoints', 'string', 'Endpoints in this slice'),
    AGE,
  ],
  cells(es, now) {
    const ports = (es.ports ?? []) as { port?: number }[];
    const addrs = ((es.endpoints ?? []) as { addresses?: string[] }[]).flatMap((e) => e.addresses ?? []);
    const shown = addrs.slice(0, 3).join(',');
    return [
      es.metadata.name,
      es.addressType ?? '',
      ports.length ? ports.map((p) => String(p.port ?? '')).join(',') : '<unset>',
      addrs.length ? (addrs.length > 3 ? `${shown} + ${addrs.length - 3} more...` : shown) : '<unset>',
      age(es.metadata.creationTimestamp, now),
    ];
  },
};

// ---------------------------------------------------------------- workloads

const integer = (name: string, description: string) => col(name, 'integer', description);

function wideWorkloadColumns(): ColumnDefinition[] {
  return [
    col('Containers', 'string', 'Names of each container in the template.', 1),
    col('Images', 'string', 'Images referenced by each container in the template.', 1),
    col('Selector', 'string', 'Label selector for pods.', 1),
  ];
}

const deploymentPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'Number of the pod with ready state'),
    integer(
      'Up-to-date',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    integer(
      'Available',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    AGE,
    ...wideWorkloadColumns(),
  ],
  cells(d, now) {
    const st = d.status ?? {};
    const [containers, images] = containersAndImages(d.spec?.template);
    return [
      d.metadata.name,
      `${st.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      st.updatedReplicas ?? 0,
      st.availableReplicas ?? 0,
      age(d.metadata.creationTimestamp, now),
      containers,
      images,
      formatSelector(d.spec?.selector),
    ];
  },
};

const replicaSetPrinter: Printer = {
  columns: [
    NAME,
    integer('Desired', 'Number of desired pods.'),
    integer('Current', 'Number of actual replicas.'),
    integer('Ready', 'The number of ready replicas for this replica set.'),
    AGE,
    ...wideWorkloadColumns(),
  ],
  cells(rs, now) {
    const [containers, images] = containersAndImages(rs.spec?.template);
    return [
      rs.metadata.name,
      rs.spec?.replicas ?? 1,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      age(rs.metadata.creationTimestamp, now),
      containers,
      images,
      formatSelector(rs.spec?.selector),
    ];
  },
};

const daemonSetPrinter: Printer = {
  columns: [
    NAME,
    integer('Desired', 'The total number of nodes that should be running the daemon pod.'),
    integer(
      'Current',
      'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
    ),
    integer(
      'Ready',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    ),
    integer('Up-to-date', 'The total number of nodes that are running updated daemon pod'),
    integer(
      'Available',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.',
    ),
    col(
      'Node Selector',
      'string',
      'NodeSelector is a selector which must be true for the pod to fit on a node.',
    ),
    AGE,
    ...wideWorkloadColumns(),
  ],
  cells(ds, now) {
    const st = ds.status ?? {};
    const [containers, images] = containersAndImages(ds.spec?.template);
    return [
      ds.metadata.name,
      st.desiredNumberScheduled ?? 0,
      st.currentNumberScheduled ?? 0,
      st.numberReady ?? 0,
      st.updatedNumberScheduled ?? 0,
      st.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(ds.metadata.creationTimestamp, now),
      containers,
      images,
      formatSelector(ds.spec?.selector),
    ];
  },
};

// ---------------------------------------------------------------- misc core

const namespacePrinter: Printer = {
  columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
  cells: (ns, now) => [
    ns.metadata.name,
    ns.status?.phase ?? 'Active',
    age(ns.metadata.creationTimestamp, now),
  ],
};

const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'string', 'Time when last this event was observed.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col(
      'Reason',
      'string',
      'This should be a short, machine understandable string that gives the reason for this event being generated.',
    ),
    col('Object', 'string', 'The object that this event is about.'),
    col('Subobject', 'string', 'The subobject that this event is about.', 1),
    col('Source', 'string', 'The component reporting this event.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded.', 1),
    col('Count', 'integer', 'The number of times this event has occurred.', 1),
    col('Name', 'string', 'Name must be unique within a namespace.', 1, 'name'),
  ],
  cells(ev, now) {
    const last = ev.lastTimestamp || ev.eventTime || ev.metadata.creationTimestamp;
    const first = ev.firstTimestamp || ev.eventTime || ev.metadata.creationTimestamp;
    const io = ev.involvedObject ?? {};
    const source = ev.source?.component
      ? [ev.source.component, ev.source.host].filter(Boolean).join(', ')
      : ev.reportingComponent || '';
    return [
      age(last, now),
      ev.type ?? '',
      ev.reason ?? '',
      `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`,
      io.fieldPath ?? '',
      source,
      String(ev.message ?? '').trim(),
      age(first, now),
      ev.count ?? 1,
      ev.metadata.name,
    ];
  },
};

const configMapPrinter: Printer = {
  columns: [NAME, integer('Data', 'Data contains the configuration data.'), AGE],
  cells: (cm, now) => [
    cm.metadata.name,
    Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
    age(cm.metadata.creationTimestamp, now),
  ],
};

const secretPrinter: Printer = {
  columns: [
    NAME,
    col('Type', 'string', 'The type of the secret'),
    integer('Data', 'The number of data entries.'),
    AGE,
  ],
  cells: (s, now) => [
    s.metadata.name,
    s.type ?? 'Opaque',
    Object.keys(s.data ?? {}).length,
    age(s.metadata.creationTimestamp, now),
  ],
};

const serviceAccountPrinter: Printer = {
  columns: [NAME, integer('Secrets', 'Secrets is a list of the secrets in the same namespace.'), AGE],
  cells: (sa, now) => [sa.metadata.name, (sa.secrets ?? []).length, age(sa.metadata.creationTimestamp, now)],
};

/** CRD-backed resources without additionalPrinterColumns (and CRDs themselves). */
const createdAtPrinter: Printer = {
  columns: [
    NAME,
    col(
      'Created At',
      'date',
      'CreationTimestamp is a timestamp representing the server time when this object was created.',
    ),
  ],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? ''],
};

const defaultPrinter: Printer = {
  columns: [NAME, AGE],
  cells: (o, now) => [o.metadata.name, age(o.metadata.creationTimestamp, now)],
};

const PRINTERS: Record<string, Printer> = {
  '/Pod': podPrinter,
  '/Node': nodePrinter,
  '/Service': servicePrinter,
  '/Endpoints': endpointsPrinter,
  '/Namespace': namespacePrinter,
  '/Event': eventPrinter,
  '/ConfigMap': configMapPrinter,
  '/Secret': secretPrinter,
  '/ServiceAccount': serviceAccountPrinter,
  'apps/Deployment': deploymentPrinter,
  'apps/ReplicaSet': replicaSetPrinter,
  'apps/DaemonSet': daemonSetPrinter,
  'discovery.k8s.io/EndpointSlice': endpointSlicePrinter,
  'apiextensions.k8s.io/CustomResourceDefinition': createdAtPrinter,
};

function printerFor(rt: ResourceType): Printer {
  const p = PRINTERS[`${rt.group}/${rt.kind}`];
  if (p) return p;
  return rt.group.endsWith('.projectcalico.org') ? createdAtPrinter : defaultPrinter;
}

/** True when the Accept header asks for a Table (kubectl get without -o json/yaml). */
export function wantsTable(accept: string | undefined): boolean {
  return accept?.includes('as=Table') ?? false;
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export interface TableOptions {
  now: number;
  includeObject?: IncludeObject;
  resourceVersion?: string;
  /** Omit column definitions (later watch events, as the apiserver does). */
  noHeaders?: boolean;
}

export function toTable(
  rt: ResourceType,
  objects: KubeObject[],
  opts: TableOptions,
): Record<string, unknown> {
  const printer = printerFor(rt);
  const include = opts.includeObject ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {},
    columnDefinitions: opts.noHeaders ? [] : printer.columns,
    rows: objects.map((o) => ({ cells: printer.cells(o, opts.now), object: rowObject(o, include) })),
  };
}
