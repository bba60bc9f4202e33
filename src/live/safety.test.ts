import { describe, expect, it } from 'vitest';
import type { ClassifiedObject } from '../submission/types.ts';
import { vetObjects } from './safety.ts';

const obj = (kind: string, body: Record<string, unknown>): ClassifiedObject => ({
  file: 'x.yaml',
  docIndex: 0,
  line: 1,
  apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
  kind,
  name: 'x',
  body: { kind, ...body },
  class: 'other',
});
const allowed = ['Deployment', 'Service', 'ConfigMap'];
const deployment = (podSpec: Record<string, unknown>) =>
  obj('Deployment', { spec: { template: { spec: podSpec } } });

describe('vetObjects', () => {
  it('accepts an ordinary deployment and service', () => {
    expect(
      vetObjects(
        [deployment({ containers: [{ name: 'c', image: 'i' }] }), obj('Service', { spec: {} })],
        allowed,
      ),
    ).toEqual([]);
  });
  it('refuses kinds the rubric does not allow', () => {
    expect(vetObjects([obj('ClusterRoleBinding', {})], allowed)[0]?.reason).toContain(
      'kind ClusterRoleBinding is not allowed',
    );
  });
  it('refuses privileged containers, host namespaces and hostPath volumes', () => {
    const r = vetObjects(
      [
        deployment({
          hostPID: true,
          hostNetwork: true,
          volumes: [{ name: 'root', hostPath: { path: '/' } }],
          containers: [
            { name: 'c', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } } },
          ],
        }),
      ],
      allowed,
    ).map((x) => x.reason);
    expect(r).toEqual([
      'hostNetwork: true',
      'hostPID: true',
      'hostPath volume root (/)',
      'container c is privileged',
      'container c adds capabilities NET_ADMIN',
    ]);
  });
});
