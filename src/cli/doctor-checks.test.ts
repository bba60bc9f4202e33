import { describe, expect, it } from 'vitest';
import {
  cpuItem,
  type DoctorFacts,
  diskItem,
  doctorExitCode,
  doctorItems,
  driverItem,
  kubeconfigItem,
  LAB_NEEDS,
  memoryItem,
  minikubeItem,
  renderDoctor,
} from './doctor-checks.ts';

const GiB = 1024 ** 3;

const ready: DoctorFacts = {
  minikube: { path: '/usr/local/bin/minikube', version: 'v1.34.0', searched: 'on PATH' },
  docker: { path: '/usr/bin/docker', version: '27.2.0' },
  podman: {},
  kubeconfig: { files: [{ path: '/home/u/.kube/config', exists: true }], contexts: ['a', 'b'], current: 'b' },
  cpus: 4,
  memory: { free: 8 * GiB, total: 16 * GiB },
  disk: { path: '/home/u', free: 100 * GiB },
};

describe('doctor checks', () => {
  it('a ready machine: every item ok, exit 0', () => {
    const items = doctorItems(ready);
    expect(items.map((i) => [i.id, i.mark])).toEqual([
      ['minikube', 'ok'],
      ['driver', 'ok'],
      ['kubeconfig', 'ok'],
      ['cpu', 'ok'],
      ['memory', 'ok'],
      ['disk', 'ok'],
    ]);
    expect(doctorExitCode(items)).toBe(0);
    expect(items.find((i) => i.id === 'kubeconfig')?.found).toContain('contexts: a, b (current)');
  });

  it('minikube: missing fails with the install hint; found but not running warns', () => {
    const missing = minikubeItem({ searched: 'at /no/minikube' });
    expect(missing).toMatchObject({ mark: 'fail', found: 'not found at /no/minikube' });
    expect(missing.hint).toContain('https://minikube.sigs.k8s.io/docs/start/');
    expect(minikubeItem({ path: '/x/minikube', error: 'exit 1: boom', searched: 'on PATH' }).mark).toBe(
      'warn',
    );
    expect(minikubeItem({ path: '/x/minikube', version: 'v1.34.0', searched: 'on PATH' }).mark).toBe('ok');
  });

  it('driver: docker answering ok; podman only warns; docker down fails; nothing fails with the install hint', () => {
    expect(driverItem({ path: '/d', version: '27.2.0' }, {}).mark).toBe('ok');
    const pod = driverItem({ path: '/d', error: 'exit 1: Cannot connect' }, { path: '/p', version: '5.0.0' });
    expect(pod.mark).toBe('warn');
    expect(pod.found).toContain('podman 5.0.0');
    expect(pod.found).toContain('Cannot connect');
    const down = driverItem({ path: '/d', error: 'exit 1: Cannot connect to the Docker daemon' }, {});
    expect(down.mark).toBe('fail');
    expect(down.hint).toContain('start the Docker daemon');
    const none = driverItem({}, {});
    expect(none).toMatchObject({ mark: 'fail', hint: expect.stringContaining('docs.docker.com') });
  });

  it('kubeconfig: never fails; an unreadable file warns', () => {
    expect(kubeconfigItem({ files: [{ path: '/k', exists: false }], contexts: [] })).toMatchObject({
      mark: 'ok',
      found: expect.stringContaining('no contexts yet'),
    });
    expect(
      kubeconfigItem({ files: [{ path: '/k', exists: true, error: 'bad YAML' }], contexts: [] }).mark,
    ).toBe('warn');
  });

  // Thresholds: one node's documented minimum (2 CPUs, 2 GB, 20 GB) fails below, twice that warns below.
  it.each([
    [1, 'fail'],
    [2, 'warn'],
    [3, 'warn'],
    [4, 'ok'],
  ])('cpu: %i CPUs → %s', (cpus, mark) => {
    expect(cpuItem(cpus).mark).toBe(mark);
  });

  it.each([
    [2 * GiB - 1, 'fail'],
    [2 * GiB, 'warn'],
    [4 * GiB - 1, 'warn'],
    [4 * GiB, 'ok'],
  ])('memory: %i bytes free → %s', (free, mark) => {
    expect(memoryItem({ free, total: 32 * GiB }).mark).toBe(mark);
  });

  it.each([
    [20 * GiB - 1, 'fail'],
    [20 * GiB, 'warn'],
    [40 * GiB - 1, 'warn'],
    [40 * GiB, 'ok'],
  ])('disk: %i bytes free → %s', (free, mark) => {
    expect(diskItem({ path: '/h', free }).mark).toBe(mark);
  });

  it('disk: an unreadable free space warns, never fails', () => {
    expect(diskItem({ path: '/h', error: 'EACCES' }).mark).toBe('warn');
  });

  it('uses the needs it is given (nodes × per node)', () => {
    expect(LAB_NEEDS).toEqual({ nodes: 2, cpusPerNode: 2, memoryPerNode: 2 * GiB, diskPerNode: 20 * GiB });
    expect(cpuItem(4, { ...LAB_NEEDS, nodes: 3 }).mark).toBe('warn');
  });

  it('exit 3 when one item fails, warnings alone exit 0', () => {
    expect(doctorExitCode([{ id: 'cpu', mark: 'warn', found: '' }])).toBe(0);
    expect(
      doctorExitCode([
        { id: 'cpu', mark: 'warn', found: '' },
        { id: 'driver', mark: 'fail', found: '' },
      ]),
    ).toBe(3);
  });

  it('renders a line per item with its hint, and a verdict', () => {
    const id = (s: string) => s;
    const text = renderDoctor(doctorItems({ ...ready, cpus: 1 }), { ok: id, warn: id, fail: id });
    expect(text).toMatch(/^✖ fail cpu +1 CPUs available$/m);
    expect(text).toMatch(/→ minikube needs at least 2 CPUs/);
    expect(text).toMatch(/not ready for a live grade: 1 failed/);
  });
});
