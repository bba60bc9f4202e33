/**
 * The minikube releases the lab knows, as both sides see them (docs/reference-facts.md, minikube §2
 * and minikube §7): each release's Kubernetes range (constants.DefaultKubernetesVersion /
 * NewestKubernetesVersion / OldestKubernetesVersion in pkg/minikube/constants/constants.go at its
 * tag) and the Calico its `--cni calico` installs. The emulator plays MINIKUBE_VERSION unless
 * LAB_SIM_MINIKUBE_VERSION names another release of the table.
 */

export interface MinikubeRelease {
  version: string;
  /** `--kubernetes-version` unset, `stable` or `latest`. */
  defaultKubernetes: string;
  /** Newer than this: a warning (K8S_NEW_UNSUPPORTED only for another major). */
  newestKubernetes: string;
  /** Older than this: exit 106 K8S_OLD_UNSUPPORTED unless --force. */
  oldestKubernetes: string;
  /** calicoVersion of pkg/minikube/bootstrapper/images/images.go. */
  bundledCalico: string;
}

/** kubernetes/minikube at each tag (docs/reference-facts.md, minikube §7). */
export const MINIKUBE_RELEASES: readonly MinikubeRelease[] = [
  release('v1.32.0', 'v1.28.3', 'v1.28.3', 'v1.16.0', 'v3.26.3'),
  release('v1.33.0', 'v1.30.0', 'v1.30.0', 'v1.20.0', 'v3.27.3'),
  release('v1.34.0', 'v1.31.0', 'v1.31.0', 'v1.20.0', 'v3.28.1'),
  release('v1.35.0', 'v1.32.0', 'v1.32.0', 'v1.20.0', 'v3.29.1'),
  release('v1.36.0', 'v1.33.1', 'v1.33.1', 'v1.20.0', 'v3.30.0'),
  release('v1.37.0', 'v1.34.0', 'v1.34.0', 'v1.28.0', 'v3.30.3'),
  release('v1.38.0', 'v1.35.0', 'v1.35.0', 'v1.28.0', 'v3.31.3'),
  release('v1.38.1', 'v1.35.1', 'v1.35.1', 'v1.28.0', 'v3.31.3'),
];

function release(
  version: string,
  defaultKubernetes: string,
  newestKubernetes: string,
  oldestKubernetes: string,
  bundledCalico: string,
): MinikubeRelease {
  return { version, defaultKubernetes, newestKubernetes, oldestKubernetes, bundledCalico };
}

/** The release of the table named `version` (`v1.37.0` or `1.37.0`), or undefined. */
export function minikubeRelease(version: string): MinikubeRelease | undefined {
  const v = version.startsWith('v') ? version : `v${version}`;
  return MINIKUBE_RELEASES.find((r) => r.version === v);
}

export const MINIKUBE_VERSION = 'v1.34.0';

const TARGET = minikubeRelease(MINIKUBE_VERSION) as MinikubeRelease;

/** constants.DefaultKubernetesVersion / NewestKubernetesVersion / OldestKubernetesVersion of v1.34.0. */
export const DEFAULT_KUBERNETES_VERSION = TARGET.defaultKubernetes;
export const NEWEST_KUBERNETES_VERSION = TARGET.newestKubernetes;
export const OLDEST_KUBERNETES_VERSION = TARGET.oldestKubernetes;

/** calicoVersion bundled with minikube v1.34.0 (`--cni calico`). */
export const BUNDLED_CALICO_VERSION = TARGET.bundledCalico;

/** `v1.28.0` → [1, 28, 0]; undefined for anything else. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]+)?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/**
 * The minor of a version (`v1.31.0` → 31, `v3.28` → 28), for rules that change at a minor release;
 * an unparsable version counts as the newest.
 */
export function minorOf(version: string): number {
  const m = /^v?\d+\.(\d+)/.exec(version.trim());
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}

/** Orders two versions; unparsable ones compare equal. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return 0;
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}
