import { describe, expect, it } from 'vitest';
import { classifyObjects } from './classify.ts';
import { loadJsonText } from './json.ts';
import { findJsonError } from './json-syntax.ts';

const SERVICE = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'lab' } };

describe('loadJsonText', () => {
  it('reads one object, with the line it starts on', () => {
    const { info, objects, findings } = loadJsonText('svc.json', `\n\n${JSON.stringify(SERVICE, null, 2)}\n`);
    expect(info).toEqual({ file: 'svc.json', documents: 1 });
    expect(findings).toEqual([]);
    expect(objects.map((o) => [o.line, o.kind, o.name, o.namespace])).toEqual([[3, 'Service', 'web', 'lab']]);
  });

  it('reads a kind: List, whose items are expanded like YAML ones', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [SERVICE, { ...SERVICE, kind: 'ConfigMap' }] };
    const { objects } = loadJsonText('all.json', JSON.stringify(list));
    expect(classifyObjects(objects).map((o) => `${o.kind}/${o.class}`)).toEqual([
      'Service/service',
      'ConfigMap/configmap',
    ]);
  });

  it('reports a syntax error at its line and column, with the kind it names', () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "spec": {"ports": [1,]}\n}\n';
    const { info, objects, findings } = loadJsonText('svc.json', text);
    expect(objects).toEqual([]);
    expect(info.error).toMatchObject({ line: 4, col: 24 });
    expect(info.error?.message).not.toMatch(/position/);
    expect(info.failedKinds).toEqual(['Service']);
    expect(findings[0]).toMatchObject({ severity: 'error', file: 'svc.json', line: 4, col: 24 });
    expect(findings[0]?.message).toMatch(/^JSON: /);
  });

  it('rejects deep nesting before parsing, at its position', () => {
    const text = `{"kind": "Service", "spec": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const { info, findings } = loadJsonText('deep.json', text, 100);
    expect(info.error).toEqual({ message: 'nesting deeper than 100 levels; not parsed', line: 1, col: 128 });
    expect(info.failedKinds).toEqual(['Service']);
    expect(findings.map((f) => f.message)).toEqual(['JSON: nesting deeper than 100 levels; not parsed']);
  });

  it('skips JSON that is not a Kubernetes object (package.json) and an empty file', () => {
    const pkg = loadJsonText('package.json', '{"name": "x", "version": "1.0.0"}');
    expect(pkg.objects).toEqual([]);
    expect(pkg.findings[0]).toMatchObject({
      severity: 'info',
      message: expect.stringMatching(/not a Kubernetes/),
    });
    expect(loadJsonText('e.json', ' \n')).toEqual({
      info: { file: 'e.json', documents: 0 },
      objects: [],
      findings: [],
    });
    expect(loadJsonText('bom.json', `\ufeff${JSON.stringify(SERVICE)}`).objects).toHaveLength(1);
  });
});

describe('findJsonError', () => {
  it.each([
    ['{"a": 1,}', 8, 'unexpected "}", expected a "quoted" key'],
    ['[1, 2,]', 6, 'unexpected "]", expected a value'],
    ["{'a': 1}", 1, `unexpected "'", expected a "quoted" key`],
    ['{"a" 1}', 5, 'unexpected "1", expected \':\''],
    ['{"a": tru}', 6, 'unexpected "t", expected a value'],
    ['{"a": "x', 8, 'unexpected end of file, expected a closing "'],
    ['{} {}', 3, 'unexpected "{", expected the end of the file'],
    ['{"a": [1 2]}', 9, "unexpected \"2\", expected ',' or ']'"],
  ])('%s: offset %i, %s', (text, offset, message) => {
    expect(findJsonError(text)).toEqual({ offset, message });
  });
  it('finds nothing in valid JSON', () => {
    expect(findJsonError('{"a": [1, -2.5e3, "x\\"y", true, false, null, {}]}')).toBeUndefined();
  });
});
