import { describe, expect, it } from 'vitest';
import type { Finding } from '../../submission/types.ts';
import {
  DEPLOYMENT,
  gradeFiles,
  HEADER,
  POOLS,
  SERVICE,
  tooLarge,
} from '../../testing/submission-builder.ts';

const check = (files: Record<string, string>, findings: Finding[] = []) => {
  const r = gradeFiles({ 'lab4.md': HEADER, 'ippool.yaml': POOLS, ...files }, findings).get(
    'service.selects-pods',
  );
  if (!r) throw new Error('no result');
  return r;
};
const BROKEN_SERVICE = SERVICE.replace('spec: {', 'spec: {{');
const BROKEN_DEPLOYMENT = DEPLOYMENT.replace('  replicas: 2', '   replicas: 2');

describe('service.selects-pods when a manifest cannot be read', () => {
  it('names a Service whose file does not parse, and sends the student to that file', () => {
    const r = check({ 'deployment.yaml': DEPLOYMENT, 'service.yaml': BROKEN_SERVICE });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(
      /^no Service read: service\.yaml:\d+:\d+ does not parse \(see submission\.manifests\)$/,
    );
    expect(r.hint).toBe(
      'Fix service.yaml first (see submission.manifests): the Service in it is graded once it can be read.',
    );
    expect(r.evidence).not.toMatchObject({ notShown: true });
  });

  it('names a Service file over the size limit', () => {
    const r = check({ 'deployment.yaml': DEPLOYMENT }, [tooLarge('service.yaml')]);
    expect(r.message).toBe('no Service read: service.yaml is 1.3 MiB, over the 1 MiB limit; not read');
  });

  it('does not blame the Service for a Deployment that does not parse (no port or selector hint)', () => {
    const r = check({ 'deployment.yaml': BROKEN_DEPLOYMENT, 'service.yaml': SERVICE });
    expect(r.status).toBe('fail');
    expect(r.message).toBe(
      'service.yaml:1 Service web cannot be matched to the pods: the Deployment in deployment.yaml could not be read',
    );
    expect(r.hint).toBe(
      'Fix deployment.yaml first (see submission.manifests): the Deployment in it is graded once it can be read.',
    );
  });

  it('a broken file of other kinds is no excuse: a missing Service is still not shown', () => {
    const r = check({
      'deployment.yaml': DEPLOYMENT,
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata: [1\n',
    });
    expect(r.message).toBe('no Service manifest and no `kubectl expose` command found');
    expect(r.evidence).toMatchObject({ notShown: true });
  });
});

describe('service.selects-pods on wrong shapes', () => {
  const service = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: ${spec}\n`;

  it.each([
    [
      'ports: [null]',
      '{selector: {app: web}, ports: [null]}',
      'spec.ports[0] is null, not a port',
      'spec.ports',
    ],
    [
      'ports as a mapping',
      '{selector: {app: web}, ports: {port: 3000}}',
      'spec.ports is a mapping, not a list',
      'spec.ports',
    ],
    [
      'selector as a list',
      '{selector: [app], ports: [{port: 3000}]}',
      'spec.selector is a list, not a mapping of labels',
      'spec.selector',
    ],
    [
      'selector as a string',
      '{selector: app=web, ports: [{port: 3000}]}',
      'spec.selector is string "app=web", not a mapping of labels',
      'spec.selector',
    ],
    ['spec as a list', '[1, 2]', 'spec is a list, not a mapping', 'spec.selector'],
    [
      'port as a mapping',
      '{selector: {app: web}, ports: [{port: {a: 1}}]}',
      'port a mapping → targetPort a mapping (default) does not reach',
      'targetPort',
    ],
  ])('%s: says what it found, and the hint is about it', (_what, spec, message, hint) => {
    const r = check({ 'deployment.yaml': DEPLOYMENT, 'service.yaml': service(spec) });
    expect(r.status).toBe('fail');
    expect(r.message).toContain(message);
    expect(r.hint).toContain(hint);
    expect(r.message).not.toContain('[object Object]');
  });

  it('a named targetPort with no container list blames the containers, not the port', () => {
    const deployment = DEPLOYMENT.replace(/ {6}containers:[\s\S]*$/, '      containers: {name: app}\n');
    const r = check({ 'deployment.yaml': deployment, 'service.yaml': SERVICE });
    expect(r.message).toBe(
      'service.yaml:1 Service web targetPort `http` names a container port, but deployment.yaml:1 has no container (spec.template.spec.containers is a mapping, not a list)',
    );
    expect(r.hint).toContain('Write `spec.template.spec.containers` as a list');
    expect(r.hint).not.toContain('targetPort');
  });

  it('no Deployment at all: the named port is not blamed either', () => {
    const r = check({ 'service.yaml': SERVICE });
    expect(r.message).toBe('service.yaml:1 Service web has nothing to select (no Deployment)');
    expect(r.hint).toBe('Commit the Deployment whose pod template labels the Service selects.');
  });
});
