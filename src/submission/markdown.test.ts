import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inlineSpans, normalizeLang, proseCommandLine, scanMarkdown } from './markdown.ts';
import { parseReport } from './report.ts';

describe('scanMarkdown', () => {
  it('finds fenced blocks (``` and ~~~) with the fence line, CRLF and indented fences', () => {
    const text =
      'intro\r\n```bash\r\nminikube start\r\n```\r\n~~~console\r\n$ ls\r\n~~~\r\n1. step\r\n   ```sh\r\n   kubectl get pods\r\n   ```\r\n';
    const blocks = scanMarkdown(text).flatMap((i) => (i.type === 'block' ? [i.block] : []));
    expect(blocks).toEqual([
      { lang: 'bash', text: 'minikube start', line: 2 },
      { lang: 'console', text: '$ ls', line: 5 },
      { lang: 'sh', text: 'kubectl get pods', line: 9 },
    ]);
  });

  it('closes only on a fence at least as long, and runs an unclosed fence to the end', () => {
    const blocks = scanMarkdown('````md\n```bash\nx\n```\n````\n```\nopen\n').flatMap((i) =>
      i.type === 'block' ? [i.block] : [],
    );
    expect(blocks).toEqual([
      { lang: 'md', text: '```bash\nx\n```', line: 1 },
      { lang: '', text: 'open', line: 6 },
    ]);
  });

  it('reads an indented block after a blank line, not a paragraph continuation', () => {
    const items = scanMarkdown(
      'Run:\n\n    minikube start --nodes=2\n    kubectl get nodes\n\nText\n    not code\n',
    );
    expect(items).toEqual([
      {
        type: 'block',
        block: { lang: '', text: 'minikube start --nodes=2\nkubectl get nodes', line: 2, indented: true },
      },
    ]);
  });

  it('reads inline spans, including a one-line ```span``` and a command written in the info string', () => {
    const items = scanMarkdown(
      'Start ```minikube start -p x``` and `kubectl get nodes`.\n```kubectl get pods\n```\n',
    );
    expect(items).toEqual([
      { type: 'span', text: 'minikube start -p x', line: 1 },
      { type: 'span', text: 'kubectl get nodes', line: 1 },
      { type: 'block', block: { lang: '', text: 'kubectl get pods', line: 2 } },
    ]);
  });
});

describe('inlineSpans / normalizeLang', () => {
  it('matches backtick runs of the same length', () => {
    expect(inlineSpans('a `x` b ``y ` z`` c `unclosed')).toEqual(['x', 'y ` z']);
  });
  it('normalises language tags', () => {
    expect(normalizeLang('Bash title="x"')).toBe('bash');
    expect(normalizeLang('{.sh}')).toBe('sh');
  });
});

// docs/issue 12, scope 1: commands written as paragraph lines or list items, outside code.
describe('commands in prose', () => {
  it.each([
    ['kubectl delete ippools default-ipv4-ippool  ', 'kubectl delete ippools default-ipv4-ippool'],
    ['kubectl delete ippools default-ipv4-ippool\\', 'kubectl delete ippools default-ipv4-ippool'],
    ['kubectl delete ippools default-ipv4-ippool<br>', 'kubectl delete ippools default-ipv4-ippool'],
    ['- kubectl label nodes minikube rack=0', 'kubectl label nodes minikube rack=0'],
    ['2) kubectl label nodes minikube rack=0', 'kubectl label nodes minikube rack=0'],
    ['1.kubectl get pods', 'kubectl get pods'],
    ['- [x] minikube start --nodes 2', 'minikube start --nodes 2'],
    ['> **kubectl get nodes**', 'kubectl get nodes'],
    ['*calicoctl get ippools -o wide*', 'calicoctl get ippools -o wide'],
    ['__minikube start --cni=calico__', 'minikube start --cni=calico'],
    ['**kubectl** get pods', 'kubectl get pods'],
    ['kubectl apply -f `ip\\_pool.yaml`', 'kubectl apply -f ip_pool.yaml'],
    ['kubectl apply -f [pools.yaml](pools.yaml)', 'kubectl apply -f pools.yaml'],
    ['Command: kubectl calico apply -f calico-ip.yaml', 'kubectl calico apply -f calico-ip.yaml'],
    [
      '**Команда:** kubectl-calico delete ippool default-ipv4-ippool',
      'kubectl-calico delete ippool default-ipv4-ippool',
    ],
    ['minikube start --nodes 2 --cni=calico.', 'minikube start --nodes 2 --cni=calico'],
    ['kubectl apply -f .', 'kubectl apply -f .'],
    ['kubectl\u00a0get pods', 'kubectl get pods'],
    ['$ kubectl get pods', '$ kubectl get pods'],
    ['PS C:\\Users\\x> kubectl get pods', 'PS C:\\Users\\x> kubectl get pods'],
    ['C:\\Users\\x>sudo kubectl get pods', 'C:\\Users\\x>sudo kubectl get pods'],
    ['    kubectl get pods', 'kubectl get pods'],
  ])('%j is the command %j', (line, command) => {
    expect(proseCommandLine(line)).toBe(command);
  });

  it.each([
    'Then I used kubectl to delete the pool.',
    'kubectl is the Kubernetes command line tool',
    'Запустим minikube с плагином calico',
    'Проверяем: kubectl get nodes',
    'Установим **calicoctl**',
    '## kubectl get pods',
    '| kubectl get pods | shows the pods |',
    '<kbd>kubectl get pods</kbd>',
    '`kubectl get pods`',
    '**`kubectl get pods`**',
    '![minikube start](images/start.png)',
    '[kubectl apply](https://kubernetes.io/docs/reference/kubectl/)',
    'By installing Calico, running calicoctl get ippool -o wide shows that the default pool exists',
    'minikube start, kubectl get nodes and calicoctl get ippools were run',
  ])('%j is not a command', (line) => {
    expect(proseCommandLine(line)).toBeUndefined();
  });

  it('reports a prose command instead of the spans of its line, with its line', () => {
    const items = scanMarkdown('Intro\nkubectl apply -f `pool.yaml`  \nSee `kubectl get pods`.\n');
    expect(items).toEqual([
      { type: 'prose', text: 'kubectl apply -f pool.yaml', line: 2 },
      { type: 'span', text: 'kubectl get pods', line: 3 },
    ]);
  });

  it('reads a paragraph continuation that is a command, not only an indented block', () => {
    expect(scanMarkdown('Delete the pool:\n    kubectl delete ippools default-ipv4-ippool\n')).toEqual([
      { type: 'prose', text: 'kubectl delete ippools default-ipv4-ippool', line: 2 },
    ]);
  });

  it('leaves fenced and indented code to the code readers', () => {
    const items = scanMarkdown('```\nkubectl get pods\n```\n\n    kubectl get nodes\n');
    expect(items.map((i) => i.type)).toEqual(['block', 'block']);
  });

  it('gives the report commands from prose with file:line, the plugin forms as calicoctl', () => {
    const text = [
      '# Lab 4',
      '',
      'Delete the default pool:',
      'kubectl calico delete ippool default-ipv4-ippool  ',
      '- kubectl label nodes minikube-m02 rack=1',
      'kubectl-calico get ippools -o wide',
      'Then I used kubectl to check the pods.',
    ].join('\n');
    const r = parseReport('lab4.md', text);
    expect(r.commands.map((c) => [c.kind, c.source.file, c.source.line])).toEqual([
      ['calicoctl', 'lab4.md', 4],
      ['label', 'lab4.md', 5],
      ['calicoctl', 'lab4.md', 6],
    ]);
    expect(r.commands[0]).toMatchObject({
      verb: 'delete',
      resource: 'ippool',
      names: ['default-ipv4-ippool'],
      via: 'kubectl-plugin',
    });
    expect(r.codeBlocks).toEqual([]);
  });

  it('finds a command however a line is decorated (property)', () => {
    const command = fc.constantFrom(
      'kubectl delete ippools default-ipv4-ippool',
      'kubectl label nodes minikube rack=0',
      'minikube start --nodes 2 --cni=calico',
      'calicoctl get ippool -o wide',
      'kubectl calico delete ippool default-ipv4-ippool',
    );
    const before = fc.constantFrom('', '- ', '* ', '1. ', '12) ', '> ', '> - ', '   ');
    const wrap = fc.constantFrom('', '**', '*', '_', '__', '***', '~~');
    const after = fc.constantFrom('', '  ', '   ', '\\', '<br>', '<br/>', '.');
    fc.assert(
      fc.property(command, before, wrap, after, fc.nat({ max: 5 }), (cmd, b, w, a, blank) => {
        const text = `Intro\n${'\n'.repeat(blank)}${b}${w}${cmd}${w}${a}\nAfter.\n`;
        const items = scanMarkdown(text);
        expect(items).toEqual([{ type: 'prose', text: cmd, line: 2 + blank }]);
      }),
    );
  });
});
