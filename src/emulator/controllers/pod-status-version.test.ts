/**
 * Pod status fields per Kubernetes version, as a real kubelet reports them:
 * - `status.hostIPs` from 1.29 (PodHostIPs beta, on by default; alpha and off in 1.28):
 *   KEP-2681, https://github.com/kubernetes/enhancements/issues/2681, and CHANGELOG-1.29;
 * - the `PodReadyToStartContainers` condition from 1.29 (PodReadyToStartContainersCondition beta):
 *   KEP-3085, https://github.com/kubernetes/enhancements/issues/3085.
 */
import { describe, expect, it } from 'vitest';
import { hostIPsField, runningPodConditions } from './pod-status.ts';

describe('pod status fields per Kubernetes version', () => {
  it('reports hostIPs from 1.29, hostIP alone before', () => {
    expect(hostIPsField('v1.28.3', '192.168.49.2')).toEqual({ hostIP: '192.168.49.2' });
    expect(hostIPsField('v1.29.0', '192.168.49.2')).toEqual({
      hostIP: '192.168.49.2',
      hostIPs: [{ ip: '192.168.49.2' }],
    });
    expect(hostIPsField('v1.31.0', '192.168.49.3').hostIPs).toEqual([{ ip: '192.168.49.3' }]);
  });

  it('has the PodReadyToStartContainers condition from 1.29', () => {
    const types = (v: string) => runningPodConditions('2026-01-01T00:00:00Z', true, [], v).map((c) => c.type);
    expect(types('v1.28.3')).not.toContain('PodReadyToStartContainers');
    expect(types('v1.29.0')[0]).toBe('PodReadyToStartContainers');
  });
});
