import { describe, expect, it } from 'vitest';
import { ApiError } from '../store/errors.ts';
import { applyPatch, jsonPatch, mergePatch, patchTypeOf, strategicMerge } from './patch.ts';

describe('patchTypeOf', () => {
  it('maps the four media types and rejects others with 415', () => {
    expect(patchTypeOf('application/merge-patch+json')).toBe('merge');
    expect(patchTypeOf('application/strategic-merge-patch+json; charset=utf-8')).toBe('strategic');
    expect(patchTypeOf('application/json-patch+json')).toBe('json');
    expect(patchTypeOf('application/apply-patch+yaml')).toBe('apply');
    expect(() => patchTypeOf('application/json')).toThrow(ApiError);
  });
});

describe('mergePatch (RFC 7386)', () => {
  // RFC 7386 appendix A examples.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  ])('%j + %j = %j', (target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });
});

describe('jsonPatch (RFC 6902)', () => {
  it('applies add/replace/remove/move/copy/test with escaped pointers', () => {
    const doc = { metadata: { labels: { 'a/b': '1' } }, list: [1, 2] };
    const out = jsonPatch(doc, [
      { op: 'add', path: '/metadata/labels/rack', value: '0' },
      { op: 'replace', path: '/metadata/labels/a~1b', value: '2' },
      { op: 'add', path: '/list/-', value: 3 },
      { op: 'add', path: '/list/0', value: 0 },
      { op: 'remove', path: '/list/1' },
      { op: 'copy', from: '/metadata/labels/rack', path: '/copied' },
      { op: 'move', from: '/copied', path: '/moved' },
      { op: 'test', path: '/moved', value: '0' },
    ]);
    expect(out).toEqual({ metadata: { labels: { 'a/b': '2', rack: '0' } }, list: [0, 2, 3], moved: '0' });
    expect(doc.list).toEqual([1, 2]);
  });

  it('fails a failed test or a missing path with 422', () => {
    expect(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(/test failed/);
    expect(() => jsonPatch({ a: 1 }, [{ op: 'replace', path: '/b/c', value: 2 }])).toThrow(ApiError);
  });
});

describe('strategicMerge', () => {
  const deployment = {
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1',
              ports: [{ containerPort: 80 }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
            },
            { name: 'side', image: 'busybox' },
          ],
          tolerations: [{ key: 'x' }],
        },
      },
    },
  };

  it('merges containers by name, env by name, ports by containerPort; replaces tolerations', () => {
    const out = strategicMerge('Deployment', [], deployment, {
      spec: {
        template: {
          spec: {
            $setElementOrder: { containers: [{ name: 'web' }, { name: 'side' }] },
            containers: [
              {
                name: 'web',
                image: 'nginx:2',
                env: [
                  { name: 'B', value: '3' },
                  { name: 'C', value: '4' },
                  { name: 'A', $patch: 'delete' },
                ],
                ports: [{ containerPort: 8080 }],
              },
            ],
            tolerations: [{ key: 'y' }],
          },
        },
      },
    }) as typeof deployment;
    const [web, side] = out.spec.template.spec.containers;
    expect(web.image).toBe('nginx:2');
    expect(web.env).toEqual([
      { name: 'B', value: '3' },
      { name: 'C', value: '4' },
    ]);
    expect(web.ports).toEqual([{ containerPort: 80 }, { containerPort: 8080 }]);
    expect(side).toEqual({ name: 'side', image: 'busybox' });
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'y' }]);
    expect(Object.keys(out.spec.template.spec)).not.toContain('$setElementOrder');
  });

  it('merges Service ports by port and node conditions by type', () => {
    const svc = strategicMerge(
      'Service',
      [],
      { spec: { ports: [{ port: 80, name: 'a' }] } },
      {
        spec: { ports: [{ port: 80, targetPort: 8080 }] },
      },
    );
    expect(svc).toEqual({ spec: { ports: [{ port: 80, name: 'a', targetPort: 8080 }] } });
    const node = strategicMerge(
      'Node',
      [],
      { status: { conditions: [{ type: 'Ready', status: 'False' }] } },
      {
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      },
    );
    expect(node).toEqual({ status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  });

  it('null deletes a key, $patch: delete removes a map, $retainKeys keeps only listed keys', () => {
    const out = applyPatch(
      'strategic',
      'Pod',
      { metadata: { labels: { a: '1', b: '2' } }, spec: { x: 1, y: 2 } },
      {
        metadata: { labels: { a: null } },
        spec: { $retainKeys: ['y'], y: 3 },
      },
    );
    expect(out).toEqual({ metadata: { labels: { b: '2' } }, spec: { y: 3 } });
    expect(applyPatch('strategic', 'Pod', { spec: { x: 1 } }, { spec: { $patch: 'delete' } })).toEqual({});
  });
});
