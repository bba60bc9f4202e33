import { describe, expect, it } from 'vitest';
import {
  buildEvidence,
  calicoNotReady,
  defaultPoolKept,
  hostLocalIpam,
  podsBeforePools,
  REF,
  rolloutTimeout,
  setPodIp,
} from '../../testing/evidence-builder.ts';
import { grade, notPassing } from '../../testing/live-results.ts';

const DEPENDANTS = [
  'pods.spread-across-racks',
  'pods.ip-in-rack-pool',
  'service.endpoints',
  'service.lb-spread',
  'app.env-rendered',
  'network.ping-ip',
  'network.ping-fqdn',
  'dns.service-resolves',
];

describe('deployment.rolled-out', () => {
  it("on a rollout timeout fails with the pods' states, and every dependant skips with the reason", () => {
    const r = grade(buildEvidence(calicoNotReady, rolloutTimeout));
    const d = r['deployment.rolled-out']!;
    expect(d.status).toBe('fail');
    expect(d.message).toBe(
      'lab4-deployment did not roll out within 360 s: 0/2 ready, 2 updated, 0 available; Available=False (MinimumReplicasUnavailable), ' +
        'Progressing=False (ProgressDeadlineExceeded); pods: lab4-deployment-6b9c7d8f5d-2xk8p Pending/ContainerCreating (not ready) on minikube, ' +
        'lab4-deployment-6b9c7d8f5d-k6tfh Pending/ContainerCreating (not ready) on minikube-m02',
    );
    expect(d.hint).toMatch(/cluster\.calico-healthy/);
    expect(d.diagnostics).toContain(
      'conditions: Initialized=True, Ready=False (ContainersNotReady: containers with unready status: [frontend])',
    );
    expect(d.diagnostics).toContain('FailedCreatePodSandBox');
    expect(d.diagnostics).toContain('-- minikube: IPAM type calico-ipam');
    for (const id of DEPENDANTS) {
      expect(r[id]?.status, id).toBe('skip');
      expect(r[id]?.message, id).toContain(
        'the Deployment rollout failed after 360 s: error: timed out waiting for the condition',
      );
      expect(r[id]?.message, id).toContain(
        'lab4-deployment-6b9c7d8f5d-k6tfh Pending/ContainerCreating (not ready) on minikube-m02',
      );
      expect(r[id]?.message, id).toContain('(see deployment.rolled-out)');
    }
    expect(notPassing(r)).toMatchObject({
      'cluster.calico-healthy': 'fail',
      'deployment.rolled-out': 'fail',
    });
  });

  it('names a pool problem when Calico reports no pool for a node', () => {
    const r = grade(
      buildEvidence(rolloutTimeout, (e) => {
        e.diagnostics.events =
          'Warning FailedCreatePodSandBox pod/x plugin type="calico" failed (add): no configured Calico pools for node minikube-m02';
      }),
    );
    expect(r['deployment.rolled-out']?.hint).toBe(
      "Calico found no pool for node minikube-m02: label the node so that one pool's nodeSelector matches it (see pools.applied), then delete the stuck pods.",
    );
  });

  it('names the image when it cannot be pulled', () => {
    const r = grade(
      buildEvidence(rolloutTimeout, (e) => {
        for (const p of e.pods) p.waitingReason = 'ImagePullBackOff';
      }),
    );
    expect(r['deployment.rolled-out']?.message).toContain('Pending/ImagePullBackOff (not ready)');
    expect(r['deployment.rolled-out']?.hint).toMatch(/ifilyaninitmo\/itdt-contained-frontend:master/);
  });

  it("fails with kubectl's error when the manifests do not apply", () => {
    const r = grade(
      buildEvidence((e) => {
        const step = e.steps.find((s) => s.name === 'deploy')!;
        Object.assign(step, {
          status: 'failed',
          error: 'error: error parsing deployment.yaml: error converting YAML to JSON',
        });
        e.deployment = null;
      }),
    );
    expect(r['deployment.rolled-out']?.message).toBe(
      'applying the manifests failed: error: error parsing deployment.yaml: error converting YAML to JSON',
    );
  });
});

describe('pods.ip-in-rack-pool', () => {
  it('host-local IPAM: shows each pod IP, node, rack, expected pool, and names the CNI config as the cause', () => {
    const r = grade(buildEvidence(hostLocalIpam));
    const c = r['pods.ip-in-rack-pool']!;
    expect(c.status).toBe('fail');
    expect(c.points).toBe(0);
    expect(c.message).toContain(
      "lab4-deployment-6b9c7d8f5d-2xk8p on minikube (rack=0): IP 10.244.0.3, expected rack-0-ippool 192.168.0.0/24; the IP is in minikube's podCIDR 10.244.0.0/24",
    );
    expect(c.message).toContain(
      'lab4-deployment-6b9c7d8f5d-k6tfh on minikube-m02 (rack=1): IP 10.244.1.2, expected rack-1-ippool 192.168.1.0/24',
    );
    expect(c.message).toMatch(
      /Likely cause: the CNI config \(10-calico\.conflist\) on minikube and minikube-m02 uses IPAM type host-local/,
    );
    expect(c.message).not.toMatch(/before the pools|still enabled/);
    expect(c.hint).toMatch(/"ipam": \{"type": "calico-ipam"\}/);
    expect(c.evidence).toMatchObject({ causes: ['host-local-ipam'] });
    expect(c.diagnostics).toContain('-- minikube-m02: IPAM type host-local <- host-local');
    expect(c.diagnostics).toContain('"ipam":{"type":"host-local","subnet":"usePodCidr"}');
    expect(c.diagnostics).toContain('== calicoctl ipam show --show-blocks ==');
    // The silent failure: everything else looks fine.
    expect(notPassing(r)).toEqual({ 'pods.ip-in-rack-pool': 'fail' });
  });

  it('reads the IPAM type from the raw conflist when the field was not recorded', () => {
    const r = grade(
      buildEvidence(hostLocalIpam, (e) => {
        for (const n of e.nodes) delete n.cniIpamType;
      }),
    );
    expect(r['pods.ip-in-rack-pool']?.evidence).toMatchObject({ causes: ['host-local-ipam'] });
  });

  it('default pool still enabled: names it as the cause', () => {
    const c = grade(buildEvidence(defaultPoolKept))['pods.ip-in-rack-pool']!;
    expect(c.message).toContain(
      'IP 10.244.120.68, expected rack-0-ippool 192.168.0.0/24; the IP is in default-ipv4-ippool 10.244.0.0/16',
    );
    expect(c.message).toMatch(/Likely cause: default-ipv4-ippool \(10\.244\.0\.0\/16\) is still enabled/);
    expect(c.evidence).toMatchObject({ causes: ['default-pool'] });
  });

  it('pods created before the pools: compares creation with the pools step', () => {
    const c = grade(buildEvidence(podsBeforePools))['pods.ip-in-rack-pool']!;
    expect(c.message).toContain(
      'the IP is in IPAM block 10.244.120.64/26, which belongs to no pool on the cluster',
    );
    expect(c.message).toContain(
      `the pods were created before the pools were set up (${REF.pods[0]} at 2024-11-08T10:01:40.000Z and ${REF.pods[1]} at 2024-11-08T10:01:40.000Z; pools ready at ${REF.poolsReadyAt})`,
    );
    expect(c.hint).toMatch(/rollout restart/);
    expect(c.evidence).toMatchObject({ causes: ['pods-before-pools'] });
  });

  it("a pod in the other rack's pool is caught", () => {
    const c = grade(buildEvidence((e) => setPodIp(e, 0, '192.168.1.9')))['pods.ip-in-rack-pool']!;
    expect(c.message).toContain('1 of 2 pods have an IP outside');
    expect(c.message).toContain('the IP is in rack-1-ippool 192.168.1.0/24, which selects minikube-m02');
    expect(c.evidence).toMatchObject({ causes: ['wrong-rack-pool'] });
  });

  it('skips when no rack pool exists (pools.applied reports it)', () => {
    const r = grade(
      buildEvidence((e) => {
        e.pools = [];
      }),
    );
    expect(r['pods.ip-in-rack-pool']).toMatchObject({ status: 'skip' });
    expect(r['pods.ip-in-rack-pool']?.message).toMatch(
      /no enabled rack pool on the cluster \(see pools\.applied\)/,
    );
    expect(r['pools.applied']?.status).toBe('fail');
  });
});

describe('pods.spread-across-racks', () => {
  it('fails when both pods run in one rack, naming the empty rack', () => {
    const r = grade(
      buildEvidence((e) => {
        e.pods[1]!.node = 'minikube';
        setPodIp(e, 1, '192.168.0.69');
      }),
    );
    expect(r['pods.spread-across-racks']?.message).toBe(
      'lab4-deployment-6b9c7d8f5d-2xk8p on minikube (rack=0, pool rack-0-ippool) and lab4-deployment-6b9c7d8f5d-k6tfh on minikube ' +
        '(rack=0, pool rack-0-ippool); rack-1-ippool (minikube-m02) has no pod',
    );
    expect(r['pods.spread-across-racks']?.hint).toMatch(/topologySpreadConstraints/);
    expect(r['pods.ip-in-rack-pool']?.status).toBe('pass');
  });

  it('fails when every node is labelled into the same rack', () => {
    const r = grade(
      buildEvidence((e) => {
        e.pools = [];
        e.labelsApplied[1]!.value = '0';
        e.nodes[1]!.labels.rack = '0';
      }),
    );
    expect(r['pods.spread-across-racks']?.status).toBe('fail');
    expect(r['pods.spread-across-racks']?.message).toContain('every node is in the same rack');
  });

  it('skips when racks cannot be told apart at all', () => {
    const r = grade(
      buildEvidence((e) => {
        e.pools = [];
        e.labelsApplied = [];
        for (const n of e.nodes) delete n.labels.rack;
      }),
    );
    expect(r['pods.spread-across-racks']?.status).toBe('skip');
    expect(r['pods.spread-across-racks']?.message).toMatch(
      /racks cannot be told apart \(pods on minikube and minikube-m02; see labels\.applied\)/,
    );
    expect(r['labels.applied']?.status).toBe('fail');
  });
});
