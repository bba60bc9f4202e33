// Log lines of the image's node.js (docs/reference-facts.md, container-tools-output §6; `Builing` is the app's spelling).
import { describe, expect, it } from 'vitest';
import { labCluster, POD_A, pod } from '../test-support/lab-cluster.ts';
import { appLogs, createLogHandler } from './logs.ts';

describe('app logs', () => {
  const started = Date.parse('2024-12-04T10:00:00Z');
  const p = pod({ name: 'x', node: 'minikube', ip: '192.168.0.5', startedAtMs: started });

  it('shows the build start, then build finished and the listening line once the build time passed', () => {
    expect(appLogs(p, started + 30_000)).toBe('Builing frontend\n');
    expect(appLogs(p, started + 61_000)).toBe(
      'Builing frontend\nbuild finished\nServer started on port 3000\n',
    );
    expect(appLogs(p, started + 10_000, { buildMs: 5_000 })).toContain('Server started on port 3000');
  });

  it('has no log before the container runs', () => {
    const pending = { ...p, status: { phase: 'Pending' } };
    expect(appLogs(pending, started)).toBeUndefined();
  });

  it('is served per container by the log handler, honouring slowStartSeconds', () => {
    const { store, network, options } = labCluster({ slowStartSeconds: 3600 }, { timeFactor: 1 });
    const logs = createLogHandler({ store, network, options });
    expect(logs({ namespace: 'default', pod: POD_A })).toBe('Builing frontend\n');
    expect(logs({ namespace: 'default', pod: 'nosuch' })).toBeUndefined();
    const fast = labCluster();
    expect(
      createLogHandler({ store: fast.store, network: fast.network, options: fast.options })({
        namespace: 'default',
        pod: POD_A,
      }),
    ).toBe('Builing frontend\nbuild finished\nServer started on port 3000\n');
  });
});
