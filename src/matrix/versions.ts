import { minikubeRelease } from '../minikube/versions.ts';
import type { CellVersions } from './model.ts';

/*
 * Version flags of `lab-grader matrix`. The `semver` package is only a transitive dependency here
 * (no types, not declared), so versions are checked with a strict regex of SemVer 2.0.0's core:
 * `vMAJOR.MINOR.PATCH`, no leading zeros, no pre-release — the form Calico, Kubernetes and minikube
 * tags take (`v3.28.1`, `v1.31.0`). They name folders and URLs, so nothing else may pass.
 */
const STRICT_VERSION = /^v(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})$/;

export class VersionListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VersionListError';
  }
}

/** `vX.Y.Z` exactly (a missing `v` is added: `3.28.1` → `v3.28.1`). */
export function parseStrictVersion(text: string, flag: string): string {
  const t = text.trim();
  const v = t.startsWith('v') ? t : `v${t}`;
  if (!STRICT_VERSION.test(v))
    throw new VersionListError(`${flag}: ${JSON.stringify(text)} is not a version like v3.28.1`);
  return v;
}

/** A comma-separated list of versions, in the order given; empty items and duplicates are errors. */
export function parseVersionList(text: string, flag: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new VersionListError(`${flag}: an empty version in ${JSON.stringify(text)}`);
  const versions = items.map((s) => parseStrictVersion(s, flag));
  const dup = versions.find((v, i) => versions.indexOf(v) !== i);
  if (dup) throw new VersionListError(`${flag}: ${dup} is listed twice`);
  return versions;
}

/** On the emulator a minikube release is one the stand-in can play (src/minikube/versions.ts). */
export function checkSimMinikube(versions: readonly string[]): void {
  for (const v of versions)
    if (!minikubeRelease(v))
      throw new VersionListError(
        `--minikube-version: the emulator plays no minikube ${v} (src/minikube/versions.ts MINIKUBE_RELEASES)`,
      );
}

/** Every combination: minikube releases (outermost), then Calico (rows), then Kubernetes (columns). */
export function combinations(
  calico: readonly string[],
  kubernetes: readonly string[],
  minikube: readonly string[],
): CellVersions[] {
  const releases: (string | undefined)[] = minikube.length > 0 ? [...minikube] : [undefined];
  return releases.flatMap((m) =>
    calico.flatMap((c) =>
      kubernetes.map((k) => (m ? { calico: c, kubernetes: k, minikube: m } : { calico: c, kubernetes: k })),
    ),
  );
}

/**
 * A cell's folder under the report dir: `<calico>_<kubernetes>`, inside `minikube-<v>/` when several
 * minikube releases are in the matrix. Versions are strict, so the name is safe as it is.
 */
export function cellFolder(v: CellVersions, minikubeAxis: number): string {
  const name = `${v.calico}_${v.kubernetes}`;
  return minikubeAxis > 1 && v.minikube ? `minikube-${v.minikube}/${name}` : name;
}

/** `v3.26.1 × v1.31.0` (`… on minikube v1.34.0`): a cell's name in progress lines and JUnit. */
export function cellLabel(v: CellVersions): string {
  return `calico ${v.calico} × kubernetes ${v.kubernetes}${v.minikube ? ` on minikube ${v.minikube}` : ''}`;
}
