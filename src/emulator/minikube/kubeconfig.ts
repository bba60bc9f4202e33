/**
 * Kubeconfig edits minikube makes (pkg/minikube/kubeconfig): one cluster, user and context per
 * profile, all named after the profile; other entries are kept. The emulated API server speaks
 * plain HTTP, so the cluster has `insecure-skip-tls-verify: true` (needed by client-node). Edits
 * hold a lock: grades sharing a sim home start and delete their profiles concurrently.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { withFileLock } from './file-lock.ts';

interface NamedEntry {
  name: string;
  [key: string]: unknown;
}

interface KubeconfigDoc {
  apiVersion: string;
  kind: string;
  clusters: NamedEntry[];
  contexts: NamedEntry[];
  users: NamedEntry[];
  'current-context': string;
  preferences: Record<string, unknown>;
  [key: string]: unknown;
}

function emptyDoc(): KubeconfigDoc {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [],
    contexts: [],
    users: [],
    'current-context': '',
    preferences: {},
  };
}

export async function readKubeconfig(file: string): Promise<KubeconfigDoc> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyDoc();
    throw e;
  }
  const parsed = (YAML.parse(text) ?? {}) as Partial<KubeconfigDoc>;
  return {
    ...emptyDoc(),
    ...parsed,
    clusters: parsed.clusters ?? [],
    contexts: parsed.contexts ?? [],
    users: parsed.users ?? [],
    'current-context': parsed['current-context'] ?? '',
  };
}

async function writeKubeconfig(file: string, doc: KubeconfigDoc): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, YAML.stringify(doc), { mode: 0o600 });
  await rename(tmp, file);
}

function upsert<T extends { name: string }>(list: T[], entry: T): T[] {
  const i = list.findIndex((e) => e.name === entry.name);
  if (i < 0) return [...list, entry];
  const copy = [...list];
  copy[i] = entry;
  return copy;
}

export interface ContextSettings {
  profile: string;
  server: string;
  minikubeVersion: string;
  /** false = minikube's --keep-context. */
  setCurrent: boolean;
  now?: Date;
}

/** Adds or replaces the profile's cluster/user/context and (by default) makes it current. */
export async function writeProfileContext(file: string, s: ContextSettings): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await withFileLock(file, () => upsertProfileContext(file, s));
}

async function upsertProfileContext(file: string, s: ContextSettings): Promise<void> {
  const doc = await readKubeconfig(file);
  const extension = [
    {
      name: 'cluster_info',
      extension: {
        'last-update': (s.now ?? new Date()).toUTCString().replace('GMT', 'UTC'),
        provider: 'minikube.sigs.k8s.io',
        version: s.minikubeVersion,
      },
    },
  ];
  doc.clusters = upsert(doc.clusters, {
    name: s.profile,
    cluster: { extensions: extension, 'insecure-skip-tls-verify': true, server: s.server },
  });
  doc.contexts = upsert(doc.contexts, {
    name: s.profile,
    context: { cluster: s.profile, extensions: extension, namespace: 'default', user: s.profile },
  });
  doc.users = upsert(doc.users, { name: s.profile, user: {} });
  if (s.setCurrent) doc['current-context'] = s.profile;
  await writeKubeconfig(file, doc);
}

/** kubeconfig.DeleteContext: removes the three entries; unsets current-context if it was the profile. */
export async function deleteProfileContext(file: string, profile: string): Promise<void> {
  if (!existsSync(file)) return;
  await withFileLock(file, () => removeProfileContext(file, profile));
}

async function removeProfileContext(file: string, profile: string): Promise<void> {
  const doc = await readKubeconfig(file);
  const before = doc.clusters.length + doc.contexts.length + doc.users.length;
  doc.clusters = doc.clusters.filter((c) => c.name !== profile);
  doc.contexts = doc.contexts.filter((c) => c.name !== profile);
  doc.users = doc.users.filter((c) => c.name !== profile);
  const removed = before !== doc.clusters.length + doc.contexts.length + doc.users.length;
  const wasCurrent = doc['current-context'] === profile;
  if (wasCurrent) doc['current-context'] = '';
  if (removed || wasCurrent) await writeKubeconfig(file, doc);
}

/** The server URL the kubeconfig holds for the profile's cluster, if any. */
export async function profileServer(file: string, profile: string): Promise<string | undefined> {
  const doc = await readKubeconfig(file);
  const entry = doc.clusters.find((c) => c.name === profile);
  return (entry?.cluster as { server?: string } | undefined)?.server;
}

export async function currentContext(file: string): Promise<string> {
  return (await readKubeconfig(file))['current-context'];
}
