/**
 * Minikube through execa, driving the emulator's stand-in `bin/minikube` found first on PATH
 * (src/minikube/stand-in.ts) — the same calls a real minikube gets. Outputs: docs/reference-facts.md, minikube §3-5.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simEnv } from '../minikube/stand-in.ts';
import { referenceLabObjects } from '../testing/sim-cluster.ts';
import { CommandFailedError, ToolMissingError } from './errors.ts';
import { Kube } from './kube.ts';
import { Minikube } from './minikube.ts';
import type { TranscriptEntry } from './transcript.ts';
import { which } from './which.ts';

const PROFILE = 'drv';
let tmp: string;
let env: NodeJS.ProcessEnv;
let mk: Minikube;
const transcript: { entry: TranscriptEntry; line: string }[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'minikube-driver-'));
  env = {
    ...simEnv({ home: tmp }),
    HOME: tmp,
    LAB_SIM_TIME_FACTOR: '0',
    LAB_SIM_FAULTS: '',
    MINIKUBE_IN_STYLE: 'false',
  };
  mk = Minikube.locate({ env, log: (entry, line) => transcript.push({ entry, line }) });
});

afterAll(async () => {
  if (mk) await mk.delete(PROFILE).catch(() => undefined);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('locating the binary', () => {
  it('throws ToolMissingError with the install page when minikube is not on PATH', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'empty-path-'));
    try {
      let err: unknown;
      try {
        Minikube.locate({ env: { PATH: empty } });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ToolMissingError);
      expect(err).toMatchObject({ tool: 'minikube', toolMissing: true, searchedPath: empty });
      expect((err as Error).message).toContain('https://minikube.sigs.k8s.io/docs/start/');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('finds the stand-in on the env PATH and honours an explicit path', async () => {
    expect(mk.bin).toBe(path.join(path.resolve(env.PATH?.split(path.delimiter)[0] as string), 'minikube'));
    expect(Minikube.locate({ bin: mk.bin }).bin).toBe(mk.bin);
    expect(() => Minikube.locate({ bin: path.join(tmp, 'nope') })).toThrow(ToolMissingError);
  });

  it('which() skips non-executable files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'which-'));
    await writeFile(path.join(dir, 'tool'), '#!/bin/sh\n');
    expect(which('tool', { PATH: dir })).toBeUndefined();
    await chmod(path.join(dir, 'tool'), 0o755);
    expect(which('tool', { PATH: dir })).toBe(path.join(dir, 'tool'));
    await rm(dir, { recursive: true, force: true });
  });
});

describe('a profile through the stand-in', () => {
  it('has no profiles before start', async () => {
    expect(await mk.profiles()).toEqual([]);
  });

  it('reports its version', async () => {
    expect((await mk.version()).minikubeVersion).toBe('v1.34.0');
  });

  it('starts 2 nodes with containerd and Calico, logging one transcript line per call', async () => {
    const before = Minikube.spawnCount;
    const r = await mk.start({
      profile: PROFILE,
      nodes: 2,
      containerRuntime: 'containerd',
      cni: 'calico',
      kubernetesVersion: 'v1.31.0',
      timeoutMs: 120_000,
    });
    expect(r.argv).toEqual([
      'minikube',
      'start',
      '-p',
      PROFILE,
      '--nodes',
      '2',
      '--container-runtime',
      'containerd',
      '--cni',
      'calico',
      '--kubernetes-version',
      'v1.31.0',
      '--wait=all',
    ]);
    expect(r.stdout).toContain(`Done! kubectl is now configured to use "${PROFILE}"`);
    expect(Minikube.spawnCount).toBe(before + 1);
    expect(transcript.at(-1)?.line).toMatch(
      /^\$ minikube start -p drv --nodes 2 .* --wait=all → exit 0 \(\d+(\.\d)?m?s\)$/,
    );
  });

  it('lists the profile with its nodes, runtime and CNI', async () => {
    const [p] = await mk.profiles();
    expect(p).toMatchObject({
      name: PROFILE,
      status: 'Running',
      valid: true,
      nodes: 2,
      kubernetesVersion: 'v1.31.0',
      containerRuntime: 'containerd',
      cni: 'calico',
    });
  });

  it('reads per-node status (docs/reference-facts.md, minikube §4)', async () => {
    const nodes = await mk.status(PROFILE);
    expect(nodes.map((n) => [n.name, n.host, n.apiServer, n.worker])).toEqual([
      [PROFILE, 'Running', 'Running', false],
      [`${PROFILE}-m02`, 'Running', 'Irrelevant', true],
    ]);
  });

  it('reads the CNI config over ssh on each node', async () => {
    for (const node of ['', `${PROFILE}-m02`]) {
      const r = await mk.ssh(PROFILE, node, ['cat', '/etc/cni/net.d/10-calico.conflist']);
      expect(r.exitCode).toBe(0);
      expect(JSON.parse(r.stdout).plugins[0]).toMatchObject({
        type: 'calico',
        ipam: { type: 'calico-ipam' },
      });
    }
  });

  it('recovers the remote exit code from "ssh: Process exited with status N"', async () => {
    const r = await mk.ssh(PROFILE, '', ['cat', '/etc/no such file']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('/etc/no such file');
    expect(r.stderr).not.toContain('Process exited');
  });

  it('throws CommandFailedError when minikube itself fails (unknown node)', async () => {
    await expect(mk.ssh(PROFILE, 'ghost', ['true'])).rejects.toBeInstanceOf(CommandFailedError);
  });

  it('gets the NodePort URL of a Service', async () => {
    const kube = await Kube.connect({
      kubeconfigPath: env.KUBECONFIG,
      context: mk.kubeconfigContext(PROFILE),
    });
    const { service } = await referenceLabObjects();
    await kube.apply(service);
    const svc = await mk.serviceUrls(PROFILE, 'default', 'lab4-service', { timeoutMs: 60_000 });
    try {
      expect(svc.urls).toHaveLength(1);
      expect(svc.urls[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(svc.running).toBe(false);
    } finally {
      await svc.close();
    }
    expect(transcript.at(-1)?.line).toMatch(
      /^\$ minikube service lab4-service --url -n default -p drv → exit 0/,
    );
  });

  it('fails serviceUrls for a missing Service', async () => {
    const err = await mk
      .serviceUrls(PROFILE, 'default', 'ghost', { timeoutMs: 60_000 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandFailedError);
    expect((err as CommandFailedError).stderr).toContain("Service 'ghost' was not found");
  });

  it('deletes the profile, and a second delete is not an error', async () => {
    expect(await mk.delete(PROFILE)).toBe(true);
    expect(await mk.delete(PROFILE)).toBe(false);
    expect(await mk.profiles()).toEqual([]);
    expect(mk.spawned).toBe(transcript.length);
  });
});

describe('serviceUrls with a process that keeps running (tunnel)', () => {
  it('resolves once URLs are printed, and close() stops the process', async () => {
    // A stand-in that behaves like the docker driver on macOS: prints the URL, then blocks.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tunnel-'));
    const bin = path.join(dir, 'minikube');
    await writeFile(
      bin,
      `#!/usr/bin/env node\nprocess.stdout.write('http://127.0.0.1:51234\\n');\nprocess.stderr.write('! Because you are using a Docker driver on darwin, the terminal needs to be open to run it.\\n');\nsetInterval(() => {}, 1000);\n`,
    );
    await chmod(bin, 0o755);
    try {
      const entries: TranscriptEntry[] = [];
      const tunnel = Minikube.locate({ bin, log: (e) => entries.push(e) });
      const svc = await tunnel.serviceUrls('p', 'default', 'web', { timeoutMs: 30_000, settleMs: 100 });
      expect(svc).toMatchObject({ urls: ['http://127.0.0.1:51234'], running: true });
      expect(entries.at(-1)).toMatchObject({ running: true });
      await svc.close();
      await svc.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
