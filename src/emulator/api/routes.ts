/**
 * URL → route: discovery documents, OpenAPI, health, or a resource path
 * `/api/v1[/watch][/namespaces/NS]/PLURAL[/NAME[/SUB]]` and the same under `/apis/GROUP/VERSION`.
 */
import { findByGroupVersionPlural, RESOURCE_TYPES } from '../store/resources.ts';
import type { ResourceType } from '../store/types.ts';
import { isServed } from './served.ts';

export interface ResourceRoute {
  type: 'resource';
  rt: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The deprecated `/watch/` path prefix was used. */
  watchPath: boolean;
}

export type Route =
  | { type: 'version' }
  | { type: 'health' }
  | { type: 'api' }
  | { type: 'apis' }
  | { type: 'group'; group: string }
  | { type: 'groupVersion'; group: string; version: string }
  | { type: 'openapi'; version: string }
  | ResourceRoute
  | { type: 'notFound' };

const NOT_FOUND: Route = { type: 'notFound' };

/** A group version this Kubernetes minor serves at least one resource of. */
export function isServedGroupVersion(group: string, version: string, minor: number): boolean {
  return RESOURCE_TYPES.some((rt) => rt.group === group && rt.version === version && isServed(rt, minor));
}

function servedType(group: string, version: string, plural: string, minor: number): ResourceType | undefined {
  const rt = findByGroupVersionPlural(group, version, plural);
  return rt && isServed(rt, minor) ? rt : undefined;
}

/** Pods' streaming subresources, served over an upgrade only (exec-ws.ts, portforward-ws.ts). */
function isStreaming(rt: ResourceType, subresource: string): boolean {
  return (
    rt.group === '' && rt.plural === 'pods' && (subresource === 'attach' || subresource === 'portforward')
  );
}

function resourceRoute(group: string, version: string, rest: string[], minor: number): Route {
  if (!isServedGroupVersion(group, version, minor)) return NOT_FOUND;
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  let parts = rest;
  if (rest[0] === 'namespaces' && rest.length >= 3 && servedType(group, version, rest[2], minor)) {
    namespace = rest[1];
    parts = rest.slice(2);
  }
  if (parts.length === 0 || parts.length > 3) return NOT_FOUND;
  const [plural, name, subresource] = parts;
  const rt = servedType(group, version, plural, minor);
  if (!rt) return NOT_FOUND;
  if (namespace !== undefined && !rt.namespaced) return NOT_FOUND;
  if (rt.namespaced && namespace === undefined && name !== undefined) return NOT_FOUND;
  if (subresource !== undefined && !rt.subresources?.includes(subresource) && !isStreaming(rt, subresource))
    return NOT_FOUND;
  if (watchPath && subresource !== undefined) return NOT_FOUND;
  return { type: 'resource', rt, namespace, name, subresource, watchPath };
}

/** `minor`: the cluster's Kubernetes minor version (what it serves); the newest by default. */
export function parseRoute(pathname: string, minor = Number.MAX_SAFE_INTEGER): Route {
  let segs: string[];
  try {
    segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return NOT_FOUND;
  }
  const [first, second, third] = segs;
  switch (first) {
    case 'version':
      return segs.length === 1 ? { type: 'version' } : NOT_FOUND;
    case 'healthz':
    case 'readyz':
    case 'livez':
      return { type: 'health' };
    case 'openapi':
      return second ? { type: 'openapi', version: second } : NOT_FOUND;
    case 'api':
      if (segs.length === 1) return { type: 'api' };
      if (segs.length === 2)
        return second === 'v1' ? { type: 'groupVersion', group: '', version: 'v1' } : NOT_FOUND;
      return second === 'v1' ? resourceRoute('', 'v1', segs.slice(2), minor) : NOT_FOUND;
    case 'apis':
      if (segs.length === 1) return { type: 'apis' };
      if (segs.length === 2) return { type: 'group', group: second };
      if (segs.length === 3)
        return isServedGroupVersion(second, third, minor)
          ? { type: 'groupVersion', group: second, version: third }
          : NOT_FOUND;
      return resourceRoute(second, third, segs.slice(3), minor);
    default:
      return NOT_FOUND;
  }
}
