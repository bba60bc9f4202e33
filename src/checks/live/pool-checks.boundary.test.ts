/**
 * Boundary tests of the live pool, pod and cluster rules (issue 7): the default pool's removal
 * (deleted, disabled, `!all()`), pools.applied, pods.ip-in-rack-pool at the pool edges,
 * pods.spread-across-racks, cluster.nodes-ready, cluster.runtime-containerd, cluster.calico-healthy.
 */
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../evidence/schema.ts';
import { STEP } from '../../evidence/schema.ts';
import { buildEvidence, defaultPoolKept, REF, setPodIp, withStep } from '../../testing/evidence-builder.ts';
import { grade } from '../../testing/live-results.ts';

const defaultPool =
  (patch: Partial<Evidence['pools'][number]> = {}) =>
  (e: Evidence) => {
    e.pools.unshift({
      name: 'default-ipv4-ippool',
      cidr: '10.244.0.0/16',
      blockSize: 26,
      nodeSelector: 'all()',
      disabled: false,
      ipipMode: 'Always',
      natOutgoing: true,
      vxlanMode: 'Never',
      ...patch,
    });
  };

describe('pools.default-removed (live): deleted, disabled or selecting no node', () => {
  it('gone from the cluster passes', () => {
    const r = grade(buildEvidence())['pools.default-removed'];
    expect(r?.status).toBe('pass');
    expect(r?.message).toBe(
      'default-ipv4-ippool is not on the cluster, and none of the 2 app pods has an address from it',
    );
  });

  it.each([
    ['disabled: true', { disabled: true }, 'pass'],
    ['nodeSelector !all()', { nodeSelector: '!all()' }, 'pass'],
    ['nodeSelector "! all( )"', { nodeSelector: '! all( )' }, 'pass'],
    ['nodeSelector all()', { nodeSelector: 'all()' }, 'fail'],
    ['nodeSelector !has(rack)', { nodeSelector: '!has(rack)' }, 'fail'],
  ])('present with %s -> %s', (_what, patch, status) => {
    const r = grade(buildEvidence(defaultPool(patch)))['pools.default-removed'];
    expect(r?.status).toBe(status);
    if (status === 'pass') expect(r?.message).toContain('default-ipv4-ippool is on the cluster but disabled');
    else expect(r?.message).toBe('default-ipv4-ippool (10.244.0.0/16) is still enabled on the cluster');
  });

  it('disabled, but a pod still holds an address from it: fails with the recreate hint', () => {
    const r = grade(buildEvidence(defaultPool({ disabled: true }), (e) => setPodIp(e, 0, '10.244.120.68')))[
      'pools.default-removed'
    ];
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      `1 app pod(s) still have addresses from it: ${REF.pods[0]} 10.244.120.68 (default-ipv4-ippool 10.244.0.0/16)`,
    );
    expect(r?.hint).toMatch(/^Recreate the pods after the pools are in place/);
  });

  it('still enabled: the hint says to delete it', () => {
    const r = grade(buildEvidence(defaultPoolKept))['pools.default-removed'];
    expect(r?.status).toBe('fail');
    expect(r?.hint).toMatch(/^Run `calicoctl delete ippool default-ipv4-ippool`/);
    expect(r?.hint).toContain('kubectl rollout restart deployment/lab4-deployment');
  });

  it('deleted, a pod in an orphan block of it fails; a pod in a rack pool block does not', () => {
    const orphan = grade(buildEvidence((e) => setPodIp(e, 0, '10.244.120.66')))['pools.default-removed'];
    expect(orphan?.status).toBe('fail');
    expect(orphan?.message).toContain('(block 10.244.120.64/26, left from the deleted default-ipv4-ippool)');
    expect(grade(buildEvidence((e) => setPodIp(e, 0, '192.168.0.65')))['pools.default-removed']?.status).toBe(
      'pass',
    );
  });

  it("deleted, no block recorded: an address in 10.244.0.0/16 is the default pool's, unless the IPAM is host-local", () => {
    const inRange = grade(
      buildEvidence((e) => {
        e.ipamBlocks = [];
        setPodIp(e, 0, '10.244.255.255');
      }),
    )['pools.default-removed'];
    expect(inRange?.status).toBe('fail');
    expect(inRange?.message).toContain("(10.244.0.0/16, the default pool's range)");
    const outside = grade(
      buildEvidence((e) => {
        e.ipamBlocks = [];
        setPodIp(e, 0, '10.245.0.1');
      }),
    )['pools.default-removed'];
    expect(outside?.status).toBe('pass');
    const hostLocal = grade(
      buildEvidence((e) => {
        e.ipamBlocks = [];
        e.nodes[0]!.cniIpamType = 'host-local';
        setPodIp(e, 0, '10.244.0.3');
      }),
    )['pools.default-removed'];
    expect(hostLocal?.status).toBe('pass');
  });

  it('removed only by the grader: fails as not shown', () => {
    const r = grade(
      buildEvidence((e) => {
        e.defaultPoolRemoval = { by: 'grader', how: 'calicoctl delete ippool default-ipv4-ippool' } as never;
      }),
    )['pools.default-removed'];
    expect(r?.status).toBe('fail');
    expect(r?.evidence).toMatchObject({ notShown: true });
  });

  it('no pod with an IP: passes, saying addresses were not checked', () => {
    const r = grade(
      buildEvidence((e) => {
        for (const p of e.pods) delete p.ip;
      }),
    )['pools.default-removed'];
    expect(r?.message).toBe(
      'default-ipv4-ippool is not on the cluster (pod addresses not checked: no app pod has an IP)',
    );
  });
});

describe('pools.applied at its boundaries', () => {
  it('the same selector written differently still matches the submission', () => {
    const r = grade(
      buildEvidence((e) => {
        e.pools[0]!.nodeSelector = "rack=='0'";
      }),
    )['pools.applied'];
    expect(r?.status).toBe('pass');
  });

  it('a different cidr, a different selector, a missing or disabled pool fail', () => {
    const cidr = grade(
      buildEvidence((e) => {
        e.pools[0]!.cidr = '192.168.2.0/24';
      }),
    )['pools.applied'];
    expect(cidr?.status).toBe('fail');
    expect(cidr?.message).toContain(
      'rack-0-ippool has cidr 192.168.2.0/24 on the cluster, 192.168.0.0/24 in the submission',
    );
    const sel = grade(
      buildEvidence((e) => {
        e.pools[0]!.nodeSelector = 'rack == "2"';
      }),
    )['pools.applied'];
    expect(sel?.status).toBe('fail');
    expect(sel?.message).toContain(
      'rack-0-ippool selects `rack == "2"` on the cluster, `rack == "0"` in the submission',
    );
    const gone = grade(
      buildEvidence((e) => {
        e.pools.pop();
      }),
    )['pools.applied'];
    expect(gone?.message).toContain('rack-1-ippool (192.168.1.0/24) is not on the cluster');
    expect(gone?.message).toContain('1 enabled rack pool(s) on the cluster (rack-0-ippool), the lab needs 2');
    const disabled = grade(
      buildEvidence((e) => {
        e.pools[1]!.disabled = true;
      }),
    )['pools.applied'];
    expect(disabled?.message).toContain('rack-1-ippool is disabled on the cluster');
  });

  it('the same cidr with host bits written the canonical way matches', () => {
    const r = grade(
      buildEvidence((e) => {
        e.submission.pools![0]!.cidr = '192.168.0.0/24';
        e.pools[0]!.cidr = '192.168.0.0/24';
      }),
    )['pools.applied'];
    expect(r?.status).toBe('pass');
  });

  it('a pool selecting both nodes, or none, fails', () => {
    const both = grade(
      buildEvidence((e) => {
        e.pools[0]!.nodeSelector = 'has(rack)';
        e.submission.pools![0]!.nodeSelector = 'has(rack)';
      }),
    )['pools.applied'];
    expect(both?.status).toBe('fail');
    expect(both?.message).toContain('minikube-m02 is selected by 2 pools (rack-0-ippool and rack-1-ippool)');
    const none = grade(
      buildEvidence((e) => {
        e.pools[0]!.nodeSelector = 'rack == "9"';
        e.submission.pools![0]!.nodeSelector = 'rack == "9"';
      }),
    )['pools.applied'];
    expect(none?.status).toBe('fail');
    expect(none?.message).toContain('rack-0-ippool (`rack == "9"`) selects no node');
    expect(none?.message).toContain('no rack pool selects minikube');
  });

  it('a selector that does not parse is named', () => {
    const r = grade(
      buildEvidence((e) => {
        e.pools[0]!.nodeSelector = 'rack == 0';
        e.submission.pools![0]!.nodeSelector = 'rack == 0';
      }),
    )['pools.applied'];
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain("rack-0-ippool's nodeSelector does not parse");
  });
});

describe('pods.ip-in-rack-pool at the pool edges', () => {
  it.each([
    ['the first address of its pool', '192.168.0.0', 'pass'],
    ['the last address of its pool', '192.168.0.255', 'pass'],
    ['one past its pool (the other rack)', '192.168.1.0', 'fail'],
    ['one before its pool', '192.167.255.255', 'fail'],
  ])('pod 0 at %s -> %s', (_what, ip, status) => {
    expect(grade(buildEvidence((e) => setPodIp(e, 0, ip)))['pods.ip-in-rack-pool']?.status).toBe(status);
  });

  it("an address from the other rack's pool names that cause", () => {
    const r = grade(buildEvidence((e) => setPodIp(e, 0, '192.168.1.77')))['pods.ip-in-rack-pool'];
    expect(r?.message).toContain(
      `1 of 2 pods have an IP outside their rack's pool: ${REF.pods[0]} on minikube (rack=0): IP 192.168.1.77, expected rack-0-ippool 192.168.0.0/24; the IP is in rack-1-ippool 192.168.1.0/24, which selects minikube-m02`,
    );
    expect(r?.evidence).toMatchObject({ causes: ['wrong-rack-pool'] });
  });

  it('both pods in their pools pass, listing each', () => {
    const r = grade(buildEvidence())['pods.ip-in-rack-pool'];
    expect(r?.message).toBe(
      `every pod's IP is in its rack's pool: ${REF.pods[0]} ${REF.podIPs[0]} in rack-0-ippool 192.168.0.0/24 (minikube) and ${REF.pods[1]} ${REF.podIPs[1]} in rack-1-ippool 192.168.1.0/24 (minikube-m02)`,
    );
  });

  it('a node no pool selects: no-pool-for-node', () => {
    const r = grade(
      buildEvidence((e) => {
        e.nodes[0]!.labels.rack = '7';
        setPodIp(e, 0, '192.168.9.9');
      }),
    )['pods.ip-in-rack-pool'];
    expect(r?.status).toBe('fail');
    expect(r?.evidence).toMatchObject({ causes: ['no-pool-for-node'] });
    expect(r?.message).toContain('expected no pool (none selects this node)');
  });

  it('skips without rack pools or pod IPs', () => {
    expect(
      grade(
        buildEvidence((e) => {
          for (const p of e.pools) p.disabled = true;
        }),
      )['pods.ip-in-rack-pool']?.status,
    ).toBe('skip');
    expect(
      grade(
        buildEvidence((e) => {
          for (const p of e.pods) delete p.ip;
        }),
      )['pods.ip-in-rack-pool']?.status,
    ).toBe('skip');
  });
});

describe('pods.spread-across-racks at its boundaries', () => {
  it('one pod per rack passes; both on one node fail naming the empty rack', () => {
    expect(grade(buildEvidence())['pods.spread-across-racks']?.status).toBe('pass');
    const r = grade(
      buildEvidence((e) => {
        e.pods[1]!.node = 'minikube';
      }),
    )['pods.spread-across-racks'];
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('rack-1-ippool (minikube-m02) has no pod');
  });

  it('both nodes in one rack fail even with a pod on each', () => {
    const r = grade(
      buildEvidence((e) => {
        e.nodes[1]!.labels.rack = '0';
        e.pools[1]!.nodeSelector = 'rack == "9"';
      }),
    )['pods.spread-across-racks'];
    expect(r?.status).toBe('fail');
  });
});

describe('cluster checks at their boundaries', () => {
  it('nodes-ready: 2 Ready nodes pass; 1 node, or a NotReady one, fails', () => {
    expect(grade(buildEvidence())['cluster.nodes-ready']?.status).toBe('pass');
    const one = grade(
      buildEvidence((e) => {
        e.nodes.pop();
      }),
    )['cluster.nodes-ready'];
    expect(one?.status).toBe('fail');
    expect(one?.message).toBe('1 node(s) (minikube), the lab needs 2');
    expect(one?.hint).toContain('Start minikube with `--nodes 2`');
    const notReady = grade(
      buildEvidence((e) => {
        e.nodes[1]!.ready = false;
        e.nodes[1]!.readyMessage =
          'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';
      }),
    )['cluster.nodes-ready'];
    expect(notReady?.status).toBe('fail');
    expect(notReady?.hint).toContain('The kubelet reports no working CNI');
  });

  it.each([
    ['containerd://1.7.21', 'pass'],
    ['docker://24.0.7', 'fail'],
    ['cri-o://1.28', 'fail'],
    ['containerd', 'fail'],
    ['', 'fail'],
  ])('runtime %s -> %s', (runtime, status) => {
    const r = grade(
      buildEvidence((e) => {
        e.nodes[1]!.containerRuntimeVersion = runtime;
      }),
    )['cluster.runtime-containerd'];
    expect(r?.status).toBe(status);
  });

  it('calico-healthy: a calico-node not Ready, a missing one, or the controllers not Ready fail', () => {
    expect(grade(buildEvidence())['cluster.calico-healthy']?.status).toBe('pass');
    const notReady = grade(
      buildEvidence((e) => {
        e.calicoNodes[1]!.ready = false;
      }),
    )['cluster.calico-healthy'];
    expect(notReady?.status).toBe('fail');
    expect(notReady?.message).toBe('calico-node-mxftx on minikube-m02 is Running but not Ready');
    const missing = grade(
      buildEvidence((e) => {
        e.calicoNodes.pop();
      }),
    )['cluster.calico-healthy'];
    expect(missing?.message).toBe('no calico-node pod on minikube-m02');
    const kc = grade(
      buildEvidence((e) => {
        e.calicoKubeControllersReady = false;
      }),
    )['cluster.calico-healthy'];
    expect(kc?.message).toBe('calico-kube-controllers is not Ready');
    const step = grade(buildEvidence(withStep(STEP.calico, { status: 'failed', error: 'timeout' })))[
      'cluster.calico-healthy'
    ];
    expect(step?.status).toBe('fail');
    expect(step?.message).toBe('waiting for Calico failed after 20 s: timeout');
  });
});
