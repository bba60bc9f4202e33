/**
 * The minikube the lab targets and the emulator plays (docs/reference-facts.md, minikube §1-§2 and
 * versions): minikube v1.34.0, whose stable Kubernetes is v1.31.0 and whose `--cni calico` installs
 * Calico v3.28.1.
 */

export const MINIKUBE_VERSION = 'v1.34.0';

/** constants.DefaultKubernetesVersion / NewestKubernetesVersion / OldestKubernetesVersion of v1.34.0. */
export const DEFAULT_KUBERNETES_VERSION = 'v1.31.0';
export const NEWEST_KUBERNETES_VERSION = 'v1.31.0';
export const OLDEST_KUBERNETES_VERSION = 'v1.20.0';

/** calicoVersion bundled with minikube v1.34.0 (`--cni calico`). */
export const BUNDLED_CALICO_VERSION = 'v3.28.1';
