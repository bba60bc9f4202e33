/**
 * Evidence bundles for tests: a fully passing reference bundle that matches the reference submission
 * (fixtures/submissions/reference: rack-0-ippool 192.168.0.0/24 `rack == "0"` on minikube, rack-1-ippool
 * 192.168.1.0/24 `rack == "1"` on minikube-m02), and mutators that break it the way real clusters break.
 * Values follow the reference documents: node IPs and versions (docs/reference-facts.md, minikube §2-§6), pod IPs from the
 * pools' first blocks (docs/reference-facts.md, calico-ippool §5), busybox outputs (docs/reference-facts.md, container-tools-output §1, §3).
 */

import {
  EVIDENCE_SCHEMA,
  type Evidence,
  type EvidenceStep,
  type PingProbe,
  STEP,
  toEvidence,
} from '../evidence/schema.ts';
import { podFqdn as podFqdnOf } from '../probes/names.ts';
import { evenSplitPValue } from '../probes/stats.ts';

export const REF = {
  namespace: 'default',
  deployment: 'lab4-deployment',
  service: 'lab4-service',
  clusterIP: '10.104.12.34',
  nodePort: 31234,
  nodes: ['minikube', 'minikube-m02'] as const,
  nodeIPs: ['192.168.49.2', '192.168.49.3'] as const,
  pods: ['lab4-deployment-6b9c7d8f5d-2xk8p', 'lab4-deployment-6b9c7d8f5d-k6tfh'] as const,
  podIPs: ['192.168.0.68', '192.168.1.4'] as const,
  env: { REACT_APP_USERNAME: 'ivanova-as', REACT_APP_COMPANY_NAME: 'ITMO University' },
  /** When the pools step ended (pods are created after it). */
  poolsReadyAt: '2024-11-08T10:02:00.000Z',
} as const;

const T0 = Date.parse('2024-11-08T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

export const CALICO_CONFLIST = (node: string, ipam = '{"type":"calico-ipam"}') =>
  `{"name":"k8s-pod-network","cniVersion":"0.3.1","plugins":[{"type":"calico","log_level":"info","log_file_path":"/var/log/calico/cni/cni.log","datastore_type":"kubernetes","nodename":"${node}","mtu":0,"ipam":${ipam},"policy":{"type":"k8s"},"kubernetes":{"kubeconfig":"/etc/cni/net.d/calico-kubeconfig"}},{"type":"portmap","snat":true,"capabilities":{"portMappings":true}},{"type":"bandwidth","capabilities":{"bandwidth":true}}]}`;

/** busybox `ping -c N` output (docs/reference-facts.md, container-tools-output §1). */
export function busyboxPingOutput(target: string, ip: string, transmitted: number, received: number): string {
  const lines = [`PING ${target} (${ip}): 56 data bytes`];
  for (let i = 0; i < received; i++)
    lines.push(`64 bytes from ${ip}: seq=${i} ttl=62 time=0.${300 - i * 80} ms`);
  const loss = transmitted === 0 ? 0 : Math.floor(((transmitted - received) * 100) / transmitted);
  lines.push('', `--- ${target} ping statistics ---`);
  lines.push(`${transmitted} packets transmitted, ${received} packets received, ${loss}% packet loss`);
  if (received > 0) lines.push(`round-trip min/avg/max = 0.${300 - (received - 1) * 80}/0.220/0.300 ms`);
  return `${lines.join('\n')}\n`;
}

/** busybox `nslookup NAME` output for one A answer (docs/reference-facts.md, container-tools-output §3). */
export function busyboxNslookupOutput(name: string, address: string): string {
  return `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\t${name}\nAddress: ${address}\n\n\n`;
}

function pingProbe(
  from: number,
  to: number,
  kind: 'ip' | 'fqdn',
  ips: readonly string[] = REF.podIPs,
): PingProbe {
  const ip = ips[to] as string;
  const target = kind === 'ip' ? ip : podFqdn(ip);
  return {
    from: REF.pods[from],
    to: REF.pods[to],
    target,
    kind,
    transmitted: 3,
    received: 3,
    lossPct: 0,
    resolvedIp: ip,
    rtt: { min: 0.14, avg: 0.22, max: 0.3 },
    exitCode: 0,
    output: busyboxPingOutput(target, ip, 3, 3),
  };
}

/** `<a>-<b>-<c>-<d>.<ns>.pod.cluster.local` (docs/reference-facts.md, kubectl-and-pods §5). */
export function podFqdn(ip: string, namespace: string = REF.namespace): string {
  return podFqdnOf(ip, namespace);
}

const STEP_PLAN: [string, number][] = [
  [STEP.cluster, 95_000],
  [STEP.calico, 20_000],
  [STEP.labels, 2_000],
  [STEP.pools, 3_000],
  [STEP.deploy, 1_000],
  [STEP.rollout, 44_000],
  [STEP.collect, 2_000],
  [STEP.lb, 6_000],
  [STEP.page, 2_000],
  [STEP.ping, 8_000],
  [STEP.dns, 1_000],
];

function steps(): EvidenceStep[] {
  let t = 0;
  return STEP_PLAN.map(([name, durationMs]) => {
    const step: EvidenceStep = { name, status: 'ok', startedAt: at(t), durationMs };
    t += durationMs;
    return step;
  });
}

function lbSamples(): Evidence['probes']['lb'] {
  // 20 fresh connections, 11 to the first pod and 9 to the second: an ordinary random split.
  const order = [0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0];
  const samples = order.map((i) => ({ pod: REF.pods[i], ip: REF.podIPs[i], ok: true }));
  const counts = { [REF.pods[0]]: 11, [REF.pods[1]]: 9 };
  return {
    method: 'host',
    url: `http://${REF.nodeIPs[0]}:${REF.nodePort}/`,
    samples,
    counts,
    pValue: evenSplitPValue([11, 9]),
  };
}

function reference(): Evidence {
  const podCreated = at(121_500);
  return {
    schema: EVIDENCE_SCHEMA,
    cluster: {
      kind: 'minikube',
      profile: 'minikube',
      context: 'minikube',
      versions: {
        minikube: 'v1.34.0',
        kubernetes: 'v1.24.3',
        calico: 'v3.28.1',
        containerRuntime: 'containerd://1.7.21',
      },
    },
    nodes: REF.nodes.map((name, i) => ({
      name,
      ready: true,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'minikube.k8s.io/name': 'minikube',
        'minikube.k8s.io/primary': i === 0 ? 'true' : 'false',
        ...(i === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
        rack: String(i),
      },
      internalIP: REF.nodeIPs[i],
      containerRuntimeVersion: 'containerd://1.7.21',
      podCIDR: `10.244.${i}.0/24`,
      cniConfig: CALICO_CONFLIST(name),
      cniIpamType: 'calico-ipam',
    })),
    pools: [0, 1].map((i) => ({
      name: `rack-${i}-ippool`,
      cidr: `192.168.${i}.0/24`,
      blockSize: 26,
      nodeSelector: `rack == "${i}"`,
      disabled: false,
      ipipMode: 'Always',
      natOutgoing: true,
      vxlanMode: 'Never',
      createdAt: at(118_000),
    })),
    ipamBlocks: [
      // The default pool's blocks keep coredns and calico-kube-controllers after the pool is deleted (§7).
      { cidr: '10.244.120.64/26', inUse: 2 },
      { cidr: '192.168.0.64/26', affinity: 'host:minikube', inUse: 2 },
      { cidr: '192.168.1.0/26', affinity: 'host:minikube-m02', inUse: 2 },
    ],
    calicoNodes: [
      {
        pod: 'calico-node-kdvn5',
        node: 'minikube',
        ready: true,
        phase: 'Running',
        image: 'docker.io/calico/node:v3.28.1',
        restartCount: 0,
      },
      {
        pod: 'calico-node-mxftx',
        node: 'minikube-m02',
        ready: true,
        phase: 'Running',
        image: 'docker.io/calico/node:v3.28.1',
        restartCount: 0,
      },
    ],
    calicoKubeControllersReady: true,
    labelsSource: 'report',
    labelsApplied: [
      { node: 'minikube', key: 'rack', value: '0' },
      { node: 'minikube-m02', key: 'rack', value: '1' },
    ],
    deployment: {
      name: REF.deployment,
      namespace: REF.namespace,
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      updatedReplicas: 2,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: 'ReplicaSet "lab4-deployment-6b9c7d8f5d" has successfully progressed.',
        },
      ],
      rolledOut: true,
      waitedMs: 43_000,
      lastSeen: 'deployment "lab4-deployment" successfully rolled out',
      env: { ...REF.env },
      image: 'ifilyaninitmo/itdt-contained-frontend:master',
    },
    pods: REF.pods.map((name, i) => ({
      name,
      namespace: REF.namespace,
      node: REF.nodes[i],
      ip: REF.podIPs[i],
      phase: 'Running',
      ready: true,
      createdAt: podCreated,
      labels: { app: 'lab4-frontend', 'pod-template-hash': '6b9c7d8f5d' },
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'True' },
        { type: 'ContainersReady', status: 'True' },
        { type: 'PodScheduled', status: 'True' },
      ],
      containerStatuses: [
        {
          name: 'frontend',
          image: 'docker.io/ifilyaninitmo/itdt-contained-frontend:master',
          ready: true,
          restartCount: 0,
          state: 'running',
        },
      ],
      restartCount: 0,
    })),
    service: {
      name: REF.service,
      namespace: REF.namespace,
      type: 'NodePort',
      clusterIP: REF.clusterIP,
      ports: [{ port: 3000, targetPort: 'http', nodePort: REF.nodePort, protocol: 'TCP' }],
      selector: { app: 'lab4-frontend' },
      sessionAffinity: 'None',
    },
    endpoints: REF.pods.map((pod, i) => ({ ip: REF.podIPs[i], pod, node: REF.nodes[i], ready: true })),
    probes: {
      lb: lbSamples(),
      page: REF.pods.map((pod, i) => ({
        pod,
        bundlePath: `/static/js/main.${i === 0 ? '3f9c2a1b' : '8e07d4c5'}.js`,
        username: REF.env.REACT_APP_USERNAME,
        company: REF.env.REACT_APP_COMPANY_NAME,
        containerName: pod,
        containerIp: REF.podIPs[i],
      })),
      ping: [pingProbe(0, 1, 'ip'), pingProbe(1, 0, 'ip'), pingProbe(0, 1, 'fqdn'), pingProbe(1, 0, 'fqdn')],
      dns: [
        {
          from: REF.pods[0],
          name: `${REF.service}.${REF.namespace}.svc.cluster.local`,
          resolved: [REF.clusterIP],
          expected: REF.clusterIP,
          exitCode: 0,
          output: busyboxNslookupOutput(`${REF.service}.${REF.namespace}.svc.cluster.local`, REF.clusterIP),
        },
      ],
    },
    steps: steps(),
    diagnostics: {
      pods: [
        'NAMESPACE     NAME                               READY   STATUS    RESTARTS   AGE   IP             NODE           NOMINATED NODE   READINESS GATES',
        `default       ${REF.pods[0]}   1/1     Running   0          62s   ${REF.podIPs[0]}   minikube       <none>           <none>`,
        `default       ${REF.pods[1]}   1/1     Running   0          62s   ${REF.podIPs[1]}    minikube-m02   <none>           <none>`,
      ].join('\n'),
      events:
        'LAST SEEN   TYPE     REASON    OBJECT                                 MESSAGE\n60s         Normal   Started   pod/lab4-deployment-6b9c7d8f5d-2xk8p   Started container frontend',
      calicoNodeLog:
        '2024-11-08 10:01:50.123 [INFO][1] felix/health.go 336: Overall health status changed: live=true ready=true',
      cniConfigs: { minikube: CALICO_CONFLIST('minikube'), 'minikube-m02': CALICO_CONFLIST('minikube-m02') },
      ipamShow: [
        '+----------+------------------+-----------+------------+--------------+',
        '| GROUPING |       CIDR       | IPS TOTAL | IPS IN USE |   IPS FREE   |',
        '+----------+------------------+-----------+------------+--------------+',
        '| IP Pool  | 192.168.0.0/24   |       256 | 2 (1%)     | 254 (99%)    |',
        '| Block    | 192.168.0.64/26  |        64 | 2 (3%)     | 62 (97%)     |',
        '| IP Pool  | 192.168.1.0/24   |       256 | 2 (1%)     | 254 (99%)    |',
        '| Block    | 192.168.1.0/26   |        64 | 2 (3%)     | 62 (97%)     |',
        '+----------+------------------+-----------+------------+--------------+',
      ].join('\n'),
    },
    submission: {
      path: 'fixtures/submissions/reference',
      labelsFromReport: [
        { node: 'minikube', key: 'rack', value: '0' },
        { node: 'minikube-m02', key: 'rack', value: '1' },
      ],
      pools: [
        { name: 'rack-0-ippool', cidr: '192.168.0.0/24', nodeSelector: 'rack == "0"' },
        { name: 'rack-1-ippool', cidr: '192.168.1.0/24', nodeSelector: 'rack == "1"' },
      ],
      env: { ...REF.env },
    },
    startedAt: at(0),
    durationMs: STEP_PLAN.reduce((s, [, d]) => s + d, 0),
  };
}

export type EvidenceMutator = (e: Evidence) => void;

/** The passing reference bundle, validated; a fresh copy on every call. */
export function referenceEvidence(): Evidence {
  return toEvidence(reference(), 'evidence-builder');
}

/** The reference bundle with mutators applied in order, validated against the schema afterwards. */
export function buildEvidence(...mutators: EvidenceMutator[]): Evidence {
  const e = reference();
  for (const m of mutators) m(e);
  return toEvidence(JSON.parse(JSON.stringify(e)), 'evidence-builder');
}

export function findStep(e: Evidence, name: string): EvidenceStep {
  const step = e.steps.find((s) => s.name === name);
  if (!step) throw new Error(`no step ${name}`);
  return step;
}

/** Sets fields of one step (status, error, detail). */
export const withStep =
  (name: string, patch: Partial<EvidenceStep>): EvidenceMutator =>
  (e) => {
    Object.assign(findStep(e, name), patch);
  };

/** Marks every later probe step skipped because of `cause`, as a driver does after a failure. */
function skipProbes(e: Evidence, cause: string): void {
  for (const name of [STEP.lb, STEP.page, STEP.ping, STEP.dns])
    Object.assign(findStep(e, name), { status: 'skipped', detail: cause });
  e.probes = { lb: null, page: [], ping: [], dns: [] };
}

/** Re-addresses pod `index` everywhere the bundle mentions its IP. */
export function setPodIp(e: Evidence, index: 0 | 1, ip: string): void {
  const name = REF.pods[index];
  const old = e.pods.find((p) => p.name === name)?.ip;
  for (const p of e.pods) if (p.name === name) p.ip = ip;
  for (const ep of e.endpoints) if (ep.pod === name) ep.ip = ip;
  for (const page of e.probes.page) if (page.pod === name) page.containerIp = ip;
  for (const s of e.probes.lb?.samples ?? []) if (s.pod === name) s.ip = ip;
  e.probes.ping = e.probes.ping.map((p) => (p.to === name ? { ...p, ...retarget(p, ip) } : p));
  if (old && e.diagnostics.pods) e.diagnostics.pods = e.diagnostics.pods.replaceAll(old, ip);
}

function retarget(p: PingProbe, ip: string): Partial<PingProbe> {
  const target = p.kind === 'ip' ? ip : podFqdn(ip);
  return { target, resolvedIp: ip, output: busyboxPingOutput(target, ip, p.transmitted, p.received) };
}

/** The seed's symptom: the CNI config uses host-local IPAM, so pods get node-podCIDR IPs and the pools are ignored. */
export const hostLocalIpam: EvidenceMutator = (e) => {
  const ipam = '{"type":"host-local","subnet":"usePodCidr"}';
  for (const n of e.nodes) {
    n.cniIpamType = 'host-local';
    n.cniConfig = CALICO_CONFLIST(n.name, ipam);
  }
  e.diagnostics.cniConfigs = Object.fromEntries(e.nodes.map((n) => [n.name, CALICO_CONFLIST(n.name, ipam)]));
  e.diagnostics.ipamShow = 'listing blocks is not supported with host-local IPAM on KDD';
  e.ipamBlocks = [];
  setPodIp(e, 0, '10.244.0.3');
  setPodIp(e, 1, '10.244.1.2');
};

/** The default pool was never deleted: it keeps serving the nodes' affine blocks (docs/reference-facts.md, calico-ippool §5.4). */
export const defaultPoolKept: EvidenceMutator = (e) => {
  e.pools.unshift({
    name: 'default-ipv4-ippool',
    cidr: '10.244.0.0/16',
    blockSize: 26,
    nodeSelector: 'all()',
    disabled: false,
    ipipMode: 'Always',
    natOutgoing: true,
    vxlanMode: 'Never',
    createdAt: at(80_000),
  });
  e.ipamBlocks = [
    { cidr: '10.244.120.64/26', affinity: 'host:minikube', inUse: 4 },
    { cidr: '10.244.205.192/26', affinity: 'host:minikube-m02', inUse: 2 },
  ];
  setPodIp(e, 0, '10.244.120.68');
  setPodIp(e, 1, '10.244.205.195');
};

/** The pods were started before the pools existed and kept their default-pool addresses (§7). */
export const podsBeforePools: EvidenceMutator = (e) => {
  for (const p of e.pods) p.createdAt = at(100_000);
  e.ipamBlocks = [
    { cidr: '10.244.120.64/26', inUse: 4 },
    { cidr: '10.244.205.192/26', inUse: 1 },
  ];
  setPodIp(e, 0, '10.244.120.68');
  setPodIp(e, 1, '10.244.205.195');
};

/** ICMP between the racks is dropped: every ping runs to 100% loss. */
export const icmpBlocked: EvidenceMutator = (e) => {
  e.probes.ping = e.probes.ping.map((p) => {
    const { rtt: _rtt, ...rest } = p;
    return {
      ...rest,
      received: 0,
      lossPct: 100,
      exitCode: 1,
      output: busyboxPingOutput(p.target, p.resolvedIp ?? p.target, 3, 0),
    };
  });
};

/** CoreDNS answers nothing: nslookup times out and names do not resolve for ping. */
export const dnsBroken: EvidenceMutator = (e) => {
  const timeout =
    ';; connection timed out; no servers could be reached\n\ncommand terminated with exit code 1\n';
  e.probes.dns = e.probes.dns.map((d) => ({ ...d, resolved: [], exitCode: 1, output: timeout }));
  e.probes.ping = e.probes.ping.map((p) => {
    if (p.kind !== 'fqdn') return p;
    const { rtt: _rtt, resolvedIp: _ip, ...rest } = p;
    return {
      ...rest,
      transmitted: 0,
      received: 0,
      lossPct: 100,
      exitCode: 1,
      output: `ping: bad address '${p.target}'\ncommand terminated with exit code 1\n`,
    };
  });
};

/** calico-node never becomes Ready on either node. */
export const calicoNotReady: EvidenceMutator = (e) => {
  for (const c of e.calicoNodes) {
    c.ready = false;
    c.restartCount = 4;
  }
  e.calicoKubeControllersReady = false;
  Object.assign(findStep(e, STEP.calico), {
    status: 'failed',
    durationMs: 300_000,
    error: 'timed out waiting for the condition on pods/calico-node-kdvn5',
    detail: '0/2 calico-node Ready',
  });
  e.diagnostics.calicoNodeLog =
    '2024-11-08 10:06:35.001 [WARNING][88] felix/health.go 211: Reporter is not ready. name="int_dataplane"\n' +
    'bird: Unable to open configuration file /etc/calico/confd/config/bird.cfg: No such file or directory\n' +
    'calico/node is not ready: BIRD is not ready: Error querying BIRD: unable to connect to BIRDv4 socket';
};

/** The Deployment never becomes available: the pods wait in ContainerCreating without an IP. */
export const rolloutTimeout: EvidenceMutator = (e) => {
  const d = e.deployment!;
  Object.assign(d, {
    readyReplicas: 0,
    availableReplicas: 0,
    updatedReplicas: 2,
    rolledOut: false,
    waitedMs: 360_000,
    lastSeen:
      'Waiting for deployment "lab4-deployment" rollout to finish: 0 of 2 updated replicas are available...',
    conditions: [
      {
        type: 'Available',
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "lab4-deployment-6b9c7d8f5d" has timed out progressing.',
      },
    ],
  });
  for (const p of e.pods) {
    p.phase = 'Pending';
    p.ready = false;
    delete p.ip;
    p.waitingReason = 'ContainerCreating';
    p.conditions = [
      { type: 'Initialized', status: 'True' },
      {
        type: 'Ready',
        status: 'False',
        reason: 'ContainersNotReady',
        message: 'containers with unready status: [frontend]',
      },
      { type: 'PodScheduled', status: 'True' },
    ];
    p.containerStatuses = p.containerStatuses.map((c) => ({
      ...c,
      ready: false,
      state: 'waiting',
      reason: 'ContainerCreating',
    }));
  }
  e.endpoints = e.endpoints.map((ep) => ({ ...ep, ready: false }));
  Object.assign(findStep(e, STEP.rollout), {
    status: 'failed',
    durationMs: 360_000,
    error: 'error: timed out waiting for the condition',
    detail: d.lastSeen,
  });
  e.diagnostics.events =
    'LAST SEEN   TYPE      REASON                   OBJECT                                 MESSAGE\n' +
    '2m          Warning   FailedCreatePodSandBox   pod/lab4-deployment-6b9c7d8f5d-k6tfh   Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="calico" failed (add): stat /var/lib/calico/nodename: no such file or directory: check that the calico/node container is running and has mounted /var/lib/calico/';
  skipProbes(e, `the Deployment did not roll out (${d.lastSeen})`);
};
