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

describe('live pool rules: near misses found by mutation testing', () => {
  const LABEL_REFUSAL = {
    step: 'labels',
    object: 'label kubernetes.io/hostname=x on minikube (lab4.md:40)',
    rule: 'node-label',
    message: 'keys under kubernetes.io belong to Kubernetes, minikube or Calico',
  };
  const POOL_REFUSAL = {
    step: 'pools',
    object: 'IPPool all (ippool.yaml:1)',
    rule: 'pool-size',
    message: 'cidr 0.0.0.0/0 is wider than /8',
  };
  const refusals =
    (...list: object[]) =>
    (e: Evidence) => {
      e.refusals = list as NonNullable<Evidence['refusals']>;
    };

  describe('labels.applied', () => {
    it('passes naming each node with its labels; the evidence is the source and the labels', () => {
      const r = grade(buildEvidence())['labels.applied'];
      expect(r?.status).toBe('pass');
      expect(r?.message).toBe(
        "minikube rack=0 and minikube-m02 rack=1 (from the report's `kubectl label` commands)",
      );
      expect(r?.evidence).toEqual({
        source: 'report',
        applied: [
          { node: 'minikube', key: 'rack', value: '0' },
          { node: 'minikube-m02', key: 'rack', value: '1' },
        ],
      });
    });

    it('labels inferred from the selectors say so', () => {
      const r = grade(
        buildEvidence((e) => {
          e.labelsSource = 'inferred';
        }),
      )['labels.applied'];
      expect(r?.message).toBe(
        "minikube rack=0 and minikube-m02 rack=1 (inferred from the pools' selectors, because the report shows no `kubectl label` command)",
      );
    });

    it('a node the report did not label passes when it carries one of the keys; only its keys are shown', () => {
      const r = grade(
        buildEvidence((e) => {
          e.labelsApplied = [
            { node: 'minikube', key: 'rack', value: '0' },
            { node: 'minikube', key: 'zone', value: 'a' },
          ];
          e.nodes[0]!.labels = { ...e.nodes[0]!.labels, zone: 'a' };
          const { rack: _rack, ...rest } = e.nodes[1]!.labels;
          e.nodes[1]!.labels = { ...rest, zone: 'b' };
        }),
      )['labels.applied'];
      expect(r?.status).toBe('pass');
      expect(r?.message).toBe(
        "minikube rack=0,zone=a and minikube-m02 zone=b (from the report's `kubectl label` commands)",
      );
    });

    it('refused labels: only the labels step refusals are listed, and only when the step failed', () => {
      const r = grade(
        buildEvidence(refusals(LABEL_REFUSAL, POOL_REFUSAL), withStep(STEP.labels, { status: 'failed' })),
      )['labels.applied'];
      expect(r?.status).toBe('fail');
      expect(r?.message).toBe(
        "the grader refused the report's node labels, so none was set: label kubernetes.io/hostname=x on minikube (lab4.md:40) [node-label]: keys under kubernetes.io belong to Kubernetes, minikube or Calico",
      );
      expect(r?.hint).toBe(
        'Label the nodes with a key of your own (`kubectl label nodes minikube rack=0`): keys under kubernetes.io, k8s.io and projectcalico.org belong to the cluster.',
      );
      expect(r?.evidence).toMatchObject({ refusals: [LABEL_REFUSAL] });
      expect(r?.evidence).toHaveProperty('refusals.length', 1);
    });

    it('a failed labels step with refusals of another step only: the step error, not a refusal', () => {
      const r = grade(
        buildEvidence(refusals(POOL_REFUSAL), withStep(STEP.labels, { status: 'failed', error: 'boom' })),
      )['labels.applied'];
      expect(r?.message).toBe('labelling the nodes failed: boom');
      const ok = grade(buildEvidence(refusals(LABEL_REFUSAL)))['labels.applied'];
      expect(ok?.status).toBe('pass');
    });
  });

  describe('pools.applied', () => {
    it('passes naming each pool, its cidr and its node; the evidence lists pools and expectations', () => {
      const e = buildEvidence();
      const r = grade(e)['pools.applied'];
      expect(r?.status).toBe('pass');
      expect(r?.message).toBe(
        'rack-0-ippool 192.168.0.0/24 → minikube and rack-1-ippool 192.168.1.0/24 → minikube-m02',
      );
      expect(r?.evidence).toEqual({
        pools: [
          {
            name: 'rack-0-ippool',
            cidr: '192.168.0.0/24',
            nodeSelector: 'rack == "0"',
            selects: ['minikube'],
          },
          {
            name: 'rack-1-ippool',
            cidr: '192.168.1.0/24',
            nodeSelector: 'rack == "1"',
            selects: ['minikube-m02'],
          },
        ],
        expected: e.submission.pools,
      });
    });

    it('a cluster cidr with host bits matches the canonical one in the submission', () => {
      const r = grade(
        buildEvidence((e) => {
          e.pools[0]!.cidr = '192.168.0.1/24';
        }),
      )['pools.applied'];
      expect(r?.status).toBe('pass');
    });

    it('an unparsable selector is compared as trimmed text and reported once', () => {
      const r = grade(
        buildEvidence((e) => {
          e.pools[0]!.nodeSelector = 'rack == 0 ';
          e.submission.pools![0]!.nodeSelector = 'rack == 0';
        }),
      )['pools.applied'];
      expect(r?.status).toBe('fail');
      expect(r?.message).not.toContain('on the cluster, `rack == 0` in the submission');
      expect(r?.message).not.toContain('selects no node');
    });

    it('no rack pool on the cluster: says so, without a "no rack pool selects" per node', () => {
      const r = grade(
        buildEvidence((e) => {
          e.pools = [];
        }),
      )['pools.applied'];
      expect(r?.message).toBe(
        'rack-0-ippool (192.168.0.0/24) is not on the cluster; rack-1-ippool (192.168.1.0/24) is not on the cluster; 0 enabled rack pool(s) on the cluster, the lab needs 2',
      );
      expect(r?.hint).toBe(
        'Create one IPPool per rack (`calicoctl create -f ippool.yaml`), each with a nodeSelector that matches exactly one labelled node.',
      );
    });

    it('a pool selecting no node: the labelling hint only', () => {
      const r = grade(
        buildEvidence((e) => {
          e.pools[0]!.nodeSelector = 'rack == "9"';
          e.submission.pools![0]!.nodeSelector = 'rack == "9"';
        }),
      )['pools.applied'];
      expect(r?.hint).toBe(
        'Label a node so that rack-0-ippool\'s selector `rack == "9"` matches it (labels.applied shows the labels).',
      );
    });

    it('refused pools list only their own refusals; refusals of another step give the step error', () => {
      const failed = withStep(STEP.pools, { status: 'failed', error: 'not applied' });
      const own = grade(buildEvidence(refusals(LABEL_REFUSAL, POOL_REFUSAL), failed))['pools.applied'];
      expect(own?.message).toBe(
        "the grader refused the submission's pools, so none was created: IPPool all (ippool.yaml:1) [pool-size]: cidr 0.0.0.0/0 is wider than /8",
      );
      expect(own?.evidence).toMatchObject({ refusals: [POOL_REFUSAL] });
      expect(own?.evidence).toHaveProperty('refusals.length', 1);
      const other = grade(buildEvidence(refusals(LABEL_REFUSAL), failed))['pools.applied'];
      expect(other?.message).toBe('no pool was created: not applied');
      expect(other?.hint).toBe(
        'Fix what labels.applied lists as refused: after a refusal the grader applies nothing more of the submission.',
      );
      expect(other?.evidence).toMatchObject({ refusals: [LABEL_REFUSAL] });
      // a refusal of another step does not fail pools.applied when its own step went through
      expect(grade(buildEvidence(refusals(LABEL_REFUSAL)))['pools.applied']?.status).toBe('pass');
      const none = grade(buildEvidence(failed))['pools.applied'];
      expect(none?.message).toBe('creating the pools failed: not applied');
    });
  });

  describe('pools.default-removed', () => {
    it('refused before the default pool: skip, one page to see, evidence refused', () => {
      const r = grade(
        buildEvidence(refusals(POOL_REFUSAL), withStep(STEP.pools, { status: 'failed' }), (e) => {
          delete e.defaultPoolRemoval;
        }),
      )['pools.default-removed'];
      expect(r?.status).toBe('skip');
      expect(r?.hint).toBe(
        "Fix what pools.applied lists as refused; then the default pool's removal is graded.",
      );
      expect(r?.evidence).toEqual({ refused: true });
      const two = grade(
        buildEvidence(
          refusals(LABEL_REFUSAL, POOL_REFUSAL),
          withStep(STEP.pools, { status: 'failed' }),
          (e) => {
            delete e.defaultPoolRemoval;
          },
        ),
      )['pools.default-removed'];
      expect(two?.hint).toBe(
        "Fix what labels.applied and pools.applied list as refused; then the default pool's removal is graded.",
      );
    });

    it('a refusal with the pools step ok, or a removal already done, is graded', () => {
      expect(grade(buildEvidence(refusals(POOL_REFUSAL)))['pools.default-removed']?.status).toBe('pass');
      const removed = grade(
        buildEvidence(refusals(POOL_REFUSAL), withStep(STEP.pools, { status: 'failed' }), (e) => {
          e.defaultPoolRemoval = { by: 'report', how: 'calicoctl delete ippool default-ipv4-ippool' };
        }),
      )['pools.default-removed'];
      expect(removed?.status).toBe('pass');
      const noRefusal = grade(
        buildEvidence(withStep(STEP.pools, { status: 'failed' }), (e) => {
          delete e.defaultPoolRemoval;
        }),
      )['pools.default-removed'];
      expect(noRefusal?.evidence).not.toEqual({ refused: true });
    });

    it('an address in a rack pool inside the default range is not from the default pool', () => {
      const r = grade(
        buildEvidence(defaultPool({ disabled: true }), (e) => {
          e.pools[1]!.cidr = '10.244.5.0/24';
          setPodIp(e, 0, '10.244.5.4');
        }),
      )['pools.default-removed'];
      expect(r?.status).toBe('pass');
    });

    it('a block overlapping an existing pool is no orphan of the default pool', () => {
      const r = grade(
        buildEvidence((e) => {
          e.pools.push({ ...e.pools[0]!, name: 'extra', cidr: '10.244.120.64/28' });
          setPodIp(e, 0, '10.244.120.80');
        }),
      )['pools.default-removed'];
      expect(r?.status).toBe('pass');
    });

    it('the evidence: the default pool and the pods from it; without a Deployment the hint says NAME', () => {
      const r = grade(
        buildEvidence(defaultPool(), (e) => {
          e.deployment = null;
        }),
      )['pools.default-removed'];
      expect(r?.evidence).toEqual({
        defaultPool: { cidr: '10.244.0.0/16', disabled: false, nodeSelector: 'all()' },
        podsFromDefault: [],
      });
      expect(r?.hint).toContain('kubectl rollout restart deployment/NAME');
      expect(r?.diagnostics?.length).toBeGreaterThan(0);
      const disabled = grade(
        buildEvidence(defaultPool({ disabled: true }), (e) => {
          e.deployment = null;
          setPodIp(e, 0, '10.244.120.68');
        }),
      )['pools.default-removed'];
      expect(disabled?.hint).toBe(
        'Recreate the pods after the pools are in place (`kubectl rollout restart deployment/NAME`): Calico never re-addresses running pods.',
      );
      expect(disabled?.evidence).toMatchObject({
        podsFromDefault: [
          { pod: REF.pods[0], ip: '10.244.120.68', source: 'default-ipv4-ippool 10.244.0.0/16' },
        ],
      });
    });
  });
});
