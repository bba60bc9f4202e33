/**
 * Which images the emulated registries serve, and the strings kubelet and the container runtime
 * print about them (image references as containerd/docker show them, pull errors).
 */
import { sha256Hex } from './names.ts';

export interface ImageRef {
  /** As written in the pod spec. */
  original: string;
  registry: string;
  /** Without registry, e.g. `library/nginx`, `calico/node`. */
  repository: string;
  tag: string;
  digest?: string;
}

export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  let registry = 'docker.io';
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first === 'index.docker.io' ? 'docker.io' : first;
    rest = rest.slice(slash + 1);
  }
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  let tag = 'latest';
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const repository = registry === 'docker.io' && !rest.includes('/') ? `library/${rest}` : rest;
  return { original: image, registry, repository, tag, ...(digest ? { digest } : {}) };
}

/** `docker.io/library/nginx:latest` */
export function fullName(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.digest ? `@${ref.digest}` : `:${ref.tag}`}`;
}

/** How docker abbreviates: `nginx:latest`, `ifilyaninitmo/itdt-contained-frontend:master`. */
function dockerName(ref: ImageRef): string {
  const repo =
    ref.registry === 'docker.io'
      ? ref.repository.replace(/^library\//, '')
      : `${ref.registry}/${ref.repository}`;
  return `${repo}${ref.digest ? `@${ref.digest}` : `:${ref.tag}`}`;
}

/** The lab app publishes only the `master` tag (docs/reference-facts.md, container-tools-output §6). */
const APP_REPOSITORY = 'ifilyaninitmo/itdt-contained-frontend';

const ANY_TAG_REPOSITORIES = new Set([
  'library/busybox',
  'library/nginx',
  'library/alpine',
  'library/ubuntu',
  'library/debian',
  'library/centos',
  'library/fedora',
  'library/node',
  'library/python',
  'library/golang',
  'library/httpd',
  'library/redis',
  'library/postgres',
  'library/mysql',
  'library/traefik',
  'library/caddy',
  'library/hello-world',
  'curlimages/curl',
  'nicolaka/netshoot',
  'praqma/network-multitool',
  'wbitt/network-multitool',
  'coredns/coredns',
  'kubernetesui/dashboard',
  'kubernetesui/metrics-scraper',
]);

/** Cluster components: they keep pulling when the `imagePullError` fault breaks user images. */
export function isSystemImage(ref: ImageRef): boolean {
  return (
    ref.repository.startsWith('calico/') ||
    ref.registry === 'registry.k8s.io' ||
    ref.registry === 'k8s.gcr.io' ||
    (ref.registry === 'gcr.io' && ref.repository.startsWith('k8s-minikube/')) ||
    ref.repository === 'coredns/coredns'
  );
}

export function isKnownImage(ref: ImageRef): boolean {
  if (isSystemImage(ref)) return true;
  if (ref.registry === 'quay.io' && ref.repository.startsWith('calico/')) return true;
  if (ref.registry !== 'docker.io') return false;
  if (ref.repository === APP_REPOSITORY) return ref.tag === 'master' || ref.digest !== undefined;
  return ANY_TAG_REPOSITORIES.has(ref.repository);
}

export function isAppImage(ref: ImageRef): boolean {
  return ref.registry === 'docker.io' && ref.repository === APP_REPOSITORY;
}

/** Emulated (unscaled) pull time: the app image is large (node:14 + node_modules). */
export function pullSeconds(ref: ImageRef): number {
  return isAppImage(ref) ? 25 : 4;
}

export function imageSizeBytes(ref: ImageRef): number {
  return isAppImage(ref)
    ? 412_337_153
    : 8_000_000 + (Number.parseInt(sha256Hex(fullName(ref)).slice(0, 6), 16) % 60_000_000);
}

function digestOf(ref: ImageRef): string {
  return ref.digest ?? `sha256:${sha256Hex(`image:${fullName(ref)}`)}`;
}

/** `containerStatuses[].image` as the runtime reports it. */
export function statusImage(ref: ImageRef, runtime: string): string {
  return runtime === 'docker' ? dockerName(ref) : fullName(ref);
}

/** `containerStatuses[].imageID`. */
export function statusImageId(ref: ImageRef, runtime: string): string {
  const repo = `${ref.registry}/${ref.repository}`;
  if (runtime === 'docker') {
    const short = ref.registry === 'docker.io' ? ref.repository.replace(/^library\//, '') : repo;
    return `docker-pullable://${short}@${digestOf(ref)}`;
  }
  return `${repo}@${digestOf(ref)}`;
}

/** The runtime error kubelet wraps into `Failed to pull image "...": <this>`. */
export function pullErrorMessage(ref: ImageRef, runtime: string, registryUnreachable: boolean): string {
  const name = fullName(ref);
  if (runtime === 'docker') {
    if (registryUnreachable) {
      return `Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 192.168.49.1:53: server misbehaving`;
    }
    if (isAppImage(ref) || ANY_TAG_REPOSITORIES.has(ref.repository)) {
      return `Error response from daemon: manifest for ${dockerName(ref)} not found: manifest unknown: manifest unknown`;
    }
    return `Error response from daemon: pull access denied for ${dockerName(ref).replace(/:[^:/]*$/, '')}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
  }
  if (registryUnreachable) {
    return `rpc error: code = Unknown desc = failed to pull and unpack image "${name}": failed to resolve reference "${name}": failed to do request: Head "https://registry-1.docker.io/v2/${ref.repository}/manifests/${ref.tag}": dial tcp: lookup registry-1.docker.io on 192.168.49.1:53: server misbehaving`;
  }
  if (isAppImage(ref) || ANY_TAG_REPOSITORIES.has(ref.repository)) {
    return `rpc error: code = NotFound desc = failed to pull and unpack image "${name}": failed to resolve reference "${name}": ${name}: not found`;
  }
  return `rpc error: code = Unknown desc = failed to pull and unpack image "${name}": failed to resolve reference "${name}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
}

/** The registry host a pull of `ref` talks to (Docker Hub's API is registry-1.docker.io). */
function registryHost(ref: ImageRef): string {
  return ref.registry === 'docker.io' ? 'registry-1.docker.io' : ref.registry;
}

/**
 * A pull whose connection to the registry timed out, as the runtime words it. containerd:
 * `rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "…": failed to resolve
 * reference "…": failed to do request: Head "https://…/manifests/TAG": dial tcp IP:443: i/o timeout`
 * (kubelet event quoted in github.com/myifeng/mirror-porter/issues/92); docker: `Error response from
 * daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for
 * connection (Client.Timeout exceeded while awaiting headers)`.
 */
export function pullTimeoutMessage(ref: ImageRef, runtime: string): string {
  const host = registryHost(ref);
  if (runtime === 'docker') {
    return `Error response from daemon: Get "https://${host}/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)`;
  }
  const name = fullName(ref);
  const reference = ref.digest ?? ref.tag;
  return `rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "${name}": failed to resolve reference "${name}": failed to do request: Head "https://${host}/v2/${ref.repository}/manifests/${reference}": dial tcp 54.236.113.205:443: i/o timeout`;
}
