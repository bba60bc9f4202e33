/**
 * Installing a Calico manifest as `kubectl apply -f` does it: each object's kind and apiVersion is
 * mapped through the API server's discovery first, and one the server does not serve (on Kubernetes
 * ≥ 1.25 the `policy/v1beta1` PodDisruptionBudget of Calico ≤ v3.22) fails with kubectl's REST-mapping
 * error, while the file's other objects are still applied and kubectl exits 1
 * (/work/shared/reference/versions.md; src/emulator/api/served.ts for what is served).
 */
import { minorOf } from '../../minikube/versions.ts';
import { isServed } from '../api/served.ts';
import { findByApiVersionKind } from '../store/resources.ts';
import type { CalicoManifestEntry } from './manifests.ts';

/**
 * kubectl's message for an object it cannot map (kubectl 1.32 against a server whose discovery lacks
 * the version; versions.md).
 */
export function mappingError(e: CalicoManifestEntry, file: string): string {
  return `error: resource mapping not found for name: "${e.name}" namespace: "${e.namespace ?? ''}" from "${file}": no matches for kind "${e.kind}" in version "${e.apiVersion}"\nensure CRDs are installed first`;
}

export interface InstallPlan {
  /** Objects the server maps, in file order. */
  applied: CalicoManifestEntry[];
  /** kubectl's error per object it cannot map; non-empty means `kubectl apply` exits 1. */
  errors: string[];
}

/** Which objects of `objects` a Kubernetes `kubernetesVersion` API server takes. */
export function planInstall(
  objects: readonly CalicoManifestEntry[],
  kubernetesVersion: string,
  file = 'calico.yaml',
): InstallPlan {
  const minor = minorOf(kubernetesVersion);
  const applied: CalicoManifestEntry[] = [];
  const errors: string[] = [];
  for (const e of objects) {
    const rt = findByApiVersionKind(e.apiVersion, e.kind);
    if (rt && isServed(rt, minor)) applied.push(e);
    else errors.push(mappingError(e, file));
  }
  return { applied, errors };
}
