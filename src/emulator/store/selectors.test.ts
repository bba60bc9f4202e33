import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.ts';
import { findResourceType } from './resources.ts';
import { labelSelectorObjectMatches, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import type { KubeObject } from './types.ts';

const pods = findResourceType('pods')!;
const nodes = findResourceType('nodes')!;

describe('parseLabelSelector', () => {
  const labels = { app: 'web', rack: '0', tier: 'front' };
  const cases: [string, boolean][] = [
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['rack in (0,1)', true],
    ['rack in (1, 2)', false],
    ['rack notin (1,2)', true],
    ['missing notin (1)', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['app=web,rack=0', true],
    ['app=web,rack=1', false],
    [' app = web , rack in (0) ', true],
    ['example.com/key=x', false],
  ];
  it.each(cases)('%j matches %j', (selector, expected) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(expected);
  });

  it('an empty value matches an empty label', () => {
    expect(parseLabelSelector('a=').matches({ a: '' })).toBe(true);
  });

  it.each(['app in 0', 'rack in (0', '=x', 'a=b c', 'app ~ x'])('rejects %j with 400 BadRequest', (bad) => {
    try {
      parseLabelSelector(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe(400);
      expect((e as ApiError).reason).toBe('BadRequest');
    }
  });
});

describe('labelSelectorObjectMatches', () => {
  it('combines matchLabels and matchExpressions', () => {
    const sel = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'rack', operator: 'In' as const, values: ['0'] }],
    };
    expect(labelSelectorObjectMatches(sel, { app: 'web', rack: '0' })).toBe(true);
    expect(labelSelectorObjectMatches(sel, { app: 'web', rack: '1' })).toBe(false);
    expect(labelSelectorObjectMatches({}, { any: 'x' })).toBe(true);
  });
});

describe('parseFieldSelector', () => {
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { nodeName: 'minikube-m02' },
    status: { phase: 'Running', podIP: '10.244.1.4' },
  };

  it('supports the pod fields and != / ==', () => {
    expect(parseFieldSelector('metadata.name=web-1', pods).matches(pod)).toBe(true);
    expect(parseFieldSelector('spec.nodeName==minikube-m02,status.phase=Running', pods).matches(pod)).toBe(
      true,
    );
    expect(parseFieldSelector('status.podIP!=10.244.1.4', pods).matches(pod)).toBe(false);
    expect(parseFieldSelector('metadata.namespace=kube-system', pods).matches(pod)).toBe(false);
    expect(parseFieldSelector('spec.nodeName=', pods).matches({ ...pod, spec: {} })).toBe(true);
  });

  it('rejects fields the kind does not support like the real apiserver', () => {
    try {
      parseFieldSelector('spec.nodeName=x', nodes);
      expect.unreachable();
    } catch (e) {
      expect((e as ApiError).code).toBe(400);
      expect((e as ApiError).message).toBe('field label not supported: spec.nodeName');
    }
  });
});
