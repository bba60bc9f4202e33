/** Classifies container images: what userland a pod has and which program listens in it. */

export type ImageKind = 'frontend' | 'calicoctl' | 'nginx' | 'busybox' | 'alpine' | 'node' | 'other';

export interface ImageRef {
  /** Registry host when the reference names one (`quay.io`), else undefined (Docker Hub). */
  registry?: string;
  /** Path without registry, e.g. `ifilyaninitmo/itdt-contained-frontend`, `calico/ctl`, `nginx`. */
  repository: string;
  /** Tag, `latest` when absent. */
  tag: string;
}

export function parseImage(image: string): ImageRef {
  let rest = image.split('@')[0];
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : 'latest';
  let repository = colon > rest.lastIndexOf('/') ? rest.slice(0, colon) : rest;
  if (repository.startsWith('library/')) repository = repository.slice('library/'.length);
  return { registry, repository, tag };
}

export function imageKind(image: string): ImageKind {
  const { repository } = parseImage(image);
  const last = repository.split('/').pop() ?? '';
  // Students sometimes rebuild and push the lab app under their own account: same program.
  if (last === 'itdt-contained-frontend') return 'frontend';
  if (repository === 'calico/ctl') return 'calicoctl';
  if (last === 'nginx') return 'nginx';
  if (last === 'busybox') return 'busybox';
  if (last === 'alpine') return 'alpine';
  if (last === 'node') return 'node';
  return 'other';
}

/** `v3.28.1` from `calico/ctl:v3.28.1`; undefined for `latest` or odd tags. */
export function calicoctlImageVersion(image: string): string | undefined {
  const { tag } = parseImage(image);
  return /^v\d+\.\d+\.\d+/.test(tag) ? tag : undefined;
}
