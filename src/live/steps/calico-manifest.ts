/**
 * Where the upstream manifest of a Calico version is (docs/reference-facts.md, calico-manifests §1,
 * and §6 for the tags checked). From v3.24 the repository holds the rendered manifest at
 * `manifests/calico.yaml`. From v3.20 to v3.23 the repository holds only a Jekyll template there
 * (`manifests/calico.yaml` up to v3.21, `calico/manifests/calico.yaml` in v3.22 and v3.23: seven
 * lines of `{% helm %}`), so the rendered one comes from the documentation's archive of that minor
 * version (its newest patch).
 */

const RAW = 'https://raw.githubusercontent.com/projectcalico/calico';
const ARCHIVE = 'https://docs.projectcalico.org/archive';

/** The manifest URL of Calico `version` (vX.Y.Z); throws for a malformed or too old version. */
export function calicoManifestUrl(version: string): string {
  const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new Error(`--calico must be builtin or vX.Y.Z, got '${version}'`);
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major > 3 || (major === 3 && minor >= 24)) return `${RAW}/${version}/manifests/calico.yaml`;
  if (major === 3 && minor >= 20) return `${ARCHIVE}/v${major}.${minor}/manifests/calico.yaml`;
  throw new Error(`--calico ${version}: versions before v3.20 are not supported`);
}

/** A rendered Calico manifest declares the calico-node DaemonSet; a template or an error page does not. */
export function isCalicoManifest(text: string): boolean {
  return /^kind:\s*DaemonSet\s*$/m.test(text) && /^\s*name:\s*calico-node\s*$/m.test(text);
}
