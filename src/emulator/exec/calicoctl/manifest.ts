/**
 * Loading `-f FILE|-`: calicoctl's YAML document separator (`\n---`), then each document as one
 * resource or a list of resources (resourceloader.go). Only IPPool is emulated; other kinds report
 * calicoctl's "Unknown resource type" error.
 */
import YAML from 'yaml';

export interface LoadedResource {
  apiVersion: string;
  kind: string;
  body: Record<string, unknown>;
}

/** splitYAMLDocument from calicoctl/util/yaml/separator.go. */
export function splitDocuments(text: string): string[] {
  const docs: string[] = [];
  let rest = text;
  for (;;) {
    if (rest.length === 0) break;
    const i = rest.indexOf('\n---');
    if (i < 0) {
      docs.push(rest);
      break;
    }
    const after = rest.slice(i + 4);
    const nl = after.indexOf('\n');
    if (nl < 0) {
      docs.push(rest.slice(0, i));
      break;
    }
    docs.push(rest.slice(0, i));
    rest = after.slice(nl + 1);
  }
  return docs;
}

const KNOWN_KINDS = new Set([
  'BGPConfiguration',
  'BGPPeer',
  'FelixConfiguration',
  'GlobalNetworkPolicy',
  'GlobalNetworkSet',
  'HostEndpoint',
  'IPPool',
  'IPReservation',
  'KubeControllersConfiguration',
  'NetworkPolicy',
  'NetworkSet',
  'Node',
  'Profile',
  'WorkloadEndpoint',
]);

export class ManifestError extends Error {}

function asResource(doc: unknown): LoadedResource {
  const body = (doc && typeof doc === 'object' && !Array.isArray(doc) ? doc : {}) as Record<string, unknown>;
  const kind = typeof body.kind === 'string' ? body.kind : '';
  const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : '';
  if (!KNOWN_KINDS.has(kind) || apiVersion !== 'projectcalico.org/v3') {
    throw new ManifestError(`Unknown resource type (${kind}) and/or version (${apiVersion})`);
  }
  return { apiVersion, kind, body };
}

/** Resources in file order; throws ManifestError with calicoctl's message. */
export function loadResources(text: string): LoadedResource[] {
  const out: LoadedResource[] = [];
  for (const doc of splitDocuments(text)) {
    let parsed: unknown;
    try {
      parsed = YAML.parse(doc);
    } catch (e) {
      const msg = (e as Error).message.split('\n')[0];
      throw new ManifestError(`error converting YAML to JSON: yaml: ${msg}`);
    }
    if (Array.isArray(parsed)) for (const item of parsed) out.push(asResource(item));
    else if (parsed && typeof parsed === 'object' && (parsed as { kind?: unknown }).kind === 'List') {
      for (const item of (parsed as { items?: unknown[] }).items ?? []) out.push(asResource(item));
    } else out.push(asResource(parsed));
  }
  return out;
}
