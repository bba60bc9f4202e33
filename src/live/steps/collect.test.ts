/**
 * The `collect` step on the in-process emulated cluster, connected as `--cluster existing` does:
 * first on the bare cluster, then after the reference submission's labels, pools, Deployment and
 * Service (the grade's own steps), then after a rollout that failed. Object shapes:
 * docs/reference-facts.md, kubectl-and-pods §1–§4; the default pool and IPAM: calico-ippool §3–§7.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidrContains } from '../../calico/cidr.ts';
import { parseEvidence, STEP } from '../../evidence/schema.ts';
import {
  openSessionOnTestCluster,
  SETUP_TIMEOUT_MS,
  type SessionOnTestCluster,
} from '../../testing/live-session.ts';
import type { EvidenceDraft } from '../state.ts';
import { collectStep } from './collect.ts';

/** The reference's pools, and the rack the report's `kubectl label` gives each node (mapped by order). */
const RACK_POOL: Record<string, { rack: string; pool: string; cidr: string }> = {
  t: { rack: '0', pool: 'rack-0-ippool', cidr: '192.168.0.0/24' },
  't-m02': { rack: '1', pool: 'rack-1-ippool', cidr: '192.168.1.0/24' },
};
const NODES = ['t', 't-m02'];

describe('collect on the reference, deployed by the grade', () => {
  let t: SessionOnTestCluster;
  let bare: { detail: string; ev: EvidenceDraft };
  let detail: string;

  beforeAll(async () => {
    t = await openSessionOnTestCluster();
    await t.runSteps(STEP.cluster, STEP.calico);
    // collect requires only the cluster step: it runs after a failed setup too.
    const bareDetail = await collectStep(t.state);
    bare = { detail: bareDetail, ev: structuredClone(t.state.ev) };
    await t.runSteps(STEP.labels, STEP.pools, STEP.deploy, STEP.rollout);
    detail = await collectStep(t.state);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => t?.stop());

  it('on the bare cluster: the nodes, minikube’s default pool, no workload yet', () => {
    expect(bare.detail).toMatch(/^2 nodes, 1 pools, 2 IPAM blocks, pods none$/);
    expect(bare.ev.nodes.map((n) => [n.name, n.ready, n.labels.rack])).toEqual([
      ['t', true, undefined],
      ['t-m02', true, undefined],
    ]);
    // calico-ippool §3: on minikube 10.244.0.0/16, block /26, IPIP Always, VXLAN Never, NAT, all().
    expect(bare.ev.pools).toEqual([
      {
        name: 'default-ipv4-ippool',
        cidr: '10.244.0.0/16',
        blockSize: 26,
        nodeSelector: 'all()',
        disabled: false,
        ipipMode: 'Always',
        natOutgoing: true,
        vxlanMode: 'Never',
        createdAt: expect.any(String),
      },
    ]);
    // calico-ippool §5: one affine /26 of the default pool per node.
    expect(
      bare.ev.ipamBlocks
        .map((b) => [b.affinity, cidrContains('10.244.0.0/16', b.cidr.split('/')[0] ?? '')])
        .sort(),
    ).toEqual([
      ['host:t', true],
      ['host:t-m02', true],
    ]);
    expect(bare.ev.pods).toEqual([]);
    expect(bare.ev.service).toBeNull();
    expect(bare.ev.endpoints).toEqual([]);
    expect(bare.ev.deployment).toBeNull();
    // No calicoctl pod yet: the diagnostic says why it has no `ipam show`, the step still succeeds.
    expect(bare.ev.diagnostics.ipamShow).toMatch(/^\(calicoctl ipam show failed: /);
  });

  it('records the nodes with their rack labels, addresses and runtime', () => {
    const ev = t.state.ev;
    expect(ev.nodes.map((n) => n.name)).toEqual(NODES);
    for (const [i, n] of ev.nodes.entries()) {
      expect(n.ready).toBe(true);
      expect(n.labels).toMatchObject({
        rack: RACK_POOL[n.name]?.rack,
        'kubernetes.io/hostname': n.name,
        'minikube.k8s.io/primary': i === 0 ? 'true' : 'false',
      });
      // minikube §3: the docker driver's addresses in node order.
      expect(n.internalIP).toBe(`192.168.49.${i + 2}`);
      expect(n.containerRuntimeVersion).toMatch(/^containerd:\/\/\d/);
      // kubectl-and-pods §1: a /24 of 10.244.0.0/16 per node (Calico IPAM ignores it).
      expect(n.podCIDR).toBe(`10.244.${i}.0/24`);
      // An existing cluster has no `minikube ssh`: no CNI config to read.
      expect(n.cniConfig).toBeUndefined();
    }
    expect(ev.cluster.versions).toMatchObject({
      kubernetes: 'v1.31.0',
      calico: 'v3.28.1',
      containerRuntime: expect.stringMatching(/^containerd:\/\//),
    });
    expect(ev.calicoNodes.map((c) => [c.node, c.ready, c.phase, c.image]).sort()).toEqual(
      NODES.map((n) => [n, true, 'Running', 'docker.io/calico/node:v3.28.1']),
    );
    expect(ev.calicoKubeControllersReady).toBe(true);
  });

  it('records the rack pools, and the default pool gone (the report deletes it)', () => {
    expect(t.state.ev.pools).toEqual(
      Object.values(RACK_POOL).map((p) => ({
        name: p.pool,
        cidr: p.cidr,
        blockSize: 26,
        nodeSelector: `rack == "${p.rack}"`,
        disabled: false,
        ipipMode: 'Always',
        natOutgoing: true,
        vxlanMode: 'Never',
        createdAt: expect.any(String),
      })),
    );
  });

  it("records each pod on its own node, its IP in that node's rack pool", () => {
    const pods = t.state.ev.pods;
    expect(pods.map((p) => p.node).sort()).toEqual(NODES);
    for (const p of pods) {
      const rack = RACK_POOL[p.node ?? ''];
      expect(p).toMatchObject({
        namespace: 'lab4',
        phase: 'Running',
        ready: true,
        restartCount: 0,
        labels: { app: 'lab4-frontend' },
      });
      expect(p.name).toMatch(/^lab4-deployment-[a-z0-9]+-[a-z0-9]{5}$/);
      expect(cidrContains(rack?.cidr ?? '', p.ip ?? ''), `${p.name} ${p.ip} in ${rack?.cidr}`).toBe(true);
      expect(p.containerStatuses).toEqual([
        {
          name: 'frontend',
          // containerd reports the image by its full reference.
          image: 'docker.io/ifilyaninitmo/itdt-contained-frontend:master',
          ready: true,
          restartCount: 0,
          state: 'running',
        },
      ]);
      expect(p.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
  });

  it('records the IPAM blocks: one affine block per rack pool holding its pod, the old default block orphaned', () => {
    const { ipamBlocks, pods } = t.state.ev;
    const affine = ipamBlocks.filter((b) => b.affinity);
    expect(affine.map((b) => b.affinity).sort()).toEqual(NODES.map((n) => `host:${n}`));
    for (const b of affine) {
      const node = b.affinity?.replace('host:', '') ?? '';
      const [net, bits] = b.cidr.split('/');
      expect(bits).toBe('26');
      expect(cidrContains(RACK_POOL[node]?.cidr ?? '', net ?? '')).toBe(true);
      // calico-ippool §7: calico-node moves the tunnel address to the new pool; the pod is the other.
      expect(b.inUse).toBe(2);
      expect(cidrContains(b.cidr, pods.find((p) => p.node === node)?.ip ?? '')).toBe(true);
    }
    // calico-ippool §7: deleting the default pool leaves a used block without its affinity.
    for (const b of ipamBlocks.filter((x) => !x.affinity))
      expect(cidrContains('10.244.0.0/16', b.cidr.split('/')[0] ?? '')).toBe(true);
  });

  it('records the Deployment as rolled out, with its env and image', () => {
    expect(t.state.ev.deployment).toMatchObject({
      name: 'lab4-deployment',
      namespace: 'lab4',
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      updatedReplicas: 2,
      rolledOut: true,
      env: { REACT_APP_USERNAME: 'ivanova-as', REACT_APP_COMPANY_NAME: 'ITMO University' },
      image: 'ifilyaninitmo/itdt-contained-frontend:master',
    });
    expect(t.state.ev.deployment?.conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      'Available=True',
      'Progressing=True',
    ]);
  });

  it('records the Service and its endpoints: both pods, ready, by IP and node', () => {
    const { service, endpoints, pods } = t.state.ev;
    expect(service).toEqual({
      name: 'lab4-service',
      namespace: 'lab4',
      type: 'NodePort',
      clusterIP: expect.any(String),
      ports: [{ port: 3000, targetPort: 'http', nodePort: expect.any(Number), protocol: 'TCP' }],
      selector: { app: 'lab4-frontend' },
      sessionAffinity: 'None',
    });
    // kubectl-and-pods §4: ClusterIPs from 10.96.0.0/12, NodePorts 30000–32767.
    expect(cidrContains('10.96.0.0/12', service?.clusterIP ?? '')).toBe(true);
    const nodePort = service?.ports[0]?.nodePort ?? 0;
    expect(nodePort >= 30000 && nodePort <= 32767).toBe(true);
    expect([...endpoints].sort((a, b) => (a.node ?? '').localeCompare(b.node ?? ''))).toEqual(
      NODES.map((node) => {
        const pod = pods.find((p) => p.node === node);
        return { ip: pod?.ip, pod: pod?.name, node, ready: true };
      }),
    );
  });

  it('keeps the diagnostics: pods described, events, calicoctl ipam show of the rack pools', () => {
    const d = t.state.ev.diagnostics;
    for (const p of t.state.ev.pods)
      expect(d.pods).toContain(`lab4/${p.name}  Running  ready=true  ip=${p.ip}  node=${p.node}`);
    expect(d.pods).toMatch(/^kube-system\/calico-node-\w+ {2}Running/m);
    expect(d.events).toMatch(/ScalingReplicaSet Deployment\/lab4-deployment: Scaled up replica set/);
    // calico-manifests §5: pools, then their blocks.
    for (const cidr of Object.values(RACK_POOL).map((p) => p.cidr))
      expect(d.ipamShow).toMatch(new RegExp(`\\| IP Pool +\\| ${cidr.replaceAll('.', '\\.')} +\\|`));
    expect(d.cniConfigs).toEqual({});
    expect(d.calicoNodeLog).toMatch(/^calico-node-\w+:\n/);
  });

  it('sums it up in the detail, and the bundle so far is valid evidence', () => {
    const { ev } = t.state;
    const pods = [...ev.pods].map((p) => `${p.name}=${p.ip}@${p.node}`).join(', ');
    expect(detail).toBe(`2 nodes, 2 pools, ${ev.ipamBlocks.length} IPAM blocks, pods ${pods}`);
    expect(() => parseEvidence(JSON.stringify(t.session.evidence()))).not.toThrow();
  });
});

describe('collect after a failed rollout (every image pull fails)', () => {
  let t: SessionOnTestCluster;

  beforeAll(async () => {
    t = await openSessionOnTestCluster({ faults: 'image-pull-error', timeouts: { rollout: 1500 } });
    await t.runSteps(STEP.cluster, STEP.calico, STEP.labels, STEP.pools, STEP.deploy);
    const rollout = await t.session.runStep(STEP.rollout);
    expect(rollout.status).toBe('failed');
    await collectStep(t.state);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => t?.stop());

  it('explains it: pods waiting on the pull, the Deployment not rolled out, the last state seen', () => {
    const { pods, deployment, diagnostics } = t.state.ev;
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p.ready).toBe(false);
      expect(p.waitingReason).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
      expect(p.containerStatuses[0]).toMatchObject({ name: 'frontend', state: 'waiting', ready: false });
    }
    expect(deployment).toMatchObject({ readyReplicas: 0, availableReplicas: 0, rolledOut: false });
    expect(deployment?.lastSeen).toBeTruthy();
    expect(deployment?.waitedMs).toBeGreaterThanOrEqual(1000);
    expect(diagnostics.events).toMatch(
      /Failed to pull image "ifilyaninitmo\/itdt-contained-frontend:master"/,
    );
  });
});
