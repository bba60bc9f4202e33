import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadYamlText } from './yaml.ts';

describe('loadYamlText', () => {
  it('loads multi-document CRLF YAML with a BOM, with 1-based document lines', () => {
    const text =
      '\ufeff# pools\r\napiVersion: projectcalico.org/v3\r\nkind: IPPool\r\nmetadata:\r\n  name: rack-0\r\nspec:\r\n' +
      '  cidr: 192.168.0.0/24\r\n  nodeSelector: rack == "0"\r\n---\r\n\r\napiVersion: v1\r\nkind: Service\r\n' +
      'metadata:\r\n  name: web\r\n  namespace: default\r\n';
    const { info, objects, findings } = loadYamlText('pools.yaml', text);
    expect(info).toEqual({ file: 'pools.yaml', documents: 2 });
    expect(findings).toEqual([]);
    expect(objects.map((o) => [o.docIndex, o.line, o.kind, o.name, o.namespace])).toEqual([
      [0, 2, 'IPPool', 'rack-0', undefined],
      [1, 11, 'Service', 'web', 'default'],
    ]);
    expect(objects[0]?.body).toEqual({
      apiVersion: 'projectcalico.org/v3',
      kind: 'IPPool',
      metadata: { name: 'rack-0' },
      spec: { cidr: '192.168.0.0/24', nodeSelector: 'rack == "0"' },
    });
  });

  it('reports a parse error with line:col and keeps the documents that parse', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Pod\nspec: [1, 2\n';
    const { info, objects, findings } = loadYamlText('bad.yaml', text);
    expect(objects.map((o) => o.name)).toEqual(['ok']);
    expect(info.error).toBeDefined();
    expect(info.error?.line).toBe(9);
    expect(info.error?.col).toBe(1);
    expect(findings[0]).toMatchObject({ severity: 'error', file: 'bad.yaml', line: 9, col: 1 });
  });

  it('reports the position of a bad indentation', () => {
    // the library flags the mapping `name: a` that a deeper `labels:` line tries to extend
    const { info } = loadYamlText(
      'x.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n   labels: b\n',
    );
    expect(info.error?.line).toBe(4);
    expect(info.error?.col).toBeGreaterThan(0);
  });

  it('rejects an alias bomb as a finding instead of expanding it', () => {
    const bomb = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const { objects, findings, info } = loadYamlText('bomb.yaml', bomb);
    expect(objects).toEqual([]);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.message).toMatch(/alias/);
    expect(info.error?.message).toMatch(/alias bomb/);
  });

  it('expands a few aliases normally', () => {
    const { objects } = loadYamlText('a.yaml', 'apiVersion: v1\nkind: ConfigMap\nx: &v 1\ny: *v\n');
    expect(objects[0]?.body).toMatchObject({ x: 1, y: 1 });
  });

  it('skips non-Kubernetes documents with an info finding', () => {
    const text = 'version: "3"\nservices:\n  web:\n    image: nginx\n---\n- a\n- b\n---\n# only a comment\n';
    const { info, objects, findings } = loadYamlText('compose.yml', text);
    expect(objects).toEqual([]);
    expect(info.documents).toBe(2);
    expect(findings.map((f) => [f.severity, f.line])).toEqual([
      ['info', 1],
      ['info', 6],
    ]);
    expect(findings[0]?.message).toMatch(/not a Kubernetes object/);
    expect(findings[1]?.message).toMatch(/not a mapping/);
  });

  it('rejects deep nesting before parsing, with its position and the kinds the file names', () => {
    const text = `apiVersion: apps/v1\nkind: Deployment\nspec:\n  x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    const { info, objects, findings } = loadYamlText('deep.yaml', text);
    expect(objects).toEqual([]);
    expect(info).toEqual({
      file: 'deep.yaml',
      documents: 0,
      error: { message: 'nesting deeper than 100 levels; not parsed', line: 4, col: 104 },
      failedKinds: ['Deployment'],
    });
    expect(findings).toEqual([
      {
        severity: 'error',
        file: 'deep.yaml',
        line: 4,
        col: 104,
        message: 'YAML: nesting deeper than 100 levels; not parsed',
      },
    ]);
  });

  it('names the kinds of the documents that fail, not of those that load', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Service\nspec:\n  a: 1\n   b: 2\n';
    const { info, objects } = loadYamlText('two.yaml', text);
    expect(objects.map((o) => o.kind)).toEqual(['ConfigMap']);
    expect(info.failedKinds).toEqual(['Service']);
    expect(loadYamlText('dup.yaml', 'kind: Deployment\nspec: 1\nspec: 2\n').info.failedKinds).toEqual([
      'Deployment',
    ]);
  });

  it('handles an empty file', () => {
    expect(loadYamlText('e.yaml', '')).toEqual({
      info: { file: 'e.yaml', documents: 0 },
      objects: [],
      findings: [],
    });
  });
});

describe('robustness', () => {
  it('never throws on arbitrary text', () => {
    const piece = fc.constantFrom(
      '---\n',
      'apiVersion: v1\n',
      'kind: Pod\n',
      '  ',
      '- ',
      '&a ',
      '*a ',
      '[',
      '{',
      ': ',
      '\t',
      '"',
      "'",
      '\r\n',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 40 }), (parts) => {
        const { info, objects } = loadYamlText('f.yaml', parts.join(''));
        expect(objects.length).toBeLessThanOrEqual(info.documents);
      }),
      { numRuns: 300 },
    );
  });
});
