import { describe, expect, it } from 'vitest';
import type { Finding } from '../../submission/types.ts';
import { DEPLOYMENT, gradeFiles, HEADER, POOLS, tooLarge } from '../../testing/submission-builder.ts';

const grade = (files: Record<string, string>, findings: Finding[] = []) =>
  gradeFiles({ 'lab4.md': HEADER, 'ippool.yaml': POOLS, ...files }, findings);
const IDS = ['deployment.replicas', 'deployment.image', 'deployment.env'];

describe('the deployment checks when the Deployment cannot be read', () => {
  it('a Deployment that does not parse is named with its file and position, not "not committed"', () => {
    const r = grade({ 'deployment.yaml': DEPLOYMENT.replace('  replicas: 2', '   replicas: 2') });
    for (const id of IDS) {
      const c = r.get(id);
      expect(c?.status, id).toBe('fail');
      expect(c?.message, id).toMatch(
        /^no Deployment read: deployment\.yaml:\d+:\d+ does not parse \(see submission\.manifests\)$/,
      );
      expect(c?.hint, id).toBe(
        'Fix deployment.yaml first (see submission.manifests): the Deployment in it is graded once it can be read.',
      );
      expect(c?.evidence, id).not.toMatchObject({ notShown: true });
    }
  });

  it('a Deployment over the size limit is named with the limit', () => {
    const c = grade({}, [tooLarge('deployment.yaml')]).get('deployment.image');
    expect(c?.message).toBe('no Deployment read: deployment.yaml is 1.3 MiB, over the 1 MiB limit; not read');
  });

  it('a broken file that names no kind may hold the Deployment; one that names only others may not', () => {
    const unknown = grade({ 'x.yaml': 'spec: [1\n' }).get('deployment.replicas');
    expect(unknown?.message).toMatch(/^no Deployment read: x\.yaml:\d+:\d+ does not parse/);
    const other = grade({ 'svc.yaml': 'kind: Service\nspec: [1\n' }).get('deployment.replicas');
    expect(other?.message).toBe('no Deployment (or ReplicaSet) manifest found');
  });
});

describe('the deployment checks on wrong shapes', () => {
  it('containers as a mapping: says so, with a hint to write a list', () => {
    const r = grade({
      'deployment.yaml': DEPLOYMENT.replace(/ {6}containers:[\s\S]*$/, '      containers: {name: app}\n'),
    });
    expect(r.get('deployment.image')?.message).toContain(
      'runs no container (spec.template.spec.containers is a mapping, not a list)',
    );
    expect(r.get('deployment.image')?.hint).toContain('Write `spec.template.spec.containers` as a list');
    expect(r.get('deployment.env')?.message).toContain(
      'no container: spec.template.spec.containers is a mapping',
    );
    expect(r.get('deployment.env')?.hint).toContain('Write `spec.template.spec.containers` as a list');
  });

  it('env as a mapping, an image that is not a string, valueFrom that is not a mapping', () => {
    const envMap = DEPLOYMENT.replace(/ {10}env:[\s\S]*$/, '          env: {REACT_APP_USERNAME: me}\n');
    expect(grade({ 'deployment.yaml': envMap }).get('deployment.env')?.message).toContain(
      'REACT_APP_USERNAME is not set (env is a mapping, not a list of `- name: …` entries)',
    );
    const image = DEPLOYMENT.replace('image: ifilyaninitmo/itdt-contained-frontend:master', 'image: [a, b]');
    expect(grade({ 'deployment.yaml': image }).get('deployment.image')?.message).toContain(
      'runs image a list, not',
    );
    const valueFrom = DEPLOYMENT.replace(
      '{name: REACT_APP_USERNAME, value: me}',
      '{name: REACT_APP_USERNAME, valueFrom: x}',
    );
    expect(grade({ 'deployment.yaml': valueFrom }).get('deployment.env')?.message).toContain(
      'REACT_APP_USERNAME has a valueFrom that is string "x", not a mapping',
    );
  });

  it('replicas of any shape are shown as written', () => {
    const r = grade({ 'deployment.yaml': DEPLOYMENT.replace('replicas: 2', 'replicas: {a: 1}') });
    expect(r.get('deployment.replicas')?.message).toContain('replicas: {"a":1}');
  });
});
