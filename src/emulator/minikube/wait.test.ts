import { describe, expect, it } from 'vitest';
import type { SimStatus } from './control-api.ts';
import { waitComponents } from './start-options.ts';
import { CORE_APPS, unmetComponents, waitFailure } from './wait.ts';

function status(over: Partial<SimStatus> = {}): SimStatus {
  return {
    profile: 'minikube',
    apiServer: 'Running',
    nodes: [
      { name: 'minikube', ip: '192.168.49.2', controlPlane: true, ready: true },
      { name: 'minikube-m02', ip: '192.168.49.3', controlPlane: false, ready: true },
    ],
    systemPods: { total: 11, running: 11 },
    runningApps: [...CORE_APPS, 'calico-node'],
    ...over,
  };
}

describe('unmetComponents (kverify)', () => {
  it('is satisfied by a healthy cluster for every component', () => {
    expect(unmetComponents(status(), waitComponents(['all']))).toEqual([]);
  });

  it('default wait needs only two kube-system pods to exist', () => {
    const defaults = waitComponents(['apiserver', 'system_pods']);
    expect(unmetComponents(status({ systemPods: { total: 1, running: 0 } }), defaults)).toEqual([
      'system_pods',
    ]);
    expect(unmetComponents(status({ systemPods: { total: 2, running: 0 } }), defaults)).toEqual([]);
  });

  it('node_ready and apps_running look at nodes and core apps', () => {
    const notReady = status({
      nodes: [{ name: 'minikube-m02', ip: '192.168.49.3', controlPlane: false, ready: false }],
      runningApps: ['etcd'],
    });
    expect(unmetComponents(notReady, waitComponents(['all']))).toEqual(['apps_running', 'node_ready']);
    expect(unmetComponents(notReady, waitComponents(['none']))).toEqual([]);
  });

  it('words a node_ready timeout like minikube', () => {
    expect(waitFailure('node_ready', '6m0s')).toBe(
      'wait 6m0s for node: waiting for node to be ready: waitNodeCondition: context deadline exceeded',
    );
  });
});
