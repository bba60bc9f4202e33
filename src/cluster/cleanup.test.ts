/**
 * registerCleanup: once-only runs, signal exits (130 / 143) and the hard deadline. Signal paths
 * run in a child process (test-cleanup-child.ts) so this worker never receives a signal.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCleanup, signalExitCode } from './cleanup.ts';
import { WaitTimeoutError } from './errors.ts';

const CHILD = fileURLToPath(new URL('./test-cleanup-child.ts', import.meta.url));
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'cleanup-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** Starts the child, waits for "ready", sends the signal, returns how it ended. */
async function signalChild(marker: string, mode: 'ok' | 'hang', signal: NodeJS.Signals) {
  const child = execa('node', ['--import', 'tsx', CHILD, marker, mode], { reject: false, timeout: 30_000 });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', () => reject(new Error('child exited before ready')));
  });
  child.kill(signal);
  return child;
}

describe('registerCleanup on a signal (child process)', () => {
  it('runs the cleanup once on SIGINT and exits with 130', async () => {
    const marker = path.join(tmp, 'sigint');
    const r = await signalChild(marker, 'ok', 'SIGINT');
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toContain('SIGINT received: cleaning up');
    expect(await readFile(marker, 'utf8')).toBe('cleaned\n');
  });

  it('exits with 143 on SIGTERM', async () => {
    const marker = path.join(tmp, 'sigterm');
    const r = await signalChild(marker, 'ok', 'SIGTERM');
    expect(r.exitCode).toBe(143);
    expect(await readFile(marker, 'utf8')).toBe('cleaned\n');
  });

  it('exits at the deadline when the cleanup hangs', async () => {
    const marker = path.join(tmp, 'hang');
    const r = await signalChild(marker, 'hang', 'SIGINT');
    expect(r.exitCode).toBe(130);
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toContain('cleanup failed: timed out after 300ms waiting for cleanup');
    expect(await readFile(marker, 'utf8')).toBe('cleaned\n');
  });
});

describe('registerCleanup.run()', () => {
  it('runs the function once however often run() is called', async () => {
    let calls = 0;
    const before = process.listenerCount('SIGINT');
    const handle = registerCleanup(async () => {
      calls++;
    });
    expect(handle.started).toBe(false);
    await Promise.all([handle.run(), handle.run()]);
    await handle.run();
    expect(calls).toBe(1);
    expect(handle.started).toBe(true);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('rejects with WaitTimeoutError when the cleanup misses its deadline', async () => {
    const handle = registerCleanup(() => new Promise<void>(() => {}), { deadlineMs: 50 });
    await expect(handle.run()).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  it('removes its signal handlers on dispose', () => {
    const before = process.listenerCount('SIGTERM');
    const handle = registerCleanup(async () => {});
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    handle.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('maps signals to shell exit codes', () => {
    expect([signalExitCode('SIGINT'), signalExitCode('SIGTERM')]).toEqual([130, 143]);
  });
});
