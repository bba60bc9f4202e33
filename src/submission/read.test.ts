import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HEADER, IPPOOL_YAML, makeTree } from '../testing/submission-tree.ts';
import { SubmissionError } from './errors.ts';
import { buildSubmission, readSubmission } from './read.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
---
apiVersion: v1
kind: Service
metadata:
  name: web
`;

const REPORT = `${HEADER}
\`\`\`bash
minikube kubectl -- label nodes minikube rack=0
calicoctl create -f pool.yaml
\`\`\`
`;

describe('readSubmission', () => {
  it('reads a repository: finds lab4, its manifests and its report', async () => {
    const t = makeTree({
      'README.md': '# Labs',
      'lab1/README.md': 'Lab: Lab1',
      'lab4/lab4_report.md': REPORT,
      'lab4/README.md': '# notes',
      'lab4/pool.yaml': IPPOOL_YAML.replaceAll('\n', '\r\n'),
      'lab4/app.yml': DEPLOYMENT,
      'lab4/broken.yaml': 'kind: Pod\nspec: [1\n',
      'lab4/images/shot.png': 'png',
      'lab4/list.yaml':
        'apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata:\n    name: rs\n',
    });
    cleanup = t.cleanup;
    const s = await readSubmission(t.root);
    expect(s.root).toBe(t.root);
    expect(s.labDir).toBe(path.join(t.root, 'lab4'));
    expect(s.files).toEqual([
      'README.md',
      'app.yml',
      'broken.yaml',
      'lab4_report.md',
      'list.yaml',
      'pool.yaml',
    ]);
    expect(s.objects.map((o) => `${o.file}:${o.line} ${o.kind}/${o.name} ${o.class}`)).toEqual([
      'app.yml:1 Deployment/web deployment',
      'app.yml:8 Service/web service',
      'list.yaml:1 ReplicaSet/rs other',
      'pool.yaml:1 IPPool/rack-0-ippool ippool',
    ]);
    expect(s.yamlFiles.find((y) => y.file === 'broken.yaml')?.error?.line).toBe(3);
    expect(s.report?.file).toBe('lab4_report.md');
    expect(s.report?.header['Date of finished']).toBe('');
    expect(s.report?.commands.map((c) => c.kind)).toEqual(['label', 'calicoctl']);
    expect(s.findings[0]).toEqual({
      severity: 'info',
      file: '',
      message: "lab folder: lab4 (folder named 'lab4')",
    });
    expect(s.findings.some((f) => f.severity === 'error' && f.file === 'broken.yaml')).toBe(true);
  });

  it('reads .json manifests, a kind: List among them', async () => {
    const pool = {
      apiVersion: 'projectcalico.org/v3',
      kind: 'IPPool',
      metadata: { name: 'rack-0' },
      spec: {},
    };
    const t = makeTree({
      'lab4/report.md': REPORT,
      'lab4/pools.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pool] }),
      'lab4/broken.json': '{"kind": "Service",}',
    });
    cleanup = t.cleanup;
    const s = await readSubmission(t.root);
    expect(s.objects.map((o) => `${o.file} ${o.kind}/${o.name} ${o.class}`)).toEqual([
      'pools.json IPPool/rack-0 ippool',
    ]);
    expect(s.yamlFiles.find((y) => y.file === 'broken.json')).toMatchObject({
      error: { line: 1, col: 20 },
      failedKinds: ['Service'],
    });
  });

  it('reads nothing of a repository whose Lab 4 folder is missing, and says so', async () => {
    const t = makeTree({
      'lab1/README.md': 'Lab: Lab1',
      'lab2/a.yaml': IPPOOL_YAML.replace('IPPool', 'Pod'),
    });
    cleanup = t.cleanup;
    const s = await readSubmission(t.root);
    expect(s.missingLabFolder).toMatch(/^no Lab 4 folder; looked for lab4, lab_4, Lab 4, lab-4/);
    expect(s.files).toEqual([]);
    expect(s.report).toBeUndefined();
    expect(s.findings[0]).toEqual({ severity: 'error', file: '', message: s.missingLabFolder });
  });

  it('rejects a path that is not a directory', async () => {
    await expect(readSubmission('/nonexistent/submission/path')).rejects.toBeInstanceOf(SubmissionError);
  });
});

describe('buildSubmission', () => {
  it('warns when there is no report', () => {
    const s = buildSubmission('/r', '/r', [{ path: 'pool.yaml', size: 10, text: IPPOOL_YAML }]);
    expect(s.report).toBeUndefined();
    expect(s.objects).toHaveLength(1);
    expect(s.findings).toEqual([
      { severity: 'warning', file: '', message: 'no Markdown report (.md) in the lab folder' },
    ]);
  });

  it('does not claim there is no report when a Markdown file was left unread', () => {
    const unread = { severity: 'warning' as const, file: 'r.md', message: 'r.md is 2 MiB, …', unread: true };
    const s = buildSubmission('/r', '/r', [], [unread]);
    expect(s.findings).toEqual([unread]);
  });
});
