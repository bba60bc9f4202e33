import { describe, expect, it } from 'vitest';
import { classifyObject, classifyObjects, expandList } from './classify.ts';
import type { ManifestObject } from './types.ts';

const obj = (apiVersion: string, kind: string, body: Record<string, unknown> = {}): ManifestObject => ({
  file: 'x.yaml',
  docIndex: 0,
  line: 1,
  apiVersion,
  kind,
  body: { apiVersion, kind, ...body },
});

describe('classifyObject', () => {
  it.each([
    ['projectcalico.org/v3', 'IPPool', 'ippool'],
    ['crd.projectcalico.org/v1', 'IPPool', 'ippool'],
    ['projectcalico.org/v1', 'IPPool', 'other'],
    ['apps/v1', 'Deployment', 'deployment'],
    ['extensions/v1beta1', 'Deployment', 'other'],
    ['v1', 'Service', 'service'],
    ['v1', 'Pod', 'pod'],
    ['v1', 'ConfigMap', 'configmap'],
    ['v1', 'Secret', 'secret'],
    ['apps/v1', 'ReplicaSet', 'other'],
    ['v1', 'service', 'other'],
  ])('%s %s → %s', (apiVersion, kind, cls) => {
    expect(classifyObject({ apiVersion, kind })).toBe(cls);
  });
});

describe('lists', () => {
  it('expands kind: List into its items, keeping a ReplicaSet listed', () => {
    const list = obj('v1', 'List', {
      items: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'default' } },
        'junk',
      ],
    });
    const out = classifyObjects([list]);
    expect(out.map((o) => [o.kind, o.name, o.class])).toEqual([
      ['ReplicaSet', 'rs', 'other'],
      ['Service', 'svc', 'service'],
    ]);
    expect(out[1]?.namespace).toBe('default');
  });

  it('gives the items of a typed list (IPPoolList) the list apiVersion and item kind', () => {
    const list = obj('projectcalico.org/v3', 'IPPoolList', {
      items: [{ metadata: { name: 'a' }, spec: {} }],
    });
    const [pool] = expandList(list);
    expect(pool).toMatchObject({ apiVersion: 'projectcalico.org/v3', kind: 'IPPool', name: 'a' });
    expect(classifyObject(pool as ManifestObject)).toBe('ippool');
  });

  it('leaves an object that is not a list alone', () => {
    const d = obj('apps/v1', 'Deployment');
    expect(expandList(d)).toEqual([d]);
  });
});
