/**
 * Calico's upstream manifests (`calico.yaml`) as the emulator installs them: for each object its
 * kind, apiVersion, name, namespace and, for workloads, its images — generated from the real
 * manifest of each release (the lab's versions and every Calico minikube v1.32–v1.38 bundles) by scripts/calico-fixtures.ts into src/emulator/calico/upstream/<tag>.json (each file
 * names its source). A version without a fixture takes the newest fixture before it, its
 * `calico/*` images retagged (same object list: an approximation, flagged `approximate`).
 */

import { compareVersions } from '../../minikube/versions.ts';
import v3_20_0 from './upstream/v3.20.0.json' with { type: 'json' };
import v3_24_5 from './upstream/v3.24.5.json' with { type: 'json' };
import v3_26_1 from './upstream/v3.26.1.json' with { type: 'json' };
import v3_26_3 from './upstream/v3.26.3.json' with { type: 'json' };
import v3_27_3 from './upstream/v3.27.3.json' with { type: 'json' };
import v3_28_1 from './upstream/v3.28.1.json' with { type: 'json' };
import v3_29_1 from './upstream/v3.29.1.json' with { type: 'json' };
import v3_30_0 from './upstream/v3.30.0.json' with { type: 'json' };
import v3_30_3 from './upstream/v3.30.3.json' with { type: 'json' };
import v3_31_3 from './upstream/v3.31.3.json' with { type: 'json' };

export interface CalicoManifestEntry {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** Images of a workload's init containers then containers, in manifest order. */
  images?: string[];
}

export interface CalicoManifest {
  /** The release the objects come from (vX.Y.Z). */
  calico: string;
  /** Where the fixture's manifest was read (an upstream URL at the tag). */
  source: string;
  objects: CalicoManifestEntry[];
  /** True when retagged from an older release's fixture. */
  approximate?: boolean;
}

export const CALICO_FIXTURES: readonly CalicoManifest[] = [
  v3_20_0,
  v3_24_5,
  v3_26_1,
  v3_26_3,
  v3_27_3,
  v3_28_1,
  v3_29_1,
  v3_30_0,
  v3_30_3,
  v3_31_3,
];

const WORKLOAD_KINDS = new Set(['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet', 'Pod', 'Job']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function imagesOf(obj: Json): string[] | undefined {
  const spec = obj.kind === 'Pod' ? obj.spec : ((obj.spec as Json | undefined)?.template as Json)?.spec;
  if (!isObject(spec)) return undefined;
  const containers = [
    ...((spec.initContainers as Json[] | undefined) ?? []),
    ...((spec.containers as Json[] | undefined) ?? []),
  ];
  return containers.map((c) => String(c.image ?? ''));
}

/** The entries of parsed YAML documents (empty documents skipped; a `List` is flattened). */
export function manifestEntries(docs: readonly unknown[]): CalicoManifestEntry[] {
  const out: CalicoManifestEntry[] = [];
  for (const doc of docs) {
    if (!isObject(doc)) continue;
    if (typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items)) {
      out.push(...manifestEntries(doc.items));
      continue;
    }
    const meta = isObject(doc.metadata) ? doc.metadata : {};
    const entry: CalicoManifestEntry = {
      apiVersion: String(doc.apiVersion ?? ''),
      kind: String(doc.kind ?? ''),
      name: String(meta.name ?? ''),
    };
    if (typeof meta.namespace === 'string') entry.namespace = meta.namespace;
    if (WORKLOAD_KINDS.has(entry.kind)) {
      const images = imagesOf(doc);
      if (images) entry.images = images;
    }
    out.push(entry);
  }
  return out;
}

/** `docker.io/calico/node:v3.26.1` → `…:v3.27.3` (only Calico's own images). */
function retag(image: string, version: string): string {
  return image.replace(/^((?:[\w.-]+\/)*calico\/[\w-]+):v\d+\.\d+\.\d+$/, `$1:${version}`);
}

/** The manifest of Calico `version`: its fixture, else the newest older one retagged. */
export function calicoManifest(version: string): CalicoManifest {
  const exact = CALICO_FIXTURES.find((f) => f.calico === version);
  if (exact) return exact;
  const older = CALICO_FIXTURES.filter((f) => compareVersions(f.calico, version) < 0);
  const base = older.at(-1) ?? CALICO_FIXTURES[0];
  return {
    calico: version,
    source: `${base.source} (the ${base.calico} object list, images retagged ${version})`,
    approximate: true,
    objects: base.objects.map((o) =>
      o.images ? { ...o, images: o.images.map((i) => retag(i, version)) } : o,
    ),
  };
}

/** The Calico version a manifest installs: the tag of its calico/node image. */
export function manifestCalicoVersion(objects: readonly CalicoManifestEntry[]): string | undefined {
  for (const o of objects)
    for (const image of o.images ?? []) {
      const m = /(?:^|\/)calico\/node:(v\d+\.\d+\.\d+)$/.exec(image);
      if (m) return m[1];
    }
  return undefined;
}

/** A manifest is Calico's when it declares the calico-node DaemonSet. */
export function isCalicoManifest(objects: readonly CalicoManifestEntry[]): boolean {
  return objects.some((o) => o.kind === 'DaemonSet' && o.name === 'calico-node');
}

/** The image of `objects`' workload `name` whose repository ends with `repo` (e.g. `calico/node`). */
export function manifestImage(
  objects: readonly CalicoManifestEntry[],
  name: string,
  repo: string,
): string | undefined {
  return objects
    .find((o) => o.name === name && o.images)
    ?.images?.find((i) => i.split(':')[0]?.endsWith(repo));
}
