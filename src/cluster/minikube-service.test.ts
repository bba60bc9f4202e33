/**
 * Stopping `minikube service --url` when it holds a tunnel (docker driver on macOS/Windows/WSL): it
 * waits on `signal.Notify(ctrlC, os.Interrupt)` and stops its ssh child only then
 * (https://github.com/kubernetes/minikube/blob/master/cmd/minikube/cmd/service.go startKicServiceTunnel;
 * docs/reference-facts.md, minikube §3).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServiceUrls, stopPlan } from './minikube-service.ts';

describe('stopPlan', () => {
  it('POSIX: SIGINT to minikube, a grace, then SIGTERM and SIGKILL to its process group', () => {
    expect(stopPlan('darwin', 42, 5000)).toEqual([
      { kind: 'signal', signal: 'SIGINT', group: false },
      { kind: 'wait', ms: 5000 },
      { kind: 'signal', signal: 'SIGTERM', group: true },
      { kind: 'wait', ms: 3000 },
      { kind: 'signal', signal: 'SIGKILL', group: true },
    ]);
  });

  it('Windows: the process tree, at once (no SIGINT can be sent there)', () => {
    expect(stopPlan('win32', 42, 5000)[0]).toEqual({
      kind: 'taskkill',
      argv: ['taskkill', '/pid', '42', '/T', '/F'],
    });
  });
});

describe('spawnServiceUrls on a process that holds a tunnel', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'svc-tunnel-'));
    // Like minikube: the URL, then it stays up; SIGINT ends it (0); SIGTERM is ignored here, so
    // only the group SIGTERM/SIGKILL after the grace could end a stubborn one.
    await writeFile(
      join(dir, 'tunnel.mjs'),
      [
        "process.stdout.write('http://127.0.0.1:40000\\n');",
        "process.on('SIGINT', () => process.exit(0));",
        "process.on('SIGTERM', () => {});",
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'stubborn.mjs'),
      [
        "process.stdout.write('http://127.0.0.1:40001\\n');",
        "process.on('SIGINT', () => {});",
        "process.on('SIGTERM', () => {});",
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function spawn(script: string, entries: unknown[]) {
    return spawnServiceUrls({
      bin: process.execPath,
      args: [join(dir, script)],
      env: {},
      timeoutMs: 10_000,
      settleMs: 100,
      stopGraceMs: 300,
      record: (e) => entries.push(e),
    });
  }

  it('reads the URL while it runs, and close() stops it with SIGINT and awaits the exit', async () => {
    const entries: unknown[] = [];
    const h = await spawn('tunnel.mjs', entries);
    expect(h).toMatchObject({ urls: ['http://127.0.0.1:40000'], running: true });
    const started = Date.now();
    await Promise.all([h.close(), h.close()]);
    expect(Date.now() - started).toBeLessThan(300);
  });

  it('escalates to SIGKILL of the group when SIGINT and SIGTERM are ignored', async () => {
    const h = await spawn('stubborn.mjs', []);
    const started = Date.now();
    await h.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  }, 15_000);
});
