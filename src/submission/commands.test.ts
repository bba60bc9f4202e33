import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeFiles, HEADER, POOLS } from '../testing/submission-builder.ts';
import {
  commandsInPlainText,
  parseCalicoctl,
  parseExecPings,
  parseKubectlApply,
  parseKubectlDelete,
  parseKubectlPatch,
  parseLabel,
  parseMinikubeStart,
  toReportCommands,
} from './commands.ts';
import { createShellState, parseShellBlock } from './shell.ts';
import type { ShellCommand } from './types.ts';

/** The ShellCommands of a bash block (aliases carried within it). */
function sh(text: string): ShellCommand[] {
  return parseShellBlock({ style: 'script', text, firstLine: 1 }, 'r.md', createShellState());
}
const one = (text: string): ShellCommand => sh(text).at(-1) as ShellCommand;

describe('minikube start', () => {
  it.each([
    ['minikube start --nodes 2 --cni calico', { nodes: 2, cni: 'calico' }],
    ['minikube start --nodes=2 --cni=calico', { nodes: 2, cni: 'calico' }],
    ['minikube start -n 2 --network-plugin=cni', { nodes: 2, networkPlugin: 'cni' }],
    ['minikube start -n=3', { nodes: 3 }],
    ['minikube start --container-runtime containerd', { containerRuntime: 'containerd' }],
    [
      'minikube start -c containerd --kubernetes-version=v1.24.3',
      { containerRuntime: 'containerd', kubernetesVersion: 'v1.24.3' },
    ],
    ['minikube start -p multinode-demo --driver=docker', { profile: 'multinode-demo', driver: 'docker' }],
    [
      'minikube -p lab start --profile=lab4 --vm-driver virtualbox',
      { profile: 'lab4', driver: 'virtualbox' },
    ],
  ])('%s', (text, want) => {
    const start = parseMinikubeStart(one(text));
    expect(start).toMatchObject({ kind: 'minikube-start', unknownFlags: [], ...want });
  });

  it('keeps every flag token, long names without dashes', () => {
    const start = parseMinikubeStart(
      one('minikube start --nodes 2 -c containerd --no-vtx-check --memory=4g'),
    );
    expect(start?.flags).toEqual([
      { name: 'nodes', value: '2', token: '--nodes 2' },
      { name: 'container-runtime', value: 'containerd', token: '-c containerd' },
      { name: 'no-vtx-check', value: null, token: '--no-vtx-check' },
      { name: 'memory', value: '4g', token: '--memory=4g' },
    ]);
  });

  it('lists misspelt flags as unknown', () => {
    const start = parseMinikubeStart(one('minikube start --network-plugin-cni --cni=calico --node=2 -x'));
    expect(start?.unknownFlags).toEqual(['--network-plugin-cni', '--node=2', '-x']);
    expect(start?.cni).toBe('calico');
    expect(start?.nodes).toBeUndefined();
  });

  it('ignores other minikube commands', () => {
    expect(parseMinikubeStart(one('minikube stop'))).toBeUndefined();
    expect(parseMinikubeStart(one('minikube -p x ssh'))).toBeUndefined();
  });
});

describe('kubectl label', () => {
  it.each([
    ['kubectl label nodes minikube rack=0', ['minikube'], [{ key: 'rack', value: '0' }], false],
    [
      'kubectl label node minikube-m02 rack=1 --overwrite',
      ['minikube-m02'],
      [{ key: 'rack', value: '1' }],
      true,
    ],
    ['kubectl label no a b zone=east --overwrite=true', ['a', 'b'], [{ key: 'zone', value: 'east' }], true],
    [
      'kubectl label node/minikube node/m02 rack=0',
      ['minikube', 'm02'],
      [{ key: 'rack', value: '0' }],
      false,
    ],
    ['kubectl label nodes minikube rack-', ['minikube'], [{ key: 'rack', value: null }], false],
    [
      'kubectl label nodes "node_name" zone="zone_name"',
      ['node_name'],
      [{ key: 'zone', value: 'zone_name' }],
      false,
    ],
    [
      'minikube kubectl -- label nodes minikube zone=west',
      ['minikube'],
      [{ key: 'zone', value: 'west' }],
      false,
    ],
  ])('%s', (text, nodes, labels, overwrite) => {
    expect(parseLabel(one(text))).toMatchObject({ kind: 'label', nodes, labels, overwrite });
  });

  it('ignores selector forms and other resources', () => {
    expect(parseLabel(one('kubectl label nodes -l kubernetes.io/os=linux rack=0'))).toBeUndefined();
    expect(parseLabel(one('kubectl label nodes --all rack=0'))).toBeUndefined();
    expect(parseLabel(one('kubectl label pods web app=x'))).toBeUndefined();
    expect(parseLabel(one('kubectl label pod/web app=x'))).toBeUndefined();
  });
});

describe('calicoctl', () => {
  it('reads the alias to the calicoctl pod with `-f - < file`', () => {
    const c = parseCalicoctl(
      one(
        'alias calicoctl="kubectl exec -i -n kube-system calicoctl -- /calicoctl"\ncalicoctl create -f - < pools.yaml',
      ),
    );
    expect(c).toMatchObject({
      kind: 'calicoctl',
      verb: 'create',
      file: '-',
      stdinFile: 'pools.yaml',
      via: 'kubectl-exec',
      execStdin: true,
      allowVersionMismatch: false,
    });
  });

  it.each([
    ['calicoctl apply -f ippool.yaml', { verb: 'apply', file: 'ippool.yaml', via: 'binary' }],
    [
      './calicoctl replace --filename=pool.yaml --allow-version-mismatch',
      { verb: 'replace', file: 'pool.yaml', allowVersionMismatch: true },
    ],
    [
      'calicoctl delete ippools default-ipv4-ippool',
      { verb: 'delete', resource: 'ippools', names: ['default-ipv4-ippool'] },
    ],
    [
      'calicoctl delete ippool/default-ipv4-ippool',
      { verb: 'delete', resource: 'ippool', names: ['default-ipv4-ippool'] },
    ],
    ['calicoctl get ippool -o wide', { verb: 'get', resource: 'ippool', names: [] }],
    [
      `calicoctl patch ippool default-ipv4-ippool -p '{"spec": {"disabled": true}}'`,
      {
        verb: 'patch',
        resource: 'ippool',
        names: ['default-ipv4-ippool'],
        patch: '{"spec": {"disabled": true}}',
      },
    ],
    [
      'kubectl exec -n kube-system calicoctl -- calicoctl --allow-version-mismatch create -f - < p.yaml',
      {
        verb: 'create',
        file: '-',
        stdinFile: 'p.yaml',
        via: 'kubectl-exec',
        execStdin: false,
        allowVersionMismatch: true,
      },
    ],
    [
      'kubectl -n kube-system exec -it calicoctl -- /calicoctl get ippools',
      { verb: 'get', via: 'kubectl-exec', execStdin: true },
    ],
    ['kubectl calico get ippools', { verb: 'get', resource: 'ippools', via: 'kubectl-plugin' }],
  ])('%s', (text, want) => {
    expect(parseCalicoctl(one(text))).toMatchObject({ kind: 'calicoctl', ...want });
  });

  it('is not a kubectl exec of another program', () => {
    expect(parseCalicoctl(one('kubectl exec -it web -- sh'))).toBeUndefined();
  });
});

describe('kubectl apply / delete / patch', () => {
  it.each([
    ['kubectl apply -f deployment.yaml', 'apply', ['deployment.yaml']],
    [
      'kubectl create -f a.yaml -f https://x/calico.yaml --filename=b.yaml',
      'create',
      ['a.yaml', 'https://x/calico.yaml', 'b.yaml'],
    ],
    ['kubectl apply -f a.yaml,b.yaml', 'apply', ['a.yaml', 'b.yaml']],
    ['minikube kubectl -- apply -f=deployment.yaml', 'apply', ['deployment.yaml']],
  ])('%s', (text, verb, files) => {
    expect(parseKubectlApply(one(text))).toMatchObject({ kind: 'kubectl-apply', verb, files });
  });

  it('keeps the stdin file of `-f -`, and ignores apply without a file', () => {
    expect(parseKubectlApply(one('kubectl apply -f - < pool.yaml'))).toMatchObject({
      files: ['-'],
      stdinFile: 'pool.yaml',
    });
    expect(parseKubectlApply(one('kubectl create deployment web --image=nginx'))).toBeUndefined();
  });

  it.each([
    [
      'kubectl delete ippools default-ipv4-ippool',
      { resource: 'ippools', names: ['default-ipv4-ippool'], files: [] },
    ],
    [
      'kubectl delete ippools.crd.projectcalico.org default-ipv4-ippool',
      { resource: 'ippools.crd.projectcalico.org', names: ['default-ipv4-ippool'] },
    ],
    ['kubectl delete ippool/default-ipv4-ippool', { resource: 'ippool', names: ['default-ipv4-ippool'] }],
    ['kubectl delete -f pool.yaml', { files: ['pool.yaml'], names: [] }],
  ])('%s', (text, want) => {
    expect(parseKubectlDelete(one(text))).toMatchObject({ kind: 'kubectl-delete', ...want });
  });

  it('reads kubectl patch', () => {
    expect(
      parseKubectlPatch(
        one(`kubectl patch ippool default-ipv4-ippool --type merge -p '{"spec":{"disabled":true}}'`),
      ),
    ).toMatchObject({
      kind: 'kubectl-patch',
      resource: 'ippool',
      name: 'default-ipv4-ippool',
      patch: '{"spec":{"disabled":true}}',
      patchType: 'merge',
    });
    expect(parseKubectlPatch(one('kubectl patch ippools/x -p {}'))).toMatchObject({
      resource: 'ippools',
      name: 'x',
      patch: '{}',
    });
    expect(parseKubectlPatch(one('kubectl patch ippool'))).toBeUndefined();
  });
});

describe('ping', () => {
  it.each([
    ['kubectl exec -it web-1 -- ping -c 3 192.168.1.2', 'web-1', '192.168.1.2'],
    ['kubectl exec web-1 -- ping web-2.svc.cluster.local -c 4', 'web-1', 'web-2.svc.cluster.local'],
    ['kubectl exec pod/web-1 -c app -- /bin/ping -W 1 10.0.0.1', 'web-1', '10.0.0.1'],
    ['kubectl exec -it web-1 ping 10.0.0.1', 'web-1', '10.0.0.1'],
    [`kubectl exec web-1 -- sh -c "ping -c 2 10.0.0.9"`, 'web-1', '10.0.0.9'],
    ['kubectl exec web-1 -- busybox ping 10.0.0.8', 'web-1', '10.0.0.8'],
  ])('%s', (text, pod, target) => {
    expect(parseExecPings(one(text))).toEqual([{ kind: 'ping', pod, target, source: one(text) }]);
  });

  it('reads every ping of a sh -c script', () => {
    const pings = parseExecPings(one(`kubectl exec a -- sh -c 'ping -c1 x && ping -c1 y'`));
    expect(pings.map((p) => p.target)).toEqual(['x', 'y']);
  });

  it('takes a ping typed in a pod shell, with the pod', () => {
    const cmds = toReportCommands(sh('kubectl exec -ti web-1 -- sh\nping -c 3 10.244.0.5\n'));
    expect(cmds).toMatchObject([{ kind: 'ping', pod: 'web-1', target: '10.244.0.5' }]);
  });
});

describe('toReportCommands', () => {
  it('keeps report order and skips what it does not know', () => {
    const cmds = toReportCommands(
      sh(
        'minikube start --nodes 2\nkubectl get pods\nkubectl label nodes m rack=0\nkubectl delete ippool p\nping 1.1.1.1',
      ),
    );
    expect(cmds.map((c) => c.kind)).toEqual(['minikube-start', 'label', 'kubectl-delete', 'ping']);
  });
});

// docs/issue 12, scope 1: the calicoctl plugin (`kubectl calico`, the `kubectl-calico` binary) is calicoctl.
describe('the kubectl-plugin forms of calicoctl', () => {
  it.each([
    'kubectl calico delete ippool default-ipv4-ippool',
    'kubectl-calico delete ippool default-ipv4-ippool',
    './kubectl-calico delete ippools default-ipv4-ippool --allow-version-mismatch',
    'kubectl -n kube-system calico delete ippool/default-ipv4-ippool',
  ])('%s deletes the default pool through the plugin', (text) => {
    expect(parseCalicoctl(one(text))).toMatchObject({
      kind: 'calicoctl',
      verb: 'delete',
      names: ['default-ipv4-ippool'],
      via: 'kubectl-plugin',
    });
  });

  it('reads `kubectl-calico create -f -` fed a file', () => {
    expect(parseCalicoctl(one('kubectl-calico create -f - < pools.yaml'))).toMatchObject({
      verb: 'create',
      file: '-',
      stdinFile: 'pools.yaml',
      via: 'kubectl-plugin',
    });
  });
});

describe('commandsInPlainText', () => {
  // the shape of OCR text of a terminal screenshot: prompts, commands, their output
  const OCR = [
    'PS C:\\Users\\student\\lab4> kubectl-calico delete ippool default-ipv4-ippool',
    "Successfully deleted 1 'IPPool' resource(s)",
    'PS C:\\Users\\student\\lab4> kubectl label nodes minikube-m02 rack=1',
    'node/minikube-m02 labeled',
    'student@vm:~/lab4$ kubectl exec -it web-7d9f-abcde -- sh',
    '/ # ping -c 2 192.168.1.3',
    'PING 192.168.1.3 (192.168.1.3): 56 data bytes',
    'minikube start --nodes 2 --cni=calico',
    '* minikube v1.32.0 on Ubuntu 22.04',
  ].join('\n');

  it('returns the commands with their source and line, output and sentences left out', () => {
    const { shell, commands } = commandsInPlainText(OCR, 'image:images/run.png');
    expect(shell.map((c) => [c.file, c.line, c.argv[0]])).toEqual([
      ['image:images/run.png', 1, 'kubectl'],
      ['image:images/run.png', 3, 'kubectl'],
      ['image:images/run.png', 5, 'kubectl'],
      ['image:images/run.png', 6, 'ping'],
      ['image:images/run.png', 8, 'minikube'],
    ]);
    expect(commands.map((c) => [c.kind, c.source.line])).toEqual([
      ['calicoctl', 1],
      ['label', 3],
      ['ping', 6],
      ['minikube-start', 8],
    ]);
    expect(commands[0]).toMatchObject({
      verb: 'delete',
      names: ['default-ipv4-ippool'],
      via: 'kubectl-plugin',
    });
    expect(commands[2]).toMatchObject({ target: '192.168.1.3', pod: 'web-7d9f-abcde' });
    expect(commands[3]).toMatchObject({ nodes: 2, cni: 'calico' });
  });

  it('numbers lines from `firstLine`', () => {
    const { shell } = commandsInPlainText('output\nkubectl get pods', 'x.txt', { firstLine: 40 });
    expect(shell.map((c) => c.line)).toEqual([41]);
  });

  it('finds nothing in prose that only mentions the programs', () => {
    const text =
      'Then I used kubectl to delete the pool.\nkubectl is a command line tool\nminikube was started\nЗапустим minikube';
    expect(commandsInPlainText(text, 'x').shell).toEqual([]);
  });

  it('never throws, and every command lies on a line of the text (property)', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        'kubectl get pods \\',
        '$ ',
        '/ # ping',
        "calicoctl get 'x",
        'cat <<EOF',
        'EOF',
        'PS C:\\> ',
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.integer({ min: 1, max: 1000 }), (lines, first) => {
        const { shell } = commandsInPlainText(lines.join('\n'), 'f', { firstLine: first });
        for (const c of shell) {
          expect(c.line).toBeGreaterThanOrEqual(first);
          expect(c.line).toBeLessThan(first + Math.max(lines.length, 1));
        }
      }),
    );
  });
});

describe('commands in prose reach the checks', () => {
  it('a prose `kubectl calico delete` line removes the default pool, cited by file:line', () => {
    const lab = `${HEADER}\nУдалим пул по умолчанию:\nkubectl calico delete ippool default-ipv4-ippool  \n`;
    const r = gradeFiles({ 'lab4.md': lab, 'ippool.yaml': POOLS }).get('pools.default-removed');
    expect(r?.status).toBe('pass');
    expect(r?.message).toContain('lab4.md:12');
  });

  it('a sentence naming the command does not', () => {
    const lab = `${HEADER}\nThen I used kubectl calico to delete the default-ipv4-ippool pool.\n`;
    const r = gradeFiles({ 'lab4.md': lab, 'ippool.yaml': POOLS }).get('pools.default-removed');
    expect(r?.status).not.toBe('pass');
  });
});
