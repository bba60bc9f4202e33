import { describe, expect, it } from 'vitest';
import { parseRoute } from './routes.ts';

function summary(path: string): string {
  const r = parseRoute(path);
  if (r.type !== 'resource') return r.type;
  return [r.rt.plural, r.namespace ?? '-', r.name ?? '-', r.subresource ?? '-', r.watchPath ? 'watch' : '']
    .join(' ')
    .trim();
}

describe('parseRoute', () => {
  it.each([
    ['/version', 'version'],
    ['/api', 'api'],
    ['/api/v1', 'groupVersion'],
    ['/apis', 'apis'],
    ['/apis/apps', 'group'],
    ['/apis/apps/v1', 'groupVersion'],
    ['/apis/apps/v2', 'notFound'],
    ['/api/v1/pods', 'pods - - -'],
    ['/api/v1/namespaces', 'namespaces - - -'],
    ['/api/v1/namespaces/default', 'namespaces - default -'],
    ['/api/v1/namespaces/default/status', 'namespaces - default status'],
    ['/api/v1/namespaces/default/pods', 'pods default - -'],
    ['/api/v1/namespaces/default/pods/web-1/exec', 'pods default web-1 exec'],
    ['/api/v1/namespaces/default/pods/web-1/nope', 'notFound'],
    ['/api/v1/pods/web-1', 'notFound'],
    ['/api/v1/namespaces/default/nodes', 'notFound'],
    ['/api/v1/nodes/minikube/status', 'nodes - minikube status'],
    ['/api/v1/watch/namespaces/default/pods', 'pods default - - watch'],
    ['/apis/crd.projectcalico.org/v1/ippools/default-ipv4-ippool', 'ippools - default-ipv4-ippool -'],
    ['/apis/apps/v1/namespaces/default/deployments/d/scale', 'deployments default d scale'],
    ['/openapi/v2', 'openapi'],
    ['/nope', 'notFound'],
  ])('%s → %s', (path, expected) => {
    expect(summary(path)).toBe(expected);
  });
});
