/**
 * trapSignals: a signal starts the grade's way out instead of ending the process; the deadline and a
 * second signal bound it. Signal paths run in a child process (src/testing/signal-trap-child.ts) so this worker
 * never receives a signal.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trapSignals } from './cleanup.ts';

const CHILD = fileURLToPath(new URL('../testing/signal-trap-child.ts', import.meta.url));
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'cleanup-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** Starts the child, waits for "ready", sends the signal; `child` is the running process (awaiting it gives how it ended). */
async function signalChild(marker: string, mode: 'ok' | 'hang', signal: NodeJS.Signals, deadlineMs = 300) {
  const child = execa('node', ['--import', 'tsx', CHILD, marker, mode, String(deadlineMs)], {
    reject: false,
    timeout: 30_000,
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', () => reject(new Error('child exited before ready')));
  });
  child.kill(signal);
  // Wrapped: the subprocess is a thenable, and returning it from an async function would await it.
  return { child };
}

describe('trapSignals (child process)', () => {
  it('turns SIGTERM into the way out: the handler runs once and the process ends on its own', async () => {
    const marker = path.join(tmp, 'sigterm');
    const r = await (await signalChild(marker, 'ok', 'SIGTERM')).child;
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('SIGTERM received: stopping, writing the reports and cleaning up');
    expect(await readFile(marker, 'utf8')).toBe('interrupted SIGTERM\ncleaned\n');
  });

  it('exits with 3 at the deadline when the way out hangs', async () => {
    const marker = path.join(tmp, 'hang');
    const r = await (await signalChild(marker, 'hang', 'SIGINT')).child;
    expect(r.exitCode).toBe(3);
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toContain('did not finish within 300 ms of SIGINT');
    expect(await readFile(marker, 'utf8')).toBe('interrupted SIGINT\n');
  });

  it('exits at once on a second signal', async () => {
    const marker = path.join(tmp, 'twice');
    // A long deadline, so that only the second signal can end it.
    const { child } = await signalChild(marker, 'hang', 'SIGINT', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('SIGINT again: exiting without waiting for the cleanup');
  });
});

describe('trapSignals in this process', () => {
  it('removes its handlers on dispose and remembers no signal it did not get', () => {
    const before = process.listenerCount('SIGTERM');
    const trap = trapSignals(() => {});
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    trap.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
    expect(trap.signal).toBeUndefined();
  });
});
