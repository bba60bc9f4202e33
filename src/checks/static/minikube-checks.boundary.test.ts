/**
 * Boundary tests of minikube.start-flags, labels.match-pools and submission.report (issue 7).
 */
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT, gradeFiles, HEADER, POOLS, report } from '../../testing/submission-builder.ts';

const grade = (commands: string, id: string, files: Record<string, string> = {}) => {
  const r = gradeFiles({
    'ippool.yaml': POOLS,
    'deployment.yaml': DEPLOYMENT,
    'lab4.md': report(commands),
    ...files,
  }).get(id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
};
const start = (flags: string) => grade(`minikube start ${flags}`, 'minikube.start-flags');
const APPLY =
  'kubectl apply -f https://raw.githubusercontent.com/projectcalico/calico/v3.28.1/manifests/calico.yaml';

describe('minikube.start-flags: node count', () => {
  it.each([
    ['--nodes 1 --cni calico', 'fail'],
    ['--nodes 2 --cni calico', 'pass'],
    ['--nodes=2 --cni=calico', 'pass'],
    ['-n 2 --cni calico', 'pass'],
    ['--nodes 3 --cni calico', 'fail'],
    ['--cni calico', 'fail'],
  ])('%s -> %s', (flags, status) => {
    expect(start(flags).status).toBe(status);
  });

  it('names the count it saw and the one wanted', () => {
    const three = start('--nodes 3 --cni calico');
    expect(three.message).toContain('`--nodes 3`');
    expect(three.hint).toContain('Start 2 nodes: add `--nodes 2`.');
    expect(three.evidence).toMatchObject({ nodes: 3, cni: 'calico' });
    expect(start('--cni calico').message).toContain('no `--nodes` flag (minikube starts 1 node)');
  });

  it('passes with the runtime it was given, or notes that none was', () => {
    const ok = start('--nodes 2 --cni calico --container-runtime containerd');
    expect(ok.message).toBe('lab4.md:12: 2 nodes with Calico; runtime containerd');
    expect(start('--nodes 2 --cni calico').message).toBe(
      'lab4.md:12: 2 nodes with Calico; no --container-runtime (the lab asks for containerd; checked on the cluster)',
    );
  });

  it('a bare restart of the same profile is graded as the full start before it', () => {
    expect(
      grade('minikube start --nodes 2 --cni calico\nminikube stop\nminikube start', 'minikube.start-flags')
        .status,
    ).toBe('pass');
    expect(
      grade('minikube start --nodes 2 --cni calico -p lab\nminikube start -p lab', 'minikube.start-flags')
        .status,
    ).toBe('pass');
    // A bare start of another profile is a new one-node cluster without Calico.
    expect(
      grade('minikube start --nodes 2 --cni calico -p lab\nminikube start -p other', 'minikube.start-flags')
        .status,
    ).toBe('fail');
    // A later start that changes flags is graded on its own.
    expect(
      grade('minikube start --nodes 2 --cni calico\nminikube start --nodes 3', 'minikube.start-flags').status,
    ).toBe('fail');
  });

  it('without any minikube start the evidence is not shown', () => {
    const r = grade('kubectl get nodes', 'minikube.start-flags');
    expect(r.status).toBe('fail');
    expect(r.evidence).toMatchObject({ notShown: true });
    expect(r.hint).toContain('minikube start --nodes 2 --container-runtime containerd --cni calico');
  });
});

describe('minikube.start-flags: CNI', () => {
  it.each([
    ['--nodes 2 --cni calico', 'pass'],
    ['--nodes 2 --cni Calico', 'pass'],
    ['--nodes 2 --cni=caliico', 'fail'],
    ['--nodes 2 --cni=calcio', 'fail'],
    ['--nodes 2 --cni flannel', 'fail'],
    ['--nodes 2 --cni=cilium', 'fail'],
    ['--nodes 2 --cni=auto', 'fail'],
    ['--nodes 2 --cni=false', 'fail'],
    ['--nodes 2 --cni=calico.yaml', 'fail'],
    ['--nodes 2 --network-plugin=cni', 'fail'],
    ['--nodes 2', 'fail'],
    ['--nodes 2 --network-plugin-cni --cni calico', 'fail'],
  ])('%s -> %s', (flags, status) => {
    expect(start(flags).status).toBe(status);
  });

  it('a typo within edit distance 2 is called a typo; farther names are manifest paths', () => {
    const typo = start('--nodes 2 --cni=calcio');
    expect(typo.message).toContain('`--cni=calcio` is not a CNI minikube knows (typo of `calico`?)');
    const far = start('--nodes 2 --cni=cal');
    expect(far.message).not.toContain('typo');
    expect(far.message).toContain('`--cni=cal` names a manifest, but the report applies no Calico manifest');
  });

  it('another named CNI says which one it starts', () => {
    const r = start('--nodes 2 --cni flannel');
    expect(r.message).toContain('`--cni=flannel` starts flannel instead of Calico');
    expect(r.hint).toBe('Use `--cni=calico`.');
  });

  it('--network-plugin=cni or --cni=<manifest> pass only with an applied Calico manifest', () => {
    const plugin = grade(`minikube start --nodes 2 --network-plugin=cni\n${APPLY}`, 'minikube.start-flags');
    expect(plugin.status).toBe('pass');
    expect(plugin.evidence).toMatchObject({ calicoManifest: expect.stringContaining('calico.yaml') });
    expect(grade(`minikube start --nodes 2 --cni=calico.yaml\n${APPLY}`, 'minikube.start-flags').status).toBe(
      'pass',
    );
    expect(
      grade(
        'minikube start --nodes 2 --network-plugin=cni\nkubectl apply -f calicoctl.yaml',
        'minikube.start-flags',
      ).status,
    ).toBe('fail');
    expect(
      grade(
        'minikube start --nodes 2 --network-plugin=cni\nkubectl apply -f flannel.yaml',
        'minikube.start-flags',
      ).status,
    ).toBe('fail');
    const alone = start('--nodes 2 --network-plugin=cni');
    expect(alone.message).toContain(
      '`--network-plugin=cni` without `--cni=calico` and no Calico manifest applied',
    );
    expect(start('--nodes 2').message).toContain('no `--cni` flag: minikube picks kindnet');
  });

  it('a misspelt flag fails, naming the fix', () => {
    const r = start('--nodes 2 --network-plugin-cni --cni calico');
    expect(r.message).toContain('unknown flag `--network-plugin-cni`');
    expect(r.hint).toContain('you meant `--network-plugin=cni`');
  });
});

describe('labels.match-pools at its boundaries', () => {
  const START = 'minikube start --nodes 2 --cni calico';
  const pools = (s0: string, s1: string) =>
    `apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: rack-0}
spec: {cidr: 192.168.0.0/24, nodeSelector: '${s0}'}
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: rack-1}
spec: {cidr: 192.168.1.0/24, nodeSelector: '${s1}'}
`;
  const check = (labels: string, s0 = 'rack == "0"', s1 = 'rack == "1"') =>
    grade(`${START}\n${labels}`, 'labels.match-pools', { 'ippool.yaml': pools(s0, s1) });
  const LABELS = 'kubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 rack=1';

  it('one pool per node passes, naming the pairs', () => {
    const r = check(LABELS);
    expect(r.status).toBe('pass');
    expect(r.message).toBe('each pool selects exactly one node: rack-0 → minikube, rack-1 → minikube-m02');
  });

  it('a pool selecting both nodes fails', () => {
    const r = check(LABELS, 'rack in {"0", "1"}');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('pool rack-0 (`rack in {"0", "1"}`) selects 2 nodes: minikube, minikube-m02');
    expect(r.message).toContain('node minikube-m02 is selected by 2 pools: rack-0, rack-1');
  });

  it('an explicit all() selects every node and fails', () => {
    expect(check(LABELS, 'all()').status).toBe('fail');
  });

  it('both nodes in the same rack: one pool selects none, the other both', () => {
    const r = check('kubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 rack=0');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('pool rack-1 (`rack == "1"`) selects no node');
  });

  it('a node selected by no pool fails', () => {
    const r = check(
      'kubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 rack=2',
      'rack == "0"',
      'rack == "1"',
    );
    expect(r.status).toBe('fail');
    expect(r.hint).toContain("make the selector's value equal a node's label value");
  });

  it('selectors on a built-in label need no label command', () => {
    const r = check('', 'kubernetes.io/hostname == "minikube"', 'kubernetes.io/hostname == "minikube-m02"');
    expect(r.status).toBe('pass');
    expect(r.evidence).toMatchObject({ source: 'built-in node labels' });
  });

  it('skips without label commands, or with only a template of one', () => {
    expect(check('').status).toBe('skip');
    const tpl = check('kubectl label nodes node_name rack=0');
    expect(tpl.status).toBe('skip');
    expect(tpl.message).toContain('only a template of the label command');
  });

  it('skips when a selector is invalid (pools.selectors-valid reports it)', () => {
    expect(check(LABELS, 'rack == 0').status).toBe('skip');
  });

  it('relabelling without --overwrite keeps the old value; with it, the new one', () => {
    const relabel = 'kubectl label nodes minikube rack=1\nkubectl label nodes minikube-m02 rack=1';
    const no = check(`${relabel}\nkubectl label nodes minikube rack=0`);
    expect(no.status).toBe('fail');
    expect(no.message).toContain(
      "labelling minikube fails: 'rack' already has a value (1), and --overwrite is false",
    );
    expect(check(`${relabel}\nkubectl label nodes minikube rack=0 --overwrite`).status).toBe('pass');
    // Removing a label (`rack-`) then setting it needs no --overwrite.
    expect(
      check(`${relabel}\nkubectl label nodes minikube rack-\nkubectl label nodes minikube rack=0`).status,
    ).toBe('pass');
  });
});

describe('submission.report: the course header', () => {
  const check = (header: string) =>
    gradeFiles({ 'ippool.yaml': POOLS, 'lab4.md': `${header}\n# Lab 4\n` }).get('submission.report');
  it('every field present passes; one missing fails naming it', () => {
    expect(check(HEADER)?.status).toBe('pass');
    for (const field of ['University', 'Group', 'Author', 'Date of finished']) {
      const without = HEADER.split('\n')
        .filter((l) => !l.startsWith(`${field}:`))
        .join('\n');
      const r = check(without);
      expect(r?.status, field).toBe('fail');
      expect(r?.message, field).toContain(`lacks ${field}`);
    }
  });

  it('an empty Date of finished is noted, not failed', () => {
    const r = check(HEADER.replace('Date of finished: 02.11.2024', 'Date of finished:'));
    expect(r?.status).toBe('pass');
    expect(r?.message).toContain('(left empty: Date of finished)');
  });

  it('no report at all is not shown', () => {
    const r = gradeFiles({ 'ippool.yaml': POOLS }).get('submission.report');
    expect(r?.status).toBe('fail');
    expect(r?.evidence).toMatchObject({ notShown: true });
  });
});

describe('labels.match-pools: mixed and unlabelled cases', () => {
  const START = 'minikube start --nodes 2 --cni calico';
  const pools = (s0: string, s1: string) =>
    `apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: rack-0}\nspec: {cidr: 192.168.0.0/24, nodeSelector: '${s0}'}\n---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: rack-1}\nspec: {cidr: 192.168.1.0/24, nodeSelector: '${s1}'}\n`;
  const check = (labels: string, s0: string, s1: string) =>
    grade(`${START}\n${labels}`, 'labels.match-pools', { 'ippool.yaml': pools(s0, s1) });

  it('only when every pool selects on built-in labels alone is no label command needed', () => {
    expect(check('', 'kubernetes.io/hostname == "minikube"', 'rack == "1"').status).toBe('skip');
    expect(
      check(
        '',
        'kubernetes.io/hostname == "minikube" && rack == "0"',
        'kubernetes.io/hostname == "minikube-m02"',
      ).status,
    ).toBe('skip');
  });

  it('a node no pool selects is named when every pool selects some node', () => {
    const r = check(
      'kubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 rack=1',
      'rack == "0"',
      'rack in {"0"}',
    );
    expect(r.status).toBe('fail');
    expect(r.message).toContain('node minikube-m02 (labels rack=1) is selected by no pool');
    const none = check(
      'kubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 rack=2',
      'rack == "0"',
      'rack == "1"',
    );
    expect(none.message).not.toContain('is selected by no pool');
  });

  it('without any applied label the hint says no node satisfies the selector', () => {
    const r = check('kubectl label nodes minikube rack-', 'rack == "0"', 'rack == "1"');
    expect(r.status).toBe('fail');
    expect(r.hint).toContain('Your pool rack-0 selects `rack == "0"`, which no node\'s labels satisfy');
  });
});
