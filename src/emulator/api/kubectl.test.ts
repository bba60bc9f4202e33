/**
 * The emulated apiserver driven by the real kubectl v1.32 (docs/reference-facts.md, kube-api-emulation for what
 * kubectl sends; docs/reference-facts.md, kubectl-and-pods §3 for the `get -o wide` columns). Each run uses a
 * fresh HOME and --cache-dir because kubectl caches discovery.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasKubectl, startTestApi, type TestApi } from '../test-support/api-server.ts';

const T0 = Date.parse('2024-12-04T10:00:00Z');
let clock = T0;
const now = () => new Date(clock);

/** Splits kubectl's tabwriter output (columns separated by 3+ spaces, or 2+ before an empty cell). */
function table(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.trimEnd().split(/\s{2,}/));
}

const MANIFEST = (image: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: lab4-deployment
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: lab4}
  template:
    metadata:
      labels: {app: lab4}
    spec:
      containers:
      - name: frontend
        image: ${image}
        env:
        - {name: REACT_APP_USERNAME, value: student}
        ports:
        - containerPort: 3000
---
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: rack0-ippool
spec:
  cidr: 10.244.10.0/24
  nodeSelector: rack == "0"
`;

describe.skipIf(!hasKubectl)(
  'real kubectl against the emulated apiserver (skipped: /usr/bin/kubectl missing)',
  () => {
    let api: TestApi;
    beforeAll(async () => {
      clock = T0;
      api = await startTestApi({ now });
      clock = T0 + 89_000;
    });
    afterAll(() => api?.close());

    it('get nodes prints the server-side Table columns', async () => {
      const r = await api.kubectl(['get', 'nodes']);
      expect(r.exitCode).toBe(0);
      expect(table(r.stdout)).toEqual([
        ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
        ['minikube', 'Ready', 'control-plane', '89s', 'v1.31.0'],
        ['minikube-m02', 'Ready', '<none>', '89s', 'v1.31.0'],
      ]);
    });

    it('get nodes -o wide adds the priority-1 columns', async () => {
      const r = await api.kubectl(['get', 'nodes', '-o', 'wide']);
      const [header, first] = table(r.stdout);
      expect(header).toEqual([
        'NAME',
        'STATUS',
        'ROLES',
        'AGE',
        'VERSION',
        'INTERNAL-IP',
        'EXTERNAL-IP',
        'OS-IMAGE',
        'KERNEL-VERSION',
        'CONTAINER-RUNTIME',
      ]);
      expect(first.slice(5)).toEqual([
        '192.168.49.2',
        '<none>',
        'Ubuntu 22.04.4 LTS',
        '5.15.0-119-generic',
        'containerd://1.7.20',
      ]);
    });

    it('get pods -o wide shows IP/NODE and ContainerCreating for a pod without a running container', async () => {
      const r = await api.kubectl(['get', 'pods', '-o', 'wide']);
      expect(table(r.stdout)).toEqual([
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
        ['pending', '0/1', 'ContainerCreating', '0', '89s', '<none>', 'minikube-m02', '<none>', '<none>'],
        ['web-1', '1/1', 'Running', '0', '89s', '10.244.0.5', 'minikube', '<none>', '<none>'],
        ['web-2', '1/1', 'Running', '0', '89s', '10.244.1.4', 'minikube-m02', '<none>', '<none>'],
      ]);
    });

    it('get pods -A -o json returns the objects', async () => {
      const r = await api.kubectl(['get', 'pods', '-A', '-o', 'json']);
      const list = JSON.parse(r.stdout);
      expect(list.kind).toBe('List');
      expect(list.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual([
        'pending',
        'web-1',
        'web-2',
      ]);
      expect(list.items[1].status.podIP).toBe('10.244.0.5');
    });

    it('label nodes, then get nodes -L rack reads labels from the row objects', async () => {
      const l = await api.kubectl(['label', 'nodes', 'minikube', 'rack=0']);
      expect(l.stdout).toBe('node/minikube labeled');
      expect(api.store.get('nodes', undefined, 'minikube')?.metadata.labels?.rack).toBe('0');
      const r = await api.kubectl(['get', 'nodes', '-L', 'rack']);
      const rows = table(r.stdout);
      expect(rows[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'RACK']);
      expect(rows[1]).toEqual(['minikube', 'Ready', 'control-plane', '89s', 'v1.31.0', '0']);
    });

    it('create -f, apply -f twice (create then patch), delete -f', async () => {
      const file = join(api.dir, 'lab4.yaml');
      await writeFile(file, MANIFEST('nginx:1', 2));
      const created = await api.kubectl(['create', '-f', file]);
      expect(created.stdout.split('\n')).toEqual([
        'deployment.apps/lab4-deployment created',
        'ippool.crd.projectcalico.org/rack0-ippool created',
      ]);
      expect(api.store.get('apps/deployments', 'default', 'lab4-deployment')?.spec.replicas).toBe(2);

      const del = await api.kubectl(['delete', '-f', file]);
      expect(del.stdout.split('\n')).toEqual([
        'deployment.apps "lab4-deployment" deleted',
        'ippool.crd.projectcalico.org "rack0-ippool" deleted',
      ]);
      expect(api.store.list('apps/deployments')).toEqual([]);

      const first = await api.kubectl(['apply', '-f', file]);
      expect(first.stdout).toContain('deployment.apps/lab4-deployment created');
      await writeFile(file, MANIFEST('nginx:2', 3));
      const second = await api.kubectl(['apply', '-f', file]);
      expect(second.stdout.split('\n')).toEqual([
        'deployment.apps/lab4-deployment configured',
        'ippool.crd.projectcalico.org/rack0-ippool unchanged',
      ]);
      const d = api.store.get('apps/deployments', 'default', 'lab4-deployment')!;
      expect(d.spec.replicas).toBe(3);
      expect(d.spec.template.spec.containers[0].image).toBe('nginx:2');
      expect(d.spec.template.spec.containers[0].env).toEqual([
        { name: 'REACT_APP_USERNAME', value: 'student' },
      ]);
      expect(d.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain(
        'nginx:2',
      );
      expect(d.metadata.generation).toBe(2);
    });

    it('exec -i POD -- cat passes stdin through', async () => {
      const r = await api.kubectl(['exec', '-i', 'web-1', '--', 'cat'], { input: 'hello\nworld\n' });
      expect([r.exitCode, r.stdout]).toEqual([0, 'hello\nworld']);
    });

    it('exec POD -- false exits 1 with "command terminated with exit code 1"', async () => {
      const r = await api.kubectl(['exec', 'web-2', '--', 'false']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe('command terminated with exit code 1');
    });

    it('exec into a pod whose container is not running fails like the kubelet', async () => {
      const r = await api.kubectl(['exec', 'pending', '--', 'echo', 'x']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe('error: unable to upgrade connection: container not found ("web")');
    });

    it('logs POD and --tail', async () => {
      expect((await api.kubectl(['logs', 'web-1'])).stdout).toBe('line 1 from web-1/web\nline 2\nline 3');
      expect((await api.kubectl(['logs', 'web-1', '--tail=1'])).stdout).toBe('line 3');
    });

    it('get of a missing object prints the NotFound Status message', async () => {
      const r = await api.kubectl(['get', 'pod', 'nope']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe('Error from server (NotFound): pods "nope" not found');
    });
  },
);
