import { describe, expect, it } from 'vitest';
import { findResourceType } from '../store/resources.ts';
import type { KubeObject } from '../store/types.ts';
import { humanDuration, podStatusCells, toTable, wantsTable } from './tables.ts';

describe('humanDuration (kubectl AGE)', () => {
  // Values as kubectl prints them (docs/reference-facts.md, kubectl-and-pods §3 shows 5m57s / 6m17s).
  it.each([
    [5, '5s'],
    [89, '89s'],
    [119, '119s'],
    [124, '2m4s'],
    [357, '5m57s'],
    [377, '6m17s'],
    [600, '10m'],
    [3 * 3600, '3h'],
    [5 * 3600, '5h'],
    [5 * 3600 + 120, '5h2m'],
    [30 * 3600, '30h'],
    [3 * 86400 + 3600, '3d1h'],
    [20 * 86400, '20d'],
    [-0.5, '0s'],
    [-5, '<invalid>'],
  ])('%ss → %s', (seconds, expected) => {
    expect(humanDuration(seconds * 1000)).toBe(expected);
  });
});

function pod(status: Record<string, unknown>, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', ...extra },
    spec: { containers: [{ name: 'c' }] },
    status,
  };
}

describe('podStatusCells (printPod)', () => {
  const now = Date.parse('2024-12-04T10:10:00Z');
  it.each([
    [{ phase: 'Pending' }, 'Pending'],
    [
      { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] },
      'ContainerCreating',
    ],
    [
      { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ErrImagePull' } } }] },
      'ErrImagePull',
    ],
    [
      { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff' } } }] },
      'ImagePullBackOff',
    ],
    [{ phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }] }, 'Running'],
    [{ phase: 'Running', containerStatuses: [{ state: { terminated: { exitCode: 2 } } }] }, 'ExitCode:2'],
  ])('%j → %s', (status, expected) => {
    expect(podStatusCells(pod(status), now).status).toBe(expected);
  });

  it('Terminating wins once deletionTimestamp is set; READY counts ready running containers', () => {
    const cells = podStatusCells(
      pod(
        { phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }] },
        { deletionTimestamp: 'x' },
      ),
      now,
    );
    expect(cells).toEqual({ ready: '1/1', status: 'Terminating', restarts: '0' });
  });

  it('RESTARTS shows the time since the last restart', () => {
    const cells = podStatusCells(
      pod({
        phase: 'Running',
        containerStatuses: [
          {
            ready: true,
            restartCount: 1,
            state: { running: {} },
            lastState: { terminated: { finishedAt: '2024-12-04T10:09:18Z' } },
          },
        ],
      }),
      now,
    );
    expect(cells.restarts).toBe('1 (42s ago)');
  });
});

describe('toTable', () => {
  it('prints CRD-backed resources as NAME / CREATED AT and rows carry PartialObjectMetadata', () => {
    const rt = findResourceType('crd.projectcalico.org/ippools')!;
    const t = toTable(
      rt,
      [
        {
          apiVersion: 'crd.projectcalico.org/v1',
          kind: 'IPPool',
          metadata: { name: 'a', labels: { x: 'y' }, creationTimestamp: '2024-12-04T10:00:00Z' },
        },
      ],
      { now: 0 },
    ) as { columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: KubeObject }[] };
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(t.rows[0].cells).toEqual(['a', '2024-12-04T10:00:00Z']);
    expect(t.rows[0].object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'a', labels: { x: 'y' }, creationTimestamp: '2024-12-04T10:00:00Z' },
    });
  });

  it('services print TYPE, CLUSTER-IP, PORT(S) with nodePorts', () => {
    const rt = findResourceType('services')!;
    const t = toTable(
      rt,
      [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 's' },
          spec: {
            type: 'NodePort',
            clusterIP: '10.96.3.4',
            selector: { b: '2', a: '1' },
            ports: [{ port: 3000, nodePort: 30080, protocol: 'TCP' }],
          },
        },
      ],
      { now: 0 },
    ) as { rows: { cells: unknown[] }[] };
    expect(t.rows[0].cells).toEqual([
      's',
      'NodePort',
      '10.96.3.4',
      '<none>',
      '3000:30080/TCP',
      '<unknown>',
      'a=1,b=2',
    ]);
  });

  it('wantsTable recognises kubectl get Accept headers', () => {
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json')).toBe(true);
    expect(wantsTable('application/json')).toBe(false);
    expect(wantsTable(undefined)).toBe(false);
  });
});
