// Expected bytes from docs/reference-facts.md, calico-manifests §4-5 and calico-ippool §2, §7.
import { describe, expect, it } from 'vitest';
import { assignFromBlock, blockSpec, newAffinityObject, newBlockObject } from '../../calico/blocks.ts';
import { createStore } from '../../store/memory-store.ts';
import type { ClusterStore, KubeObject } from '../../store/types.ts';
import { runCalicoctl } from './index.ts';
import { formatF0, formatG5 } from './tablewriter.ts';
import { tabwrite } from './tabwriter.ts';

function crdPool(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name }, spec };
}

function env(
  store: ClusterStore,
  extra: { stdin?: string; clientVersion?: string; files?: Record<string, string> } = {},
) {
  return {
    store,
    clientVersion: extra.clientVersion ?? 'v3.28.1',
    clusterVersion: 'v3.28.1',
    stdin: extra.stdin ?? '',
    readFile: (p: string) => extra.files?.[p],
    now: () => Date.parse('2024-12-04T10:00:00Z'),
    sleep: async () => {},
  };
}

const POOL = (name: string, cidr: string, selector: string) =>
  `apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: ${name}\nspec:\n  cidr: ${cidr}\n  ipipMode: Always\n  natOutgoing: true\n  nodeSelector: ${selector}\n`;

describe('calicoctl get ippools', () => {
  it('prints the -o wide table of the lab4 report byte for byte (trailing spaces, blank line)', async () => {
    const store = createStore();
    const e = env(store, {
      stdin: `${POOL('zone-west-ippool', '192.168.0.0/24', 'zone == "west"')}---\n${POOL('zone-east-ippool', '192.168.1.0/24', 'zone == "east"')}`,
    });
    expect((await runCalicoctl(['create', '-f', '-'], e)).stdout).toBe(
      "Successfully created 2 'IPPool' resource(s)\n",
    );
    const r = await runCalicoctl(['get', 'ippools', '-o', 'wide'], e);
    expect(r.stdout).toBe(
      'NAME               CIDR             NAT    IPIPMODE   VXLANMODE   DISABLED   DISABLEBGPEXPORT   SELECTOR         \n' +
        'zone-east-ippool   192.168.1.0/24   true   Always     Never       false      false              zone == "east"   \n' +
        'zone-west-ippool   192.168.0.0/24   true   Always     Never       false      false              zone == "west"   \n' +
        '\n',
    );
  });

  it('prints the default table and Never for unset encapsulation', async () => {
    const store = createStore();
    store.create(
      'crd.projectcalico.org/ippools',
      crdPool('default-ipv4-ippool', { cidr: '10.244.0.0/16', nodeSelector: 'all()', natOutgoing: true }),
    );
    const r = await runCalicoctl(['get', 'ippool'], env(store));
    expect(r.stdout).toBe(
      'NAME                  CIDR            SELECTOR   \ndefault-ipv4-ippool   10.244.0.0/16   all()      \n\n',
    );
    const wide = await runCalicoctl(['get', 'pools', '-o', 'wide'], env(store));
    expect(wide.stdout.split('\n')[1]).toBe(
      'default-ipv4-ippool   10.244.0.0/16   true   Never      Never       false      false              all()      ',
    );
  });

  it('adds ASSIGNMENTMODE from v3.30', async () => {
    const store = createStore();
    const e = env(store, { clientVersion: 'v3.30.0', stdin: POOL('a', '10.1.0.0/16', 'all()') });
    await runCalicoctl(['create', '-f', '-', '--allow-version-mismatch'], e);
    const r = await runCalicoctl(['get', 'ippools', '-o', 'wide', '--allow-version-mismatch'], e);
    expect(r.stdout.split('\n')[0].trimEnd().endsWith('SELECTOR   ASSIGNMENTMODE')).toBe(true);
    expect(r.stdout.split('\n')[1].trimEnd().endsWith('all()      Automatic')).toBe(true);
  });

  it('matches calicoctl’s own tabwriter fixture', () => {
    const text =
      "NAME\tCIDR\tNAT\tIPIPMODE\tVXLANMODE\tDISABLED\tDISABLEBGPEXPORT\tSELECTOR\t\nippool-name1\t10.0.1.0/24\tfalse\tAlways\tNever\tfalse\tfalse\tfoo == 'bar'\t\n";
    expect(tabwrite(text).split('\n')[0]).toBe(
      'NAME           CIDR          NAT     IPIPMODE   VXLANMODE   DISABLED   DISABLEBGPEXPORT   SELECTOR       ',
    );
    expect(tabwrite(text).split('\n')[1].trimEnd()).toBe(
      "ippool-name1   10.0.1.0/24   false   Always     Never       false      false              foo == 'bar'",
    );
  });

  it('prints the heading only for an empty list, an error for a missing name', async () => {
    const store = createStore();
    expect((await runCalicoctl(['get', 'ippools'], env(store))).stdout).toBe('NAME   CIDR   SELECTOR   \n\n');
    expect(await runCalicoctl(['get', 'ippool', 'x'], env(store))).toEqual({
      stdout: '',
      stderr: 'resource does not exist: IPPool(x) with error: ippools.crd.projectcalico.org "x" not found\n',
      exitCode: 1,
    });
  });

  it('prints -o yaml in the v3 form with sorted keys', async () => {
    const store = createStore();
    const e = env(store, { stdin: POOL('rack-0', '192.168.0.0/24', 'rack == "0"') });
    await runCalicoctl(['create', '-f', '-'], e);
    const r = await runCalicoctl(['get', 'ippool', 'rack-0', '-o', 'yaml'], e);
    expect(r.stdout).toMatch(
      /^apiVersion: projectcalico\.org\/v3\nkind: IPPool\nmetadata:\n {2}creationTimestamp: "2024-12-04T10:00:00Z"\n {2}name: rack-0\n {2}resourceVersion: "\d+"\n {2}uid: [0-9a-f-]{36}\nspec:\n {2}allowedUses:\n {2}- Workload\n {2}- Tunnel\n {2}blockSize: 26\n {2}cidr: 192\.168\.0\.0\/24\n {2}ipipMode: Always\n {2}natOutgoing: true\n {2}nodeSelector: rack == "0"\n {2}vxlanMode: Never\n$/,
    );
    const json = JSON.parse((await runCalicoctl(['get', 'ippool', 'rack-0', '-o', 'json'], e)).stdout);
    expect(Object.keys(json)).toEqual(['kind', 'apiVersion', 'metadata', 'spec']);
    expect(Object.keys(json.spec)).toEqual([
      'cidr',
      'vxlanMode',
      'ipipMode',
      'natOutgoing',
      'blockSize',
      'nodeSelector',
      'allowedUses',
    ]);
  });
});

describe('calicoctl create', () => {
  it('stores a crd.projectcalico.org/v1 object with defaults and the metadata annotation', async () => {
    const store = createStore();
    await runCalicoctl(
      ['create', '-f', 'pool.yaml'],
      env(store, { files: { 'pool.yaml': POOL('p', '10.5.0.0/16', '') } }),
    );
    const obj = store.get('crd.projectcalico.org/ippools', undefined, 'p')!;
    expect(obj.apiVersion).toBe('crd.projectcalico.org/v1');
    expect(obj.metadata.annotations).toEqual({
      'projectcalico.org/metadata': '{"creationTimestamp":"2024-12-04T10:00:00Z"}',
    });
    expect(obj.spec).toEqual({
      cidr: '10.5.0.0/16',
      vxlanMode: 'Never',
      ipipMode: 'Always',
      natOutgoing: true,
      blockSize: 26,
      nodeSelector: 'all()',
      allowedUses: ['Workload', 'Tunnel'],
    });
  });

  it('reports validation, overlap and duplicates with calicoctl’s wrapping', async () => {
    const store = createStore();
    const create = (stdin: string) => runCalicoctl(['create', '-f', '-'], env(store, { stdin }));
    expect((await create(POOL('a', '192.168.0.5/24', 'all()'))).stderr).toBe(
      "Failed to create 'IPPool' resource: [error with field IPPool.Spec.CIDR = '192.168.0.0/24' (IPPool CIDR is not strictly masked)]\n",
    );
    await create(POOL('a', '192.168.0.0/24', 'all()'));
    expect(await create(POOL('b', '192.168.0.0/16', 'all()'))).toEqual({
      stdout: '',
      stderr:
        "Failed to create 'IPPool' resource: [error with field IPPool.Spec.CIDR = '192.168.0.0/16' (IPPool(b) CIDR overlaps with IPPool(a) CIDR 192.168.0.0/24)]\n",
      exitCode: 1,
    });
    expect((await create(POOL('a', '10.9.0.0/24', 'all()'))).stderr).toBe(
      "Failed to create 'IPPool' resource: [resource already exists: IPPool(a)]\n",
    );
    expect((await create(POOL('c', '10.8.0.0/27', 'all()'))).stderr).toContain(
      'IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.',
    );
  });

  it('fails on missing files, empty stdin, crd apiVersions and unknown fields', async () => {
    const store = createStore();
    expect((await runCalicoctl(['create', '-f', 'nope.yaml'], env(store))).stderr).toBe(
      'Failed to execute command: open nope.yaml: no such file or directory\n',
    );
    expect((await runCalicoctl(['create', '-f', '-'], env(store))).stderr).toBe(
      'No resources specified in file -\n',
    );
    const crd = POOL('x', '10.0.0.0/16', 'all()').replace('projectcalico.org/v3', 'crd.projectcalico.org/v1');
    expect((await runCalicoctl(['create', '-f', '-'], env(store, { stdin: crd }))).stderr).toBe(
      'Failed to execute command: Unknown resource type (IPPool) and/or version (crd.projectcalico.org/v1)\n',
    );
    const extra = `${POOL('x', '10.0.0.0/16', 'all()')}  nodeselector: all()\n`;
    expect((await runCalicoctl(['create', '-f', '-'], env(store, { stdin: extra }))).stderr).toBe(
      'Failed to execute command: error unmarshaling JSON: while decoding JSON: json: unknown field "nodeselector"\n',
    );
  });

  it('refuses a version mismatch unless --allow-version-mismatch', async () => {
    const store = createStore();
    const e = env(store, { clientVersion: 'v3.26.1', stdin: POOL('a', '10.0.0.0/16', 'all()') });
    expect((await runCalicoctl(['create', '-f', '-'], e)).stderr).toBe(
      'Version mismatch.\nClient Version:   v3.26.1\nCluster Version:  3.28.1\nUse --allow-version-mismatch to override.\n\n',
    );
    expect((await runCalicoctl(['create', '-f', '-', '--allow-version-mismatch'], e)).exitCode).toBe(0);
    expect((await runCalicoctl(['version'], e)).stdout).toBe(
      'Client Version:    v3.26.1\nGit commit:        b1d192c95\nCluster Version:   v3.28.1\nCluster Type:      k8s,bgp,kubeadm,kdd\n',
    );
  });
});

describe('calicoctl delete / patch / apply', () => {
  function poolWithBlocks(store: ClusterStore) {
    store.create(
      'crd.projectcalico.org/ippools',
      crdPool('default-ipv4-ippool', { cidr: '10.244.0.0/16', blockSize: 26, nodeSelector: 'all()' }),
    );
    const used = newBlockObject('10.244.120.64/26', 'minikube', 1);
    assignFromBlock(blockSpec(used), {
      handle_id: 'ipip-tunnel-addr-minikube',
      secondary: { node: 'minikube', type: 'ipipTunnelAddress' },
    });
    store.create('crd.projectcalico.org/ipamblocks', used);
    store.create('crd.projectcalico.org/blockaffinities', newAffinityObject('minikube', '10.244.120.64/26'));
    store.create('crd.projectcalico.org/ipamblocks', newBlockObject('10.244.205.192/26', 'minikube-m02', 1));
    store.create(
      'crd.projectcalico.org/blockaffinities',
      newAffinityObject('minikube-m02', '10.244.205.192/26'),
    );
  }

  it('disables the pool, releases affinities and deletes it; used blocks become orphans (docs/reference-facts.md, calico-ippool §7)', async () => {
    const store = createStore();
    poolWithBlocks(store);
    expect(await runCalicoctl(['delete', 'ippools', 'default-ipv4-ippool'], env(store))).toEqual({
      stdout: "Successfully deleted 1 'IPPool' resource(s)\n",
      stderr: '',
      exitCode: 0,
    });
    expect(store.list('crd.projectcalico.org/ippools')).toEqual([]);
    expect(store.list('crd.projectcalico.org/blockaffinities')).toEqual([]);
    expect(store.list('crd.projectcalico.org/ipamblocks').map((b) => b.metadata.name)).toEqual([
      '10-244-120-64-26',
    ]);
    const r = await runCalicoctl(['ipam', 'show', '--show-blocks'], env(store));
    expect(r.stdout).toBe(
      '+----------+------------------+-----------+------------+----------+\n' +
        '| GROUPING |       CIDR       | IPS TOTAL | IPS IN USE | IPS FREE |\n' +
        '+----------+------------------+-----------+------------+----------+\n' +
        '| Block    | 10.244.120.64/26 |        64 | 1 (2%)     | 63 (98%) |\n' +
        '+----------+------------------+-----------+------------+----------+\n',
    );
  });

  it('reports a missing pool on delete', async () => {
    expect(await runCalicoctl(['delete', 'ippool', 'nosuch'], env(createStore()))).toEqual({
      stdout: '',
      stderr:
        'Failed to delete \'IPPool\' resource: resource does not exist: IPPool(nosuch) with error: ippools.crd.projectcalico.org "nosuch" not found\n\n',
      exitCode: 1,
    });
  });

  it('patches a pool (disable) and refuses to change its CIDR', async () => {
    const store = createStore();
    poolWithBlocks(store);
    const ok = await runCalicoctl(
      ['patch', 'ippool', 'default-ipv4-ippool', '-p', '{"spec": {"disabled": true}}'],
      env(store),
    );
    expect(ok.stdout).toBe("Successfully patched 1 'IPPool' resource\n");
    expect(store.get('crd.projectcalico.org/ippools', undefined, 'default-ipv4-ippool')!.spec.disabled).toBe(
      true,
    );
    const bad = await runCalicoctl(
      ['patch', 'ippool', 'default-ipv4-ippool', '-p', '{"spec":{"cidr":"10.245.0.0/16"}}'],
      env(store),
    );
    expect(bad.stderr).toBe(
      "Failed to patch 'IPPool' resource: error with field IPPool.Spec.CIDR = '10.245.0.0/16' (IPPool CIDR cannot be modified)\n\n",
    );
  });

  it('applies: creates, then updates the same pool', async () => {
    const store = createStore();
    const e = (sel: string) => env(store, { stdin: POOL('rack', '10.7.0.0/16', sel) });
    expect((await runCalicoctl(['apply', '-f', '-'], e('all()'))).stdout).toBe(
      "Successfully applied 1 'IPPool' resource(s)\n",
    );
    expect((await runCalicoctl(['apply', '-f', '-'], e('rack == "1"'))).stdout).toBe(
      "Successfully applied 1 'IPPool' resource(s)\n",
    );
    expect(store.get('crd.projectcalico.org/ippools', undefined, 'rack')!.spec.nodeSelector).toBe(
      'rack == "1"',
    );
  });
});

describe('calicoctl ipam show', () => {
  it('prints the reference 2-node minikube table byte for byte', async () => {
    const store = createStore();
    store.create('crd.projectcalico.org/ippools', crdPool('default-ipv4-ippool', { cidr: '10.244.0.0/16' }));
    for (const [cidr, node] of [
      ['10.244.120.64/26', 'minikube'],
      ['10.244.205.192/26', 'minikube-m02'],
    ]) {
      const block = newBlockObject(cidr, node, 1);
      for (let i = 0; i < 5; i++)
        assignFromBlock(blockSpec(block), { handle_id: `h${i}`, secondary: { node } });
      store.create('crd.projectcalico.org/ipamblocks', block);
    }
    const show = await runCalicoctl(['ipam', 'show', '--show-blocks'], env(store));
    expect(show.stdout).toBe(
      '+----------+-------------------+-----------+------------+--------------+\n' +
        '| GROUPING |       CIDR        | IPS TOTAL | IPS IN USE |   IPS FREE   |\n' +
        '+----------+-------------------+-----------+------------+--------------+\n' +
        '| IP Pool  | 10.244.0.0/16     |     65536 | 10 (0%)    | 65526 (100%) |\n' +
        '| Block    | 10.244.120.64/26  |        64 | 5 (8%)     | 59 (92%)     |\n' +
        '| Block    | 10.244.205.192/26 |        64 | 5 (8%)     | 59 (92%)     |\n' +
        '+----------+-------------------+-----------+------------+--------------+\n',
    );
    const plain = await runCalicoctl(['ipam', 'show'], env(store));
    expect(plain.stdout.split('\n')[3]).toBe(
      '| IP Pool  | 10.244.0.0/16 |     65536 | 10 (0%)    | 65526 (100%) |',
    );
    expect((await runCalicoctl(['ipam', 'show', '--ip=10.244.120.64'], env(store))).stdout).toBe(
      'IP 10.244.120.64 is in use\nAttributes:\n  node: minikube\n',
    );
    expect((await runCalicoctl(['ipam', 'show', '--ip=10.244.1.1'], env(store))).stdout).toBe(
      '10.244.1.1 is not assigned\n',
    );
  });

  it('formats numbers like Go %.5g and %.f', () => {
    expect(formatG5(1048576)).toBe('1.0486e+06');
    expect(formatG5(65536)).toBe('65536');
    expect(formatG5(64)).toBe('64');
    expect(formatF0(0.5)).toBe('0');
    expect(formatF0(7.8125)).toBe('8');
    expect(formatF0(99.98)).toBe('100');
  });
});
