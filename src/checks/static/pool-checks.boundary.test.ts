/**
 * Boundary tests of the static pool rules (issue 7): pools.defined, pools.cidr-valid, pools.no-overlap,
 * pools.selectors-valid, pools.default-removed and pods.shown-ips-in-pools, on both sides of every line
 * they draw, with the near misses students commit.
 */
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT, gradeFiles, HEADER, report } from '../../testing/submission-builder.ts';

const pool = (name: string, spec: string, apiVersion = 'projectcalico.org/v3') =>
  `apiVersion: ${apiVersion}\nkind: IPPool\nmetadata: {name: ${name}}\nspec: ${spec}\n`;
const RACK0 = pool('rack-0', '{cidr: 192.168.0.0/24, nodeSelector: rack == "0"}');
const RACK1 = pool('rack-1', '{cidr: 192.168.1.0/24, nodeSelector: rack == "1"}');
const START = 'minikube start --nodes 2 --cni calico';
const LABELS = 'kubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 rack=1';

const grade = (pools: string[], id: string, commands = START, extra = '') => {
  const files: Record<string, string> = { 'lab4.md': report(commands, extra), 'deployment.yaml': DEPLOYMENT };
  if (pools.length) files['ippool.yaml'] = pools.join('---\n');
  const r = gradeFiles(files).get(id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
};

describe('pools.defined: at least 2 pools besides the default one', () => {
  it('0 pools fail, 1 pool fails, 2 and 3 pass', () => {
    expect(grade([], 'pools.defined').status).toBe('fail');
    const one = grade([RACK0], 'pools.defined');
    expect(one.status).toBe('fail');
    expect(one.message).toContain('1 IPPool(s) defined (rack-0)');
    expect(one.message).toContain('at least 2');
    expect(grade([RACK0, RACK1], 'pools.defined').status).toBe('pass');
    const three = grade(
      [RACK0, RACK1, pool('rack-2', '{cidr: 192.168.2.0/24, nodeSelector: rack == "2"}')],
      'pools.defined',
    );
    expect(three.status).toBe('pass');
    expect(three.message).toBe(
      '3 IPPools: rack-0 (192.168.0.0/24), rack-1 (192.168.1.0/24), rack-2 (192.168.2.0/24)',
    );
  });

  it('the default pool does not count as a rack pool', () => {
    const def = pool('default-ipv4-ippool', '{cidr: 10.244.0.0/16, disabled: true}');
    const r = grade([def, RACK0], 'pools.defined');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('1 IPPool(s) defined');
    expect(grade([def], 'pools.defined').message).toContain('no IPPool manifest found');
  });

  it('a pool without a cidr or without a name is incomplete', () => {
    const noCidr = grade([RACK0, pool('rack-1', '{nodeSelector: rack == "1"}')], 'pools.defined');
    expect(noCidr.status).toBe('fail');
    expect(noCidr.message).toContain('1 pool(s) are incomplete');
    expect(noCidr.message).toContain('spec.cidr is missing');
    const noName = grade(
      [RACK0, 'apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {}\nspec: {cidr: 192.168.1.0/24}\n'],
      'pools.defined',
    );
    expect(noName.status).toBe('fail');
    expect(noName.message).toContain('(unnamed)');
  });

  it('names pool files the report feeds to calicoctl but that are not committed', () => {
    const r = grade([], 'pools.defined', `${START}\ncalicoctl create -f ./pools.yaml`);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('the report feeds pools.yaml to calicoctl, but it is not in the submission');
    expect(r.evidence).toMatchObject({ referenced: ['pools.yaml'] });
    const committed = grade([], 'pools.defined', `${START}\ncalicoctl create -f deployment.yaml`);
    expect(committed.evidence).toMatchObject({ referenced: [] });
  });
});

describe('pools.cidr-valid at its boundaries', () => {
  const check = (spec: string) => grade([pool('rack-0', spec), RACK1], 'pools.cidr-valid');
  it.each([
    ['blockSize 19', '{cidr: 192.168.0.0/16, blockSize: 19}', 'fail'],
    ['blockSize 20', '{cidr: 192.168.0.0/16, blockSize: 20}', 'pass'],
    ['blockSize 32', '{cidr: 192.168.0.0/24, blockSize: 32}', 'pass'],
    ['blockSize 33', '{cidr: 192.168.0.0/24, blockSize: 33}', 'fail'],
    ['a /26 pool with the default block 26', '{cidr: 192.168.0.0/26}', 'pass'],
    ['a /27 pool, smaller than the default block', '{cidr: 192.168.0.0/27}', 'fail'],
    ['a /27 pool with blockSize 27', '{cidr: 192.168.0.0/27, blockSize: 27}', 'pass'],
    ['a /27 pool with blockSize 28', '{cidr: 192.168.0.0/27, blockSize: 28}', 'pass'],
    ['a /28 pool with blockSize 27', '{cidr: 192.168.0.0/28, blockSize: 27}', 'fail'],
    ['a /32 pool with blockSize 32', '{cidr: 192.168.0.7/32, blockSize: 32}', 'pass'],
    ['a /32 pool with the default block', '{cidr: 192.168.0.7/32}', 'fail'],
    ['a disabled /28 pool (no block needed)', '{cidr: 192.168.0.0/28, disabled: true}', 'pass'],
    ['host bits set', '{cidr: 192.168.0.1/24}', 'fail'],
    ['the last host bit set', '{cidr: 192.168.0.255/24}', 'fail'],
    ['a network address one /24 up', '{cidr: 192.168.2.0/24}', 'pass'],
    ['link-local 169.254.0.0/24', '{cidr: 169.254.0.0/24}', 'fail'],
    ['the last link-local /24', '{cidr: 169.254.255.0/24}', 'fail'],
    ['just below link-local', '{cidr: 169.253.255.0/24}', 'pass'],
    ['just above link-local', '{cidr: 169.255.0.0/24}', 'pass'],
    ['a supernet of link-local', '{cidr: 169.0.0.0/8, blockSize: 20}', 'fail'],
    ['not a CIDR', '{cidr: 192.168.0.0}', 'fail'],
    ['a prefix over 32', '{cidr: 192.168.0.0/33}', 'fail'],
    ['an octet over 255', '{cidr: 192.168.256.0/24}', 'fail'],
  ])('%s -> %s', (_what, spec, status) => {
    expect(check(spec).status).toBe(status);
  });

  it('says which pool failed and why, and suggests the network address for host bits', () => {
    const r = check('{cidr: 192.168.0.1/24}');
    expect(r.message).toContain('rack-0 (192.168.0.1/24): IPPool CIDR is not strictly masked');
    expect(r.message).not.toContain('rack-1');
    expect(r.hint).toContain('Use `192.168.0.0/24` (the network address).');
    const small = check('{cidr: 192.168.0.0/27}');
    expect(small.message).toContain('It must be equal to or greater than the block size');
    expect(small.hint).not.toContain('Use `');
    const block = check('{cidr: 192.168.0.0/24, blockSize: 19}');
    expect(block.message).toContain('IPv4 block size must be between 20 and 32');
  });

  it('a selector error is not a CIDR error (it belongs to pools.selectors-valid)', () => {
    const r = grade(
      [pool('rack-0', '{cidr: 192.168.0.0/24, nodeSelector: rack == 0}'), RACK1],
      'pools.cidr-valid',
    );
    expect(r.status).toBe('pass');
  });

  it('lists each pool with its block size when valid; skips without any cidr', () => {
    const r = grade(
      [RACK0, pool('rack-1', '{cidr: 192.168.1.0/24, blockSize: 28, nodeSelector: rack == "1"}')],
      'pools.cidr-valid',
    );
    expect(r.message).toBe('2 pool CIDR(s) valid: 192.168.0.0/24/26, 192.168.1.0/24/28');
    expect(grade([], 'pools.cidr-valid').status).toBe('skip');
    expect(grade([pool('rack-0', '{nodeSelector: all()}')], 'pools.cidr-valid').status).toBe('skip');
  });

  it('overlap is not a cidr-valid failure (each pool is validated alone)', () => {
    expect(grade([RACK0, pool('rack-1', '{cidr: 192.168.0.0/24}')], 'pools.cidr-valid').status).toBe('pass');
  });
});

describe('pools.no-overlap at its boundaries', () => {
  const check = (a: string, b: string) =>
    grade([pool('rack-0', `{cidr: ${a}}`), pool('rack-1', `{cidr: ${b}}`)], 'pools.no-overlap');
  it.each([
    ['adjacent /24s', '192.168.0.0/24', '192.168.1.0/24', 'pass'],
    ['the same range', '192.168.0.0/24', '192.168.0.0/24', 'fail'],
    ['overlap by one address (the last)', '192.168.0.0/24', '192.168.0.255/32', 'fail'],
    ['overlap by one address (the first)', '192.168.1.0/32', '192.168.1.0/24', 'fail'],
    ['a /32 just past the end', '192.168.0.0/24', '192.168.1.0/32', 'pass'],
    ['a /32 just before the start', '192.168.0.255/32', '192.168.1.0/24', 'pass'],
    ['a supernet', '192.168.0.0/23', '192.168.1.0/24', 'fail'],
    ['adjacent /23s', '192.168.0.0/23', '192.168.2.0/23', 'pass'],
  ])('%s -> %s', (_what, a, b, status) => {
    expect(check(a, b).status).toBe(status);
  });

  it('names both pools of an overlap, and three pools are compared pairwise', () => {
    const r = check('192.168.0.0/23', '192.168.1.0/24');
    expect(r.message).toBe('pools overlap: rack-0 (192.168.0.0/23) and rack-1 (192.168.1.0/24).');
    const three = grade(
      [
        pool('a', '{cidr: 192.168.0.0/24}'),
        pool('b', '{cidr: 192.168.1.0/24}'),
        pool('c', '{cidr: 192.168.1.128/25}'),
      ],
      'pools.no-overlap',
    );
    expect(three.status).toBe('fail');
    expect(three.message).toBe('pools overlap: b (192.168.1.0/24) and c (192.168.1.128/25).');
  });

  it('fails a pool in the service CIDR 10.96.0.0/12 or the node network, as the live apply policy refuses it', () => {
    const inside = check('10.111.255.0/24', '192.168.1.0/24');
    expect(inside.status).toBe('fail');
    expect(inside.message).toBe('rack-0: cidr 10.111.255.0/24 overlaps the service CIDR 10.96.0.0/12.');
    expect(check('10.96.0.0/24', '192.168.1.0/24').status).toBe('fail');
    expect(check('10.112.0.0/24', '192.168.1.0/24').status).toBe('pass');
    expect(check('10.95.255.0/24', '192.168.1.0/24').status).toBe('pass');
    expect(check('192.168.49.0/26', '192.168.1.0/24').message).toBe(
      "rack-0: cidr 192.168.49.0/26 overlaps the node network (minikube's docker network) 192.168.49.0/24.",
    );
    expect(check('192.168.48.0/24', '192.168.50.0/24').status).toBe('pass');
  });

  it('warns about public address space, not about RFC 1918 ranges', () => {
    const r = check('8.8.8.0/24', '192.168.1.0/24');
    expect(r.status).toBe('pass');
    expect(r.message).toBe(
      'no two of 2 pools overlap. Warning: rack-0 (8.8.8.0/24) is public address space, not private (RFC 1918).',
    );
    expect(check('172.16.0.0/24', '10.0.0.0/24').message).toBe('no two of 2 pools overlap.');
    expect(check('172.32.0.0/24', '192.168.1.0/24').message).toContain('public address space');
    const failing = check('8.8.8.0/24', '8.8.8.0/25');
    expect(failing.status).toBe('fail');
    expect(failing.message).toContain('Warning: rack-0 (8.8.8.0/24) is public address space');
    expect(failing.evidence).toMatchObject({ overlaps: [['rack-0 (8.8.8.0/24)', 'rack-1 (8.8.8.0/25)']] });
  });

  it('ignores unparsable cidrs, and skips when none parses', () => {
    expect(check('192.168.0.0', '192.168.0.0/24').status).toBe('pass');
    expect(check('x', 'y').status).toBe('skip');
  });
});

describe('pools.selectors-valid at its boundaries', () => {
  const check = (s0: string | null, s1 = 'nodeSelector: rack == "1"') =>
    grade(
      [
        pool('rack-0', `{cidr: 192.168.0.0/24${s0 === null ? '' : `, ${s0}`}}`),
        pool('rack-1', `{cidr: 192.168.1.0/24, ${s1}}`),
      ],
      'pools.selectors-valid',
    );
  it.each([
    ['rack == "0"', 'nodeSelector: \'rack == "0"\'', 'pass'],
    ["rack == '0'", `nodeSelector: "rack == '0'"`, 'pass'],
    ['rack in {"0"}', 'nodeSelector: \'rack in {"0"}\'', 'pass'],
    ['has(rack)', 'nodeSelector: has(rack)', 'pass'],
    ['all()', 'nodeSelector: all()', 'pass'],
    ['an unquoted value', 'nodeSelector: rack == 0', 'fail'],
    ['a single =', 'nodeSelector: \'rack = "0"\'', 'fail'],
    ['a kubectl-style selector', 'nodeSelector: rack=0', 'fail'],
    ['an unterminated string', "nodeSelector: 'rack == \"0'", 'fail'],
    ['no selector', null, 'fail'],
  ])('%s -> %s', (_what, s0, status) => {
    expect(check(s0).status).toBe(status);
  });

  it('a missing selector says it selects every node', () => {
    const r = check(null);
    expect(r.message).toContain('rack-0 has no nodeSelector, so it selects every node');
    expect(r.hint).toContain('Give rack-0 a selector on the rack label');
  });

  it('an unquoted value gets the quoting hint with the column', () => {
    const r = check('nodeSelector: rack == 0');
    expect(r.message).toContain('nodeSelector `rack == 0` is invalid at column');
    expect(r.hint).toBe(
      'Quote the value: `nodeSelector: rack == "0"` (Calico reads an unquoted 0 as a label name).',
    );
    expect(check('nodeSelector: rack != zero').hint).toContain('`nodeSelector: rack != "zero"`');
    expect(check('nodeSelector: \'rack = "0"\'').hint).toBe(
      'Calico selectors look like `rack == "0"` — values always in quotes.',
    );
  });

  it('a disabled pool and the default pool are not graded', () => {
    const r = grade(
      [
        pool('default-ipv4-ippool', '{cidr: 10.244.0.0/16}'),
        pool('old', '{cidr: 192.168.9.0/24, disabled: true}'),
        RACK0,
        RACK1,
      ],
      'pools.selectors-valid',
    );
    expect(r.status).toBe('pass');
    expect(r.message).toBe('2 selector(s) valid: rack == "0", rack == "1"');
  });
});

describe('pools.default-removed: only the default pool counts', () => {
  const check = (commands: string, pools = [RACK0, RACK1]) =>
    grade(pools, 'pools.default-removed', `${START}\n${commands}`);
  it.each([
    ['calicoctl delete ippool default-ipv4-ippool', 'pass'],
    ['calicoctl delete ippools default-ipv4-ippool', 'pass'],
    ['calicoctl delete pool default-ipv4-ippool', 'pass'],
    ['calicoctl delete ippool rack-0', 'fail'],
    ['calicoctl delete ippool default-ipv6-ippool', 'fail'],
    ['calicoctl get ippool default-ipv4-ippool', 'fail'],
    ['calicoctl delete node default-ipv4-ippool', 'fail'],
    ['kubectl delete ippools default-ipv4-ippool', 'pass'],
    ['kubectl delete ippools.crd.projectcalico.org default-ipv4-ippool', 'pass'],
    ['kubectl delete ippool rack-0', 'fail'],
    ['kubectl delete pod default-ipv4-ippool', 'fail'],
    [`calicoctl patch ippool default-ipv4-ippool -p '{"spec": {"disabled": true}}'`, 'pass'],
    [`calicoctl patch ippool default-ipv4-ippool -p '{"spec": {"disabled": false}}'`, 'fail'],
    [`calicoctl patch ippool rack-0 -p '{"spec": {"disabled": true}}'`, 'fail'],
    [`kubectl patch ippools default-ipv4-ippool --type merge -p '{"spec":{"disabled":true}}'`, 'pass'],
    [`kubectl patch ippools rack-0 --type merge -p '{"spec":{"disabled":true}}'`, 'fail'],
    [`calicoctl patch ippool default-ipv4-ippool -p '{"spec": {"natOutgoing": true}}'`, 'fail'],
  ])('%s -> %s', (cmd, status) => {
    expect(check(cmd).status).toBe(status);
  });

  it('says how it was removed and where', () => {
    const del = check('calicoctl delete ippool default-ipv4-ippool');
    expect(del.message).toBe(
      'lab4.md:13: `calicoctl delete ippool default-ipv4-ippool` deletes default-ipv4-ippool',
    );
    expect(del.evidence).toEqual({ how: 'calicoctl delete', at: 'lab4.md:13' });
    expect(check('kubectl delete ippools default-ipv4-ippool').evidence).toMatchObject({
      how: 'kubectl delete',
    });
    expect(
      check(`calicoctl patch ippool default-ipv4-ippool -p '{"spec": {"disabled": true}}'`).message,
    ).toContain('disables default-ipv4-ippool');
  });

  it('a manifest redefining the default pool counts when disabled or selecting no node', () => {
    const disabled = check('', [
      pool('default-ipv4-ippool', '{cidr: 10.244.0.0/16, disabled: true}'),
      RACK0,
      RACK1,
    ]);
    expect(disabled.status).toBe('pass');
    expect(disabled.message).toContain('redefines default-ipv4-ippool with disabled: true');
    const none = check('', [
      pool('default-ipv4-ippool', "{cidr: 10.244.0.0/16, nodeSelector: '! all()'}"),
      RACK0,
      RACK1,
    ]);
    expect(none.status).toBe('pass');
    expect(none.message).toContain('nodeSelector !all()');
    expect(check('', [pool('default-ipv4-ippool', '{cidr: 10.244.0.0/16}'), RACK0, RACK1]).status).toBe(
      'fail',
    );
    expect(
      check('', [pool('default-ipv4-ippool', '{cidr: 10.244.0.0/16, nodeSelector: all()}'), RACK0, RACK1])
        .status,
    ).toBe('fail');
    expect(check('', [pool('rack-9', '{cidr: 10.244.0.0/16, disabled: true}'), RACK0, RACK1]).status).toBe(
      'fail',
    );
  });

  it('without the command it fails as not shown, counting the commands', () => {
    const r = check('calicoctl get ippool -o wide');
    expect(r.evidence).toMatchObject({ notShown: true });
    expect(r.message).toBe(
      'the report does not show default-ipv4-ippool being deleted or disabled (none of the 2 commands shown as text)',
    );
    const empty = gradeFiles({ 'lab4.md': HEADER, 'ippool.yaml': RACK0 }).get('pools.default-removed');
    expect(empty?.message).toContain('no commands are shown as text');
  });
});

describe('pods.shown-ips-in-pools at its boundaries', () => {
  const ping = (ip: string) =>
    `PING ${ip} (${ip}): 56 data bytes\n64 bytes from ${ip}: seq=0 ttl=62 time=0.3 ms`;
  const check = (output: string, commands = `${START}\n${LABELS}`) =>
    grade([RACK0, RACK1], 'pods.shown-ips-in-pools', commands, `\n\`\`\`\n${output}\n\`\`\`\n`);

  it.each([
    ['the first address of a pool', '192.168.0.0', 'pass'],
    ['the last address of a pool', '192.168.1.255', 'pass'],
    ['the pod CIDR, outside the pools', '10.244.0.5', 'fail'],
    ['the last address of the pod CIDR', '10.244.255.255', 'fail'],
    ['just past the pools (not a pod address)', '192.168.2.0', 'skip'],
    ['a public address', '8.8.8.8', 'skip'],
    ['just past the pod CIDR', '10.245.0.1', 'skip'],
  ])('ping to %s -> %s', (_what, ip, status) => {
    expect(check(ping(ip)).status).toBe(status);
  });

  it('no IP shown at all: skip', () => {
    expect(check('nothing here').status).toBe('skip');
  });

  const table = (rows: string[]) =>
    [
      'NAME                   READY   STATUS    RESTARTS   AGE   IP             NODE           NOMINATED NODE   READINESS GATES',
      ...rows,
    ].join('\n');

  it('a pod in the pool of its own node passes; in the other rack fails naming both', () => {
    const ok = check(
      table([
        'web-1   1/1   Running   0   1m   192.168.0.5   minikube       <none>   <none>',
        'web-2   1/1   Running   0   1m   192.168.1.5   minikube-m02   <none>   <none>',
      ]),
    );
    expect(ok.status).toBe('pass');
    expect(ok.message).toBe(
      '2 pod IP(s) shown in the report lie in the rack pools: 192.168.0.5, 192.168.1.5',
    );
    const swapped = check(
      table(['web-1   1/1   Running   0   1m   192.168.1.5   minikube   <none>   <none>']),
    );
    expect(swapped.status).toBe('fail');
    expect(swapped.message).toContain('192.168.1.5 (report line');
    expect(swapped.message).toContain(
      'pod web-1 on minikube) is in rack-1 but minikube is selected by rack-0',
    );
  });

  it('the rack is not judged without label commands', () => {
    const r = check(
      table(['web-1   1/1   Running   0   1m   192.168.1.5   minikube   <none>   <none>']),
      START,
    );
    expect(r.status).toBe('pass');
  });

  it('system pods in another namespace are not pod addresses of the app', () => {
    const r = check(
      [
        'NAMESPACE     NAME            READY   STATUS    RESTARTS   AGE   IP             NODE',
        'kube-system   calico-node-x   1/1     Running   0          1m    10.244.0.3     minikube',
        'default       web-1           1/1     Running   0          1m    192.168.0.9    minikube',
      ].join('\n'),
    );
    expect(r.status).toBe('pass');
    expect(r.message).toContain('192.168.0.9');
    expect(r.message).not.toContain('10.244.0.3');
  });

  it('one address outside the pools fails even when others are inside', () => {
    const r = check(`${ping('192.168.0.5')}\n${ping('10.244.120.66')}`);
    expect(r.status).toBe('fail');
    expect(r.message).toContain(
      'outside every rack pool (rack-0 192.168.0.0/24, rack-1 192.168.1.0/24): 10.244.120.66',
    );
  });
});

describe('near misses found by mutation testing', () => {
  const removed = (cmd: string) => grade([RACK0, RACK1], 'pools.default-removed', `${START}\n${cmd}`).status;
  it.each([
    ['kubectl delete xippools default-ipv4-ippool', 'fail'],
    ['kubectl delete ippools.crd.projectcalico.orgx default-ipv4-ippool', 'fail'],
    ['kubectl delete IPPools default-ipv4-ippool', 'pass'],
    [`calicoctl patch ippool default-ipv4-ippool -p '{spec: {disabled: true}}'`, 'pass'],
    [`calicoctl patch ippool default-ipv4-ippool -p '{"spec": {"disabled" : true}}'`, 'pass'],
    [`calicoctl patch ippool default-ipv4-ippool -p '{"spec":{"nodeSelector":"!all()"}}'`, 'pass'],
    [`calicoctl patch ippool default-ipv4-ippool -p '{"spec": {nodeSelector: "! all( )"}}'`, 'pass'],
    [`calicoctl patch ippool default-ipv4-ippool -p '{"spec":{"nodeSelector":"all()"}}'`, 'fail'],
    [`calicoctl patch ippool rack-0 -p '{"spec":{"nodeSelector":"!all()"}}'`, 'fail'],
  ])('%s -> %s', (cmd, status) => {
    expect(removed(cmd)).toBe(status);
  });

  it('a pool with a shape problem is incomplete even with a name and a cidr', () => {
    const r = grade([RACK0, pool('rack-1', '{cidr: 192.168.1.0/24, blockSize: "26"}')], 'pools.defined');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('spec.blockSize must be an integer');
  });

  it.each([
    ['calicoctl create -f - < pools.yaml', ['pools.yaml']],
    ['calicoctl create -f -', []],
    ['kubectl apply -f pools.yaml', []],
    ['calicoctl create -f lab4/IPPOOL.yaml', []],
    ['calicoctl create -f ./IPPool.yaml', []],
  ])('pool files fed to calicoctl: %s -> %o', (cmd, referenced) => {
    const r = gradeFiles({
      'lab4.md': report(`${START}\n${cmd}`),
      'IPPool.yaml': 'kind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\n',
    }).get('pools.defined');
    expect(r?.evidence).toMatchObject({ referenced });
  });

  it('evidence of the pool checks', () => {
    expect(grade([RACK0, RACK1], 'pools.defined').evidence).toEqual({
      pools: [
        { name: 'rack-0', cidr: '192.168.0.0/24', at: 'ippool.yaml:1', apiVersion: 'projectcalico.org/v3' },
        { name: 'rack-1', cidr: '192.168.1.0/24', at: 'ippool.yaml:6', apiVersion: 'projectcalico.org/v3' },
      ],
    });
    expect(grade([RACK0, RACK1], 'pools.cidr-valid').evidence).toEqual({
      pools: [
        { name: 'rack-0', cidr: '192.168.0.0/24', blockSize: 26 },
        { name: 'rack-1', cidr: '192.168.1.0/24', blockSize: 26 },
      ],
    });
    expect(grade([], 'pools.cidr-valid').evidence).toEqual({ pools: 0 });
    expect(
      grade([RACK0, pool('rack-1', '{cidr: 192.168.1.0/33}')], 'pools.cidr-valid').evidence,
    ).toMatchObject({
      errors: [{ pool: 'rack-1', cidr: '192.168.1.0/33' }],
    });
  });

  it('a report row naming the node by the name the report used still finds its rack', () => {
    const r = grade(
      [RACK0, RACK1],
      'pods.shown-ips-in-pools',
      'minikube start --nodes 2 --cni calico\nkubectl label nodes node1 rack=0\nkubectl label nodes node2 rack=1',
      '\n```\nNAME   READY   STATUS    RESTARTS   AGE   IP            NODE\nweb-1  1/1     Running   0          1m    192.168.1.5   node1\n```\n',
    );
    expect(r.status).toBe('fail');
    expect(r.message).toContain('is in rack-1 but minikube is selected by rack-0');
  });
});

describe('pool rules: second round of near misses found by mutation testing', () => {
  it('a link-local pool is reported once, in calicoctl words; a wider range also gets the size rule', () => {
    const r = grade([pool('rack-0', '{cidr: 169.254.0.0/24}'), RACK1], 'pools.cidr-valid');
    expect(r.message).toContain('Link Local');
    expect(r.message).not.toContain('link-local');
    const wide = grade([pool('rack-0', '{cidr: 169.0.0.0/7, blockSize: 20}'), RACK1], 'pools.cidr-valid');
    expect(wide.message).toContain('Link Local');
    expect(wide.message).toContain('/8');
    const tooWide = grade([pool('rack-0', '{cidr: 10.0.0.0/7, blockSize: 20}'), RACK1], 'pools.cidr-valid');
    expect(tooWide.status).toBe('fail');
    expect(tooWide.message).not.toContain('Link Local');
  });

  it('a pool too wide for the grader is a cidr-valid failure, not a reserved-network one', () => {
    const r = grade(
      [pool('rack-0', '{cidr: 172.0.0.0/7, blockSize: 20}'), pool('rack-1', '{cidr: 192.168.1.0/24}')],
      'pools.no-overlap',
    );
    expect(r.message).not.toContain('rack-0: ');
  });

  it('a pool in the service CIDR alone gets the reserved-ranges hint, not the overlap hint', () => {
    const r = grade([pool('rack-0', '{cidr: 10.96.0.0/24}'), RACK1], 'pools.no-overlap');
    expect(r.status).toBe('fail');
    expect(r.hint).toBe(
      `Pick private ranges outside minikube's node network 192.168.49.0/24 and the service CIDR 10.96.0.0/12, e.g. 192.168.0.0/24 and 192.168.1.0/24: pods there would shadow the nodes or the Services (the grader refuses such pools).`,
    );
    expect(r.evidence).toEqual({
      overlaps: [],
      reserved: ['rack-0: cidr 10.96.0.0/24 overlaps the service CIDR 10.96.0.0/12'],
      warnings: [],
    });
    const both = grade(
      [pool('rack-0', '{cidr: 10.96.0.0/24}'), pool('rack-1', '{cidr: 10.96.0.0/25}')],
      'pools.no-overlap',
    );
    expect(both.hint).toBe(
      'Give every rack its own, disjoint range, e.g. 192.168.0.0/24 and 192.168.1.0/24 (calicoctl refuses overlapping pools).',
    );
  });

  it('public address space is a warning on a pass; IPv6 pools get none', () => {
    const r = grade([pool('rack-0', '{cidr: 8.8.8.0/24}'), RACK1], 'pools.no-overlap');
    expect(r.status).toBe('pass');
    expect(r.evidence).toEqual({
      warnings: ['rack-0 (8.8.8.0/24) is public address space, not private (RFC 1918)'],
    });
    const v6 = grade([pool('rack-0', '{cidr: "fd00::/120", blockSize: 122}'), RACK1], 'pools.no-overlap');
    expect(v6.status).toBe('pass');
    expect(v6.message).toBe('no two of 2 pools overlap.');
  });

  it('selectors-valid without rack pools skips pointing at pools.defined', () => {
    const r = grade([pool('default-ipv4-ippool', '{cidr: 10.244.0.0/16}')], 'pools.selectors-valid');
    expect(r.status).toBe('skip');
    expect(r.message).toBe('no IPPool to check (see pools.defined)');
  });

  it('selectors-valid lists its problems as evidence', () => {
    const r = grade([pool('rack-0', '{cidr: 192.168.0.0/24}'), RACK1], 'pools.selectors-valid');
    expect(r.evidence).toEqual({
      problems: ['ippool.yaml:1 rack-0 has no nodeSelector, so it selects every node'],
    });
  });

  it.each([
    [
      'rack == 0',
      'Quote the value: `nodeSelector: rack == "0"` (Calico reads an unquoted 0 as a label name).',
    ],
    ['rack==0', 'Quote the value: `nodeSelector: rack == "0"` (Calico reads an unquoted 0 as a label name).'],
    ['has(x) && rack == 0', 'Calico selectors look like `rack == "0"` — values always in quotes.'],
    ['rack == 0 && has(x)', 'Calico selectors look like `rack == "0"` — values always in quotes.'],
    ['rack == 0)', 'Calico selectors look like `rack == "0"` — values always in quotes.'],
  ])('the quoting hint only for a whole `key == value`: %s', (sel, hint) => {
    const r = grade(
      [pool('rack-0', `{cidr: 192.168.0.0/24, nodeSelector: '${sel}'}`), RACK1],
      'pools.selectors-valid',
    );
    expect(r.status).toBe('fail');
    expect(r.hint).toBe(hint);
  });
});

describe('pods.shown-ips-in-pools: messages and evidence', () => {
  const ping = (ip: string) =>
    `PING ${ip} (${ip}): 56 data bytes\n64 bytes from ${ip}: seq=0 ttl=62 time=0.3 ms`;
  const check = (output: string, pools = [RACK0, RACK1], commands = `${START}\n${LABELS}`) =>
    grade(pools, 'pods.shown-ips-in-pools', commands, `\n\`\`\`\n${output}\n\`\`\`\n`);
  const table = (rows: string[]) =>
    ['NAME   READY   STATUS    RESTARTS   AGE   IP            NODE', ...rows].join('\n');

  it('no address shown: the skip says so', () => {
    const r = check('nothing here');
    expect(r.message).toBe(
      'the report shows no pod IPs as text (no ping transcript or `kubectl get pods -o wide` output)',
    );
  });

  it('no rack pool with a parsable cidr: skip pointing at pools.defined', () => {
    const r = check(ping('192.168.0.5'), [pool('rack-0', '{cidr: x, nodeSelector: rack == "0"}')]);
    expect(r.status).toBe('skip');
    expect(r.message).toBe('no rack pools to compare the shown pod IPs with (see pools.defined)');
    const none = check(ping('192.168.0.5'), [pool('default-ipv4-ippool', '{cidr: 192.168.0.0/16}')]);
    expect(none.message).toBe('no rack pools to compare the shown pod IPs with (see pools.defined)');
  });

  it('only non-pod addresses: the skip counts them, with the shown addresses as evidence', () => {
    const r = check(ping('8.8.8.8'));
    expect(r.message).toBe(
      'the report shows no pod IPs as text (1 address(es) shown are neither in the pools nor in the pod CIDR 10.244.0.0/16)',
    );
    expect(r.evidence).toMatchObject({ shown: [{ ip: '8.8.8.8' }] });
  });

  it('outside only: one part, the pod CIDR and the pools', () => {
    const r = check(ping('10.244.0.5'));
    expect(r.message).toMatch(
      /^the report's own output shows pod IPs from the pod CIDR 10\.244\.0\.0\/16, outside every rack pool \(rack-0 192\.168\.0\.0\/24, rack-1 192\.168\.1\.0\/24\): 10\.244\.0\.5 \(report line \d+\)$/,
    );
    expect(r.evidence).toMatchObject({ pools: 'rack-0 192.168.0.0/24, rack-1 192.168.1.0/24' });
  });

  it('wrong rack only: one part, no pod-CIDR sentence', () => {
    const r = check(table(['web-1  1/1     Running   0          1m    192.168.1.5   minikube']));
    expect(r.message).toMatch(
      /^the report's own output shows 192\.168\.1\.5 \(report line \d+, pod web-1 on minikube\) is in rack-1 but minikube is selected by rack-0$/,
    );
  });

  it('a node two pools select passes when the address is in either', () => {
    const r = check(table(['web-1  1/1     Running   0          1m    192.168.1.5   minikube']), [
      RACK0,
      pool('rack-1', `{cidr: 192.168.1.0/24, nodeSelector: 'rack in {"0", "1"}'}`),
    ]);
    expect(r.status).toBe('pass');
  });
});
