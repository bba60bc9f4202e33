/**
 * Boundary tests of labels.match-pools found by mutation testing (issue 7): the exact messages and
 * hints a student reads, the skips, the evidence, and the note about report node names mapped by order.
 */
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT, gradeFiles, report } from '../../testing/submission-builder.ts';

const START = 'minikube start --nodes 2 --cni calico';
const pool = (name: string, cidr: string, selector?: string) =>
  `apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: ${name}}\nspec: {cidr: ${cidr}${
    selector === undefined ? '' : `, nodeSelector: '${selector}'`
  }}\n`;
const pools = (s0: string, s1: string) =>
  `${pool('rack-0', '192.168.0.0/24', s0)}---\n${pool('rack-1', '192.168.1.0/24', s1)}`;
const grade = (commands: string, ippool: string) => {
  const r = gradeFiles({
    'ippool.yaml': ippool,
    'deployment.yaml': DEPLOYMENT,
    'lab4.md': report(`${START}\n${commands}`),
  }).get('labels.match-pools');
  if (!r) throw new Error('no result');
  return r;
};
const check = (labels: string, s0 = 'rack == "0"', s1 = 'rack == "1"') => grade(labels, pools(s0, s1));
const LABELS = 'kubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 rack=1';

describe('labels.match-pools: skips', () => {
  it('no rack pools: skipped, pointing at pools.defined', () => {
    const r = grade(LABELS, pool('default-ipv4-ippool', '10.244.0.0/16', 'all()'));
    expect(r.status).toBe('skip');
    expect(r.message).toBe('no rack pools to match labels against (see pools.defined)');
  });

  it('a pool without a nodeSelector: skipped, naming the pool', () => {
    const r = grade(
      LABELS,
      `${pool('rack-0', '192.168.0.0/24', 'rack == "0"')}---\n${pool('rack-1', '192.168.1.0/24')}`,
    );
    expect(r.status).toBe('skip');
    expect(r.message).toBe(
      'cannot match labels: rack-1 has no valid nodeSelector (see pools.selectors-valid)',
    );
    expect(r.hint).toBe('Fix the selectors first; then each pool must select exactly one labelled node.');
  });

  it('no label command: skipped, saying the report applies none', () => {
    const r = check('');
    expect(r.status).toBe('skip');
    expect(r.message).toBe(
      'the report applies no node labels as text, so the labels cannot be matched to the pools here (checked on the cluster by labels.applied)',
    );
    expect(r.hint).toBe('Show your `kubectl label nodes minikube rack=0` commands in a ```bash block.');
  });

  it('only a template: skipped, quoting the template', () => {
    const r = check('kubectl label nodes node_name rack=0');
    expect(r.message).toBe(
      'the report shows only a template of the label command (`kubectl label nodes node_name rack=0`), not the labels applied, so the labels cannot be matched to the pools here (checked on the cluster by labels.applied)',
    );
  });

  it('a built-in label in one pool and a rack label in the other still needs label commands', () => {
    expect(check('', 'kubernetes.io/hostname == "minikube"', 'rack == "1"').status).toBe('skip');
    expect(check('', 'rack == "0"', 'kubernetes.io/hostname == "minikube-m02"').status).toBe('skip');
  });
});

describe('labels.match-pools: messages and hints', () => {
  it('pass: names each pool with its node; the evidence lists nodes, pools and the source', () => {
    const r = check(LABELS);
    expect(r.status).toBe('pass');
    expect(r.message).toBe('each pool selects exactly one node: rack-0 → minikube, rack-1 → minikube-m02');
    expect(r.evidence).toMatchObject({
      nodes: [
        { name: 'minikube', labels: { rack: '0' } },
        { name: 'minikube-m02', labels: { rack: '1' } },
      ],
      pools: [
        { name: 'rack-0', selector: 'rack == "0"', selects: ['minikube'] },
        { name: 'rack-1', selector: 'rack == "1"', selects: ['minikube-m02'] },
      ],
      renamed: [],
      source: 'report',
    });
  });

  it('both nodes in one rack: the pool that selects none, the one that selects both, and their hints', () => {
    const r = check('kubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 rack=0');
    expect(r.message).toBe(
      'pool rack-0 (`rack == "0"`) selects 2 nodes: minikube, minikube-m02; pool rack-1 (`rack == "1"`) selects no node',
    );
    expect(r.hint).toBe(
      `Make rack-0's selector match one rack only, e.g. \`rack == "…"\` with a value only one node has. Your pool rack-1 selects \`rack == "1"\` but you labelled minikube \`rack=0\`, minikube-m02 \`rack=0\`: make the selector's value equal a node's label value (values are compared as exact strings).`,
    );
  });

  it('the one-rack hint uses the selector key, or rack when it has none', () => {
    const zone = check(
      'kubectl label nodes minikube zone=a\nkubectl label nodes minikube-m02 zone=b',
      'zone in {"a", "b"}',
      'zone == "b"',
    );
    expect(zone.hint).toContain('Make rack-0\'s selector match one rack only, e.g. `zone == "…"`');
    const all = check(LABELS, 'all()');
    expect(all.hint).toBe(
      'Make rack-0\'s selector match one rack only, e.g. `rack == "…"` with a value only one node has.',
    );
  });

  it('a node selected by no pool (every pool selecting one node) is named with its labels', () => {
    const r = check(LABELS, 'rack == "0"', 'rack in {"0"}');
    expect(r.message).toBe(
      'node minikube is selected by 2 pools: rack-0, rack-1; node minikube-m02 (labels rack=1) is selected by no pool',
    );
  });

  it('the first node selected by no pool is named even before any other problem', () => {
    const r = check(LABELS, 'rack == "1"', 'rack in {"1"}');
    expect(r.message).toBe(
      'node minikube (labels rack=0) is selected by no pool; node minikube-m02 is selected by 2 pools: rack-0, rack-1',
    );
  });

  it('a selector without requirements that selects no node gets the generic hint', () => {
    const r = check(LABELS, 'rack == "0"', '!all()');
    expect(r.hint).toBe(
      "Your pool rack-1 selects `!all()`, which no node's labels satisfy: label a node to match it (`kubectl label nodes NODE key=value`).",
    );
  });

  it('a node with no label at all is shown as labels none', () => {
    const r = check('kubectl label nodes minikube rack=0', 'rack == "0"', 'rack in {"0"}');
    expect(r.message).toContain('node minikube-m02 (labels none) is selected by no pool');
  });

  it('a node labelled with another key: the hint quotes the value of the node that has the key', () => {
    const r = check('kubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 zone=1');
    expect(r.message).toBe('pool rack-1 (`rack == "1"`) selects no node');
    expect(r.hint).toBe(
      'Your pool rack-1 selects `rack == "1"` but you labelled minikube `rack=0`: make the selector\'s value equal a node\'s label value (values are compared as exact strings).',
    );
  });

  it('only unlabelled nodes carry other keys: the first labelled node is named', () => {
    const r = check('kubectl label nodes minikube-m02 zone=1');
    expect(r.hint).toBe(
      'Your pool rack-0 selects `rack == "0"` but you labelled minikube-m02 `zone=1`: use the same key in the label and the selector. Your pool rack-1 selects `rack == "1"` but you labelled minikube-m02 `zone=1`: use the same key in the label and the selector.',
    );
  });

  it('no applied label: the hint says no node satisfies the selector', () => {
    const r = check('kubectl label nodes minikube rack-');
    expect(r.hint).toBe(
      'Your pool rack-0 selects `rack == "0"`, which no node\'s labels satisfy: label a node to match it (`kubectl label nodes NODE key=value`). Your pool rack-1 selects `rack == "1"`, which no node\'s labels satisfy: label a node to match it (`kubectl label nodes NODE key=value`).',
    );
  });

  it('report node names that are not the cluster names are mapped by order, and the note says so', () => {
    const r = check('kubectl label nodes node-a rack=0\nkubectl label nodes node-b rack=1');
    expect(r.status).toBe('pass');
    expect(r.message).toBe(
      "each pool selects exactly one node: rack-0 → minikube, rack-1 → minikube-m02 (report node names mapped by order: `node-a` taken as minikube, `node-b` taken as minikube-m02; the cluster's nodes are minikube, minikube-m02)",
    );
  });
});
