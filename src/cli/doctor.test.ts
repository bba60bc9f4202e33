import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeDisk, probeKubeconfig, probeTool } from './doctor.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lab-grader-doctor-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function script(name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

describe.skipIf(process.platform === 'win32')('doctor probes', () => {
  it('probeTool: a missing tool is not found, never an error', async () => {
    expect(await probeTool('no-such-tool-xyz', ['version'], { PATH: dir }, 1000)).toEqual({});
  });

  it('probeTool: reads the version, or says why not (exit code, timeout)', async () => {
    const ok = await script('mk-ok', 'echo v1.34.0');
    expect(await probeTool(ok, [], { PATH: dir }, 2000)).toEqual({ path: ok, version: 'v1.34.0' });
    const bad = await script('mk-bad', 'echo "Cannot connect to the Docker daemon" >&2; exit 1');
    expect((await probeTool(bad, [], { PATH: dir }, 2000)).error).toBe(
      'exit 1: Cannot connect to the Docker daemon',
    );
    const slow = await script('mk-slow', 'exec sleep 5');
    const started = Date.now();
    expect((await probeTool(slow, [], { PATH: process.env.PATH }, 300)).error).toBe('no answer within 0.3s');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('probeKubeconfig: KUBECONFIG files (path.delimiter), contexts merged, the first current-context wins', async () => {
    const a = path.join(dir, 'a.yaml');
    const b = path.join(dir, 'b.yaml');
    const broken = path.join(dir, 'broken.yaml');
    await writeFile(a, 'apiVersion: v1\nkind: Config\ncurrent-context: lab4-1\ncontexts:\n- name: lab4-1\n');
    await writeFile(b, 'current-context: other\ncontexts:\n- name: other\n- name: lab4-1\n');
    await writeFile(broken, 'contexts: [unclosed\n');
    const k = await probeKubeconfig(
      { KUBECONFIG: [a, path.join(dir, 'missing'), b, broken].join(path.delimiter) },
      2000,
    );
    expect(k.contexts).toEqual(['lab4-1', 'other']);
    expect(k.current).toBe('lab4-1');
    expect(k.files.map((f) => [path.basename(f.path), f.exists, Boolean(f.error)])).toEqual([
      ['a.yaml', true, false],
      ['missing', false, false],
      ['b.yaml', true, false],
      ['broken.yaml', true, true],
    ]);
  });

  it('probeKubeconfig: without KUBECONFIG reads ~/.kube/config', async () => {
    const k = await probeKubeconfig({ HOME: dir }, 2000);
    expect(k.files).toEqual([{ path: path.join(dir, '.kube', 'config'), exists: false }]);
    expect(k.contexts).toEqual([]);
  });

  it('probeDisk: the nearest existing folder of the minikube home', async () => {
    const d = await probeDisk({ MINIKUBE_HOME: path.join(dir, 'not', 'yet') }, 2000);
    expect(d.path).toBe(dir);
    expect(d.free).toBeGreaterThan(0);
  });
});
