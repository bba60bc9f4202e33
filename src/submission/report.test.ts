import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseReport, parseReport } from './report.ts';

/** Lines of the seed report (../shared/seed/lab4-report-example.md), trimmed to the commands. */
const SEED = [
  'University: [ITMO University](https://itmo.ru/ru/)    ',
  'Faculty: [FICT](https://fict.itmo.ru)    ',
  'Course: [Introduction to distributed technologies](https://github.com/itmo-ict-faculty/introduction-to-distributed-technologies)    ',
  'Year: 2022/2023    ',
  'Group: K4110c    ',
  'Author: Ovcharov Evgenii Mihailovich    ',
  'Lab: Lab4    ',
  'Date of create: 31.10.2022    ',
  'Date of finished: ',
  '___',
  '### 1. Запуск',
  '```bash',
  'minikube start --nodes 2 --cni calico',
  '```',
  '```bash',
  'minikube start --nodes 2 --network-plugin cni',
  'kubectl apply -f https://raw.githubusercontent.com/projectcalico/calico/v3.24.3/manifests/calico.yaml',
  '```',
  '```bash',
  'kubectl apply -f https://raw.githubusercontent.com/projectcalico/calico/v3.24.3/manifests/calicoctl.yaml',
  'alias calicoctl="kubectl exec -i -n kube-system calicoctl -- /calicoctl"',
  '```',
  '```bash',
  'kubectl label nodes minikube rack=0',
  'kubectl label nodes minikube-m02 rack=1',
  '```',
  '```bash',
  'calicoctl create -f  - < lab4-ippool.yaml',
  '```',
  '```bash',
  'minikube start --nodes 2 --container-runtime containerd --cni calico --kubernetes-version=v1.24.3',
  '```',
  '```bash',
  'kubectl apply -f calicoctl.yaml',
  'calicoctl delete ippools default-ipv4-ippool',
  '```',
  '```bash',
  'kubectl get pods -o wide',
  'kubectl exec -ti lab4-deployment-7d6c96886b-47dhz -- sh',
  '```',
].join('\r\n');

describe('parseReport on the seed report', () => {
  const report = parseReport('lab4-report.md', SEED);

  it('reads the header, with the empty Date of finished', () => {
    expect(report.header.Lab).toBe('Lab4');
    expect(report.header['Date of finished']).toBe('');
    expect(report.header.University).toBe('ITMO University');
  });

  it('understands its commands, in order', () => {
    const summary = report.commands.map((c) => {
      switch (c.kind) {
        case 'minikube-start':
          return `start nodes=${c.nodes} cni=${c.cni} np=${c.networkPlugin} cr=${c.containerRuntime} k8s=${c.kubernetesVersion}`;
        case 'kubectl-apply':
          return `apply ${c.files.join(',')}`;
        case 'label':
          return `label ${c.nodes.join(',')} ${c.labels.map((l) => `${l.key}=${l.value}`).join(',')}`;
        case 'calicoctl':
          return `calicoctl ${c.verb} ${c.resource ?? '-'} ${c.names.join(',') || '-'} f=${c.file} stdin=${c.stdinFile} via=${c.via} i=${c.execStdin}`;
        default:
          return c.kind;
      }
    });
    expect(summary).toEqual([
      'start nodes=2 cni=calico np=undefined cr=undefined k8s=undefined',
      'start nodes=2 cni=undefined np=cni cr=undefined k8s=undefined',
      'apply https://raw.githubusercontent.com/projectcalico/calico/v3.24.3/manifests/calico.yaml',
      'apply https://raw.githubusercontent.com/projectcalico/calico/v3.24.3/manifests/calicoctl.yaml',
      'label minikube rack=0',
      'label minikube-m02 rack=1',
      'calicoctl create - - f=- stdin=lab4-ippool.yaml via=kubectl-exec i=true',
      'start nodes=2 cni=calico np=undefined cr=containerd k8s=v1.24.3',
      'apply calicoctl.yaml',
      'calicoctl delete ippools default-ipv4-ippool f=undefined stdin=undefined via=kubectl-exec i=true',
    ]);
  });

  it('cites report lines and keeps the code blocks', () => {
    expect(report.shell[0]?.line).toBe(13);
    expect(report.codeBlocks[0]).toEqual({
      lang: 'bash',
      text: 'minikube start --nodes 2 --cni calico',
      line: 12,
    });
    expect(report.shell.at(-1)?.argv).toEqual([
      'kubectl',
      'exec',
      '-ti',
      'lab4-deployment-7d6c96886b-47dhz',
      '--',
      'sh',
    ]);
  });
});

describe('parseReport', () => {
  it('reads commands from inline spans and indented blocks, and ping output evidence', () => {
    const text = [
      'Lab: Lab4',
      'Запускаем minikube ```minikube start --network-plugin=cni --cni=calico --nodes 2 -p multinode-demo```',
      'Удаляем `kubectl delete ippools default-ipv4-ippool`, а `CNI=calico` не команда.',
      '',
      '    kubectl label nodes multinode-demo zone=west',
      '',
      '```',
      '$ kubectl exec -it web-1 -- sh',
      '/ # ping web-2.svc.default.svc.cluster.local',
      'PING web-2 (10.244.1.3): 56 data bytes',
      '```',
    ].join('\n');
    const r = parseReport('README.md', text);
    expect(r.commands.map((c) => [c.kind, c.source.line])).toEqual([
      ['minikube-start', 2],
      ['kubectl-delete', 3],
      ['label', 5],
      ['ping', 9],
    ]);
    expect(r.commands.at(-1)).toMatchObject({
      kind: 'ping',
      pod: 'web-1',
      target: 'web-2.svc.default.svc.cluster.local',
    });
    expect(r.codeBlocks.map((b) => [b.line, b.indented ?? false])).toEqual([
      [4, true],
      [7, false],
    ]);
  });
});

describe('chooseReport', () => {
  const header = (lab: string) =>
    `University: ITMO\nFaculty: FICT\nCourse: x\nYear: 2024\nGroup: K\nAuthor: A\nLab: ${lab}\n`;

  it('prefers the Markdown file with the course header', () => {
    const choice = chooseReport([
      { path: 'README.md', text: '# Lab 4\nnotes', size: 14 },
      { path: 'lab4_report.md', text: `${header('Lab4')}body`, size: 90 },
    ]);
    expect(choice).toMatchObject({ path: 'lab4_report.md' });
    expect(choice?.reason).toMatch(/7 of 9/);
  });

  it('prefers the header naming Lab 4 over another lab', () => {
    const choice = chooseReport([
      { path: 'a.md', text: header('Lab3'), size: 500 },
      { path: 'b.md', text: header('4'), size: 10 },
    ]);
    expect(choice?.path).toBe('b.md');
  });

  it('falls back to README.md, then to the largest .md', () => {
    expect(
      chooseReport([
        { path: 'notes.md', text: 'x'.repeat(50), size: 50 },
        { path: 'docs/Readme.md', text: 'y', size: 1 },
      ])?.path,
    ).toBe('docs/Readme.md');
    expect(
      chooseReport([
        { path: 'a.md', text: 'x', size: 1 },
        { path: 'b.md', text: 'xx', size: 2 },
      ])?.path,
    ).toBe('b.md');
    expect(chooseReport([])).toBeUndefined();
  });
});

describe('robustness', () => {
  it('never throws on arbitrary Markdown', () => {
    const piece = fc.constantFrom(
      '```',
      '~~~',
      '`',
      '$ ',
      '# ',
      '\\',
      "'",
      '"',
      '|',
      '&&',
      '<<EOF',
      '\n',
      '    ',
      'kubectl ',
      'alias k=',
      'Lab: ',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 60 }), (parts) => {
        const r = parseReport('r.md', parts.join(''));
        expect(r.commands.length).toBeLessThanOrEqual(r.shell.length * 4 + 1);
      }),
      { numRuns: 300 },
    );
  });
});
