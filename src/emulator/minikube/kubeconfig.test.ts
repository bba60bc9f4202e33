import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  currentContext,
  deleteProfileContext,
  profileServer,
  readKubeconfig,
  writeProfileContext,
} from './kubeconfig.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mk-kubeconfig-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const other = {
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'prod', cluster: { server: 'https://prod:6443' } }],
  contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'admin' } }],
  users: [{ name: 'admin', user: { token: 'secret' } }],
  'current-context': 'prod',
};

describe('profile contexts in a kubeconfig', () => {
  it('creates a new file with cluster, user and context named after the profile', async () => {
    const file = path.join(dir, 'new', 'config');
    await writeProfileContext(file, {
      profile: 'minikube',
      server: 'http://127.0.0.1:1234',
      minikubeVersion: 'v1.34.0',
      setCurrent: true,
    });
    const doc = YAML.parse(await readFile(file, 'utf8'));
    expect(doc['current-context']).toBe('minikube');
    expect(doc.clusters[0]).toMatchObject({
      name: 'minikube',
      cluster: { server: 'http://127.0.0.1:1234', 'insecure-skip-tls-verify': true },
    });
    expect(doc.contexts[0]).toMatchObject({
      name: 'minikube',
      context: { cluster: 'minikube', user: 'minikube', namespace: 'default' },
    });
    expect(doc.users[0].name).toBe('minikube');
  });

  it('merges into an existing file, keeps other entries, and removes only its own', async () => {
    const file = path.join(dir, 'merged');
    await writeFile(file, YAML.stringify(other));
    await writeProfileContext(file, {
      profile: 'lab',
      server: 'http://127.0.0.1:5',
      minikubeVersion: 'v1.34.0',
      setCurrent: true,
    });
    await writeProfileContext(file, {
      profile: 'lab',
      server: 'http://127.0.0.1:6',
      minikubeVersion: 'v1.34.0',
      setCurrent: true,
    });
    let doc = await readKubeconfig(file);
    expect(doc.clusters.map((c) => c.name)).toEqual(['prod', 'lab']);
    expect(await profileServer(file, 'lab')).toBe('http://127.0.0.1:6');
    expect(await currentContext(file)).toBe('lab');

    await deleteProfileContext(file, 'lab');
    doc = await readKubeconfig(file);
    expect(doc.clusters.map((c) => c.name)).toEqual(['prod']);
    expect(doc.users).toEqual(other.users);
    expect(doc['current-context']).toBe('');
  });

  it('leaves current-context alone with --keep-context', async () => {
    const file = path.join(dir, 'keep');
    await writeFile(file, YAML.stringify(other));
    await writeProfileContext(file, {
      profile: 'lab',
      server: 'http://x:1',
      minikubeVersion: 'v1.34.0',
      setCurrent: false,
    });
    expect(await currentContext(file)).toBe('prod');
  });

  it('keeps every profile when starts and deletes edit the file at once (grades sharing a sim home)', async () => {
    const file = path.join(dir, 'shared');
    const names = Array.from({ length: 12 }, (_, i) => `lab-${i}`);
    const settings = (profile: string) => ({
      profile,
      server: 'http://127.0.0.1:1',
      minikubeVersion: 'v1.34.0',
      setCurrent: true,
    });
    await Promise.all(names.map((n) => writeProfileContext(file, settings(n))));
    expect((await readKubeconfig(file)).contexts.map((c) => c.name).sort()).toEqual([...names].sort());
    await Promise.all(names.filter((_, i) => i % 2 === 0).map((n) => deleteProfileContext(file, n)));
    expect((await readKubeconfig(file)).contexts.map((c) => c.name).sort()).toEqual(
      names.filter((_, i) => i % 2 === 1).sort(),
    );
  });
});
