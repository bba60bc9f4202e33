import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BlockStyle,
  createShellState,
  isProseCommand,
  matchPrompt,
  parseShellBlock,
  programName,
  type ShellState,
  styleForLang,
} from './shell.ts';

function run(text: string, style: BlockStyle = 'script', state: ShellState = createShellState()) {
  return parseShellBlock({ style, text, firstLine: 10 }, 'r.md', state);
}
const argvs = (text: string, style: BlockStyle = 'script', state?: ShellState) =>
  run(text, style, state).map((c) => c.argv);

describe('prompts', () => {
  it.each([
    ['$ kubectl get pods', true, 'kubectl get pods'],
    ['% minikube start', true, 'minikube start'],

    ['user@host:~/lab4$ kubectl get pods', true, 'kubectl get pods'],
    ['root@pod:/# ping 10.0.0.1', true, 'ping 10.0.0.1'],
    ['/frontend # ping x', true, 'ping x'],
    ['(venv) $ ls', true, 'ls'],
    ['# ping x', false, 'ping x'],
  ])('%s', (line, strong, rest) => {
    expect(matchPrompt(line)).toEqual({ strong, rest });
  });
  it.each([
    ['PS C:\\Users\\me> kubectl get nodes', 'kubectl get nodes'],
    ['PS> kubectl get nodes', 'kubectl get nodes'],
    ['(base) PS D:\\Study\\lab 4> minikube start', 'minikube start'],
    ['C:\\Users\\x>kubectl get pods', 'kubectl get pods'],
    ['c:\\lab4> calicoctl get ippools', 'calicoctl get ippools'],
  ])('Windows prompt %s', (line, rest) => {
    expect(matchPrompt(line)).toEqual({ strong: true, rest, windows: true });
  });
  it('does not take a path or a plain command for a prompt', () => {
    expect(matchPrompt('/usr/local/bin/calicoctl get ippool')).toBeUndefined();
    expect(matchPrompt('kubectl get pods')).toBeUndefined();
    expect(matchPrompt('echo $ HOME')).toBeUndefined();
  });
});

describe('parseShellBlock', () => {
  it('reads every non-comment line of a bash block, with its report line', () => {
    const cmds = run('# start the cluster\nminikube start --nodes 2\r\n\nkubectl get nodes # check\n');
    expect(cmds.map((c) => [c.line, c.argv, c.text])).toEqual([
      [11, ['minikube', 'start', '--nodes', '2'], 'minikube start --nodes 2'],
      [13, ['kubectl', 'get', 'nodes'], 'kubectl get nodes'],
    ]);
  });

  it('takes only prompted lines of a console block; the rest is output', () => {
    const text = '$ kubectl get pods\nNAME   READY\nweb-1  1/1\n$ kubectl get nodes\n';
    expect(argvs(text, 'console')).toEqual([
      ['kubectl', 'get', 'pods'],
      ['kubectl', 'get', 'nodes'],
    ]);
  });

  it('reads an untagged block with prompts like a console block', () => {
    const text =
      '$ kubectl exec deployment-5d4b sh\nkubectl exec [POD] [COMMAND] is DEPRECATED\n/frontend # ping 10-244.svc\nPING x\n';
    const cmds = run(text, 'plain');
    expect(cmds.map((c) => [c.argv, c.inPod])).toEqual([
      [['kubectl', 'exec', 'deployment-5d4b', 'sh'], undefined],
      [['ping', '10-244.svc'], 'deployment-5d4b'],
    ]);
  });

  it('skips YAML pasted into an untagged block, and non-shell languages', () => {
    expect(argvs('apiVersion: v1\nkind: Pod\n', 'plain')).toEqual([]);
    expect(argvs('kubectl get pods', 'none')).toEqual([]);
  });

  it('joins continuations: backslash, open quotes, trailing operators', () => {
    const cmds = run(
      'minikube start \\\n  --nodes 2 \\\n  --cni calico\nkubectl patch ippool p -p \'{\n  "spec": {}\n}\'\nkubectl get pods |\n  grep web\n',
    );
    expect(cmds.map((c) => [c.line, c.argv])).toEqual([
      [10, ['minikube', 'start', '--nodes', '2', '--cni', 'calico']],
      [13, ['kubectl', 'patch', 'ippool', 'p', '-p', '{\n  "spec": {}\n}']],
      [16, ['kubectl', 'get', 'pods']],
    ]);
    expect(cmds[0]?.text).toBe('minikube start --nodes 2 --cni calico');
  });

  it('does not let a stray apostrophe swallow the block', () => {
    expect(argvs("kubectl get pods # it's running\nkubectl get nodes\n")).toEqual([
      ['kubectl', 'get', 'pods'],
      ['kubectl', 'get', 'nodes'],
    ]);
    expect(argvs("echo it's\nkubectl get nodes\n").at(-1)).toEqual(['kubectl', 'get', 'nodes']);
  });

  it('splits chains and keeps the first command of a pipe', () => {
    expect(argvs('kubectl get pods -o wide | grep IP && kubectl get svc; minikube ip')).toEqual([
      ['kubectl', 'get', 'pods', '-o', 'wide'],
      ['kubectl', 'get', 'svc'],
      ['minikube', 'ip'],
    ]);
  });

  it('captures `< file` and `cat file |` as stdinFile', () => {
    const [a, b] = run('calicoctl create -f  - < lab4-ippool.yaml\ncat pool.yaml | calicoctl apply -f -\n');
    expect([a?.argv, a?.stdinFile]).toEqual([['calicoctl', 'create', '-f', '-'], 'lab4-ippool.yaml']);
    expect([b?.argv, b?.stdinFile]).toEqual([['calicoctl', 'apply', '-f', '-'], 'pool.yaml']);
  });

  it('keeps a here-document out of the commands and on the command', () => {
    const cmds = run(
      'calicoctl apply -f - <<EOF\napiVersion: projectcalico.org/v3\nkind: IPPool\nEOF\nkubectl get nodes\n',
    );
    expect(cmds.map((c) => c.argv[0])).toEqual(['calicoctl', 'kubectl']);
    expect(cmds[0]?.heredoc).toBe('apiVersion: projectcalico.org/v3\nkind: IPPool');
  });

  it('drops sudo and VAR=value prefixes', () => {
    expect(
      argvs(
        'sudo -E kubectl get pods\nDATASTORE_TYPE=kubernetes KUBECONFIG=~/.kube/config calicoctl get nodes',
      ),
    ).toEqual([
      ['kubectl', 'get', 'pods'],
      ['calicoctl', 'get', 'nodes'],
    ]);
  });

  it('strips `minikube kubectl --` and normalises program names', () => {
    expect(
      argvs(
        'minikube kubectl -- get pods -A\nminikube kubectl get nodes\nminikube -p lab kubectl -- get po\n./calicoctl get ippool\nkubectl.exe get pods',
      ),
    ).toEqual([
      ['kubectl', 'get', 'pods', '-A'],
      ['kubectl', 'get', 'nodes'],
      ['kubectl', 'get', 'po'],
      ['calicoctl', 'get', 'ippool'],
      ['kubectl', 'get', 'pods'],
    ]);
    expect(programName('calicoctl-linux-amd64')).toBe('calicoctl');
    expect(programName('C:\\tools\\calicoctl.exe')).toBe('calicoctl');
    expect(programName('ping')).toBe('ping');
  });

  it('expands aliases defined earlier in the report, across blocks', () => {
    const state = createShellState();
    run('alias kubectl="minikube kubectl --"\nalias k=kubectl', 'script', state);
    run(`alias calicoctl='kubectl exec -i -n kube-system calicoctl -- /calicoctl'`, 'script', state);
    expect(argvs('k get pods\ncalicoctl get ippool\n"calicoctl" version', 'script', state)).toEqual([
      ['kubectl', 'get', 'pods'],
      ['kubectl', 'exec', '-i', '-n', 'kube-system', 'calicoctl', '--', '/calicoctl', 'get', 'ippool'],
      ['calicoctl', 'version'],
    ]);
  });

  it('reads PowerShell Set-Alias and paths', () => {
    const state = createShellState();
    expect(
      argvs(
        'Set-Alias -Name k -Value kubectl\nk get nodes\n.\\calicoctl.exe get ippool',
        'powershell',
        state,
      ),
    ).toEqual([
      ['Set-Alias', '-Name', 'k', '-Value', 'kubectl'],
      ['kubectl', 'get', 'nodes'],
      ['calicoctl', 'get', 'ippool'],
    ]);
  });

  it('in loose text (inline spans, indented blocks) takes only lines that are commands', () => {
    expect(argvs('CNI=calico', 'loose')).toEqual([]);
    expect(argvs('default-ipv4-ippool', 'loose')).toEqual([]);
    expect(argvs('apiVersion: v1\n  kubectl label nodes minikube rack=0', 'loose')).toEqual([
      ['kubectl', 'label', 'nodes', 'minikube', 'rack=0'],
    ]);
  });

  it('ignores lines over 4096 characters', () => {
    expect(argvs(`kubectl get ${'x'.repeat(5000)}\nkubectl get nodes`)).toEqual([
      ['kubectl', 'get', 'nodes'],
    ]);
  });

  it('ends a pod session at `exit` or the next host command', () => {
    const cmds = run('kubectl exec -it web-1 -- /bin/sh\nping -c 2 10.0.0.2\nexit\nping 10.0.0.3\n');
    expect(cmds.map((c) => [c.argv[0], c.inPod])).toEqual([
      ['kubectl', undefined],
      ['ping', 'web-1'],
      ['exit', 'web-1'],
      ['ping', undefined],
    ]);
  });
});

describe('Windows prompts', () => {
  it('reads the line after a Windows prompt as PowerShell/cmd in any block: `\\` stays a path separator', () => {
    const text =
      'PS C:\\Users\\x> kubectl apply -f .\\pool.yaml\nC:\\Users\\x>kubectl apply -f C:\\lab4\\dep.yaml\n$ kubectl apply -f a\\ b.yaml';
    for (const style of ['script', 'plain', 'console'] as const)
      expect(argvs(text, style)).toEqual([
        ['kubectl', 'apply', '-f', '.\\pool.yaml'],
        ['kubectl', 'apply', '-f', 'C:\\lab4\\dep.yaml'],
        // a POSIX prompt keeps bash's escape
        ['kubectl', 'apply', '-f', 'a b.yaml'],
      ]);
  });

  it('takes only prompted lines of a Windows console transcript; the rest is output', () => {
    const cmds = run(
      'C:\\Users\\x>minikube start --nodes 2 --cni=calico\n* minikube v1.32.0 on Microsoft Windows 10\nC:\\Users\\x>kubectl get nodes\nNAME       STATUS\n',
      'plain',
    );
    expect(cmds.map((c) => [c.line, c.argv])).toEqual([
      [10, ['minikube', 'start', '--nodes', '2', '--cni=calico']],
      [12, ['kubectl', 'get', 'nodes']],
    ]);
  });
});

describe('the calicoctl plugin binary', () => {
  it('reads `kubectl-calico …` (any path, .exe) as `kubectl calico …`', () => {
    expect(
      argvs('kubectl-calico delete ippool default-ipv4-ippool\n./kubectl-calico.exe get ippools -o wide'),
    ).toEqual([
      ['kubectl', 'calico', 'delete', 'ippool', 'default-ipv4-ippool'],
      ['kubectl', 'calico', 'get', 'ippools', '-o', 'wide'],
    ]);
    expect(programName('C:\\bin\\kubectl-calico.exe')).toBe('kubectl-calico');
  });
});

// docs/issue 12, scope 1: a line is a command only when it starts with one of the lab's programs and a
// subcommand of that program; a sentence that names kubectl is prose.
describe('isProseCommand', () => {
  it.each([
    'kubectl delete ippools default-ipv4-ippool',
    'kubectl -n kube-system get pods -o wide',
    'kubectl --context=minikube label nodes minikube-m02 rack=1',
    'minikube start --nodes 2 --cni=calico',
    'minikube -p lab node add',
    'calicoctl delete ippool default-ipv4-ippool',
    './calicoctl get ippool -o wide',
    'calicoctl.exe --allow-version-mismatch get ippools',
    'calicoctl ipam show --show-blocks',
    'kubectl calico delete ippool default-ipv4-ippool',
    'kubectl calico -- get ippools',
    'kubectl-calico create -f pools.yaml',
    'sudo kubectl get nodes',
    'sudo -E minikube start --driver=none',
    'sudo mv calicoctl /usr/local/bin/calicoctl',
    'sudo apt-get install -y conntrack',
    'kubectl exec -i -n kube-system calicoctl -- /calicoctl create -f - < pool.yaml',
    'kubectl exec -it web-1 -- sh -c "ping -c 3 the.host"',
    'kubectl get pods -o wide | grep web',
  ])('a command: %s', (line) => {
    expect(isProseCommand(line)).toBe(true);
  });

  it.each([
    'Then I used kubectl to delete the pool',
    'kubectl is a command line tool',
    'kubectl',
    'minikube',
    'minikube start creates the cluster',
    'minikube was started with two nodes',
    'calicoctl is installed as a pod',
    'kubectl get pods shows the pods and their IPs',
    'kubectl get pods, then kubectl get nodes',
    'kubectl get pods - list the pods',
    'kubectl get pods — смотрим IP',
    'Запустим kubectl get pods',
    'kubectl: the Kubernetes CLI',
    'kubectl calico is a plugin',
    'sudo is needed here',
    'sudo',
    'kubectl-calico',
    'Done! kubectl get pods works',
    'running calicoctl get ippool -o wide shows that Calico created its default pool',
    'minikube dashboard?',
  ])('not a command: %s', (line) => {
    expect(isProseCommand(line)).toBe(false);
  });

  it('never throws, and a line of words outside the programs is never a command', () => {
    const word = fc.stringMatching(/^[A-Za-z.,!?'"-]{1,10}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), (words) => {
        const line = words.join(' ');
        const head = line.split(' ')[0]?.toLowerCase() ?? '';
        const result = isProseCommand(line);
        if (!/^(?:kubectl|minikube|calicoctl|sudo|\.?\/)/.test(head)) expect(result).toBe(false);
      }),
    );
  });
});

describe("the 'prose' style (plain text)", () => {
  it('keeps command lines and certainly prompted lines, leaves out output and sentences', () => {
    const text = [
      'Here we create the pools with calicoctl.',
      'calicoctl create -f pools.yaml',
      "Successfully created 2 'IPPool' resource(s)",
      'user@host:~$ ping -c 1 10.0.0.1',
      'PING 10.0.0.1 (10.0.0.1): 56 data bytes',
      'kubectl is great',
      '$ kubectl get pods -o wide',
      'NAME    READY   STATUS',
    ].join('\n');
    expect(run(text, 'prose').map((c) => [c.line, c.argv])).toEqual([
      [11, ['calicoctl', 'create', '-f', 'pools.yaml']],
      [13, ['ping', '-c', '1', '10.0.0.1']],
      [16, ['kubectl', 'get', 'pods', '-o', 'wide']],
    ]);
  });

  it('joins `\\` continuations and follows a pod session opened by `kubectl exec -it POD -- sh`', () => {
    const text =
      'kubectl exec -it web-1 \\\n  -- sh\n/ # ping -c 2 web.default.svc.cluster.local\n/ # exit\n';
    expect(run(text, 'prose').map((c) => [c.line, c.argv, c.inPod])).toEqual([
      [10, ['kubectl', 'exec', '-it', 'web-1', '--', 'sh'], undefined],
      [12, ['ping', '-c', '2', 'web.default.svc.cluster.local'], 'web-1'],
      [13, ['exit'], 'web-1'],
    ]);
  });

  it('reads a bare `# ` (root prompt) only before a command of the lab', () => {
    expect(argvs('# kubectl get nodes\n# this is a note\n', 'prose')).toEqual([['kubectl', 'get', 'nodes']]);
  });
});

describe('styleForLang', () => {
  it.each([
    ['bash', 'script'],
    ['sh', 'script'],
    ['zsh', 'script'],
    ['console', 'console'],
    ['shell-session', 'console'],
    ['powershell', 'powershell'],
    ['', 'plain'],
    ['text', 'plain'],
    ['yamml', 'plain'],
    ['{.bash}', 'script'],
    ['yaml', 'none'],
    ['json', 'none'],
  ])('%s → %s', (lang, style) => {
    expect(styleForLang(lang)).toBe(style);
  });
});
