/**
 * Starting, finding and stopping a profile's daemon (src/emulator/daemon.ts). The daemon runs
 * detached so the cluster outlives `minikube start`; its `daemon.json` is the rendezvous.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { controlGet, type SimStatus } from './control-api.ts';
import { DAEMON_FILE, DAEMON_LOG, type DaemonInfo, readDaemonInfo } from './profiles.ts';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Guards against a recycled pid: on Linux the process must be the daemon of this state dir (its
 * command line holds `--state DIR`). Where /proc does not exist the pid from daemon.json is trusted.
 */
function isDaemonProcess(pid: number, stateDir: string): boolean {
  if (!isProcessAlive(pid)) return false;
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.some((a, i) => a === '--state' && argv[i + 1] === path.resolve(stateDir));
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync('/proc/self');
  }
}

/**
 * node's arguments to run the daemon: run from the compiled bundle (bin/lib/compiled.mjs), the
 * stand-in starts the daemon's compiled entry next to it, which needs no loader and starts in a
 * fraction of the time; run from source, daemon.ts through tsx's loader.
 */
function daemonCommand(): string[] {
  if (import.meta.url.endsWith('.mjs')) return [fileURLToPath(new URL('./daemon.mjs', import.meta.url))];
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', tsx, fileURLToPath(new URL('../daemon.ts', import.meta.url))];
}

function logTail(stateDir: string): string {
  try {
    return readFileSync(path.join(stateDir, DAEMON_LOG), 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts the daemon for the profile whose state is in `stateDir` and waits until it has
 * written daemon.json. Throws with the daemon's log tail if it dies or does not answer in time.
 */
export async function startDaemon(
  stateDir: string,
  profile: string,
  timeoutMs = 60_000,
): Promise<DaemonInfo> {
  await rm(path.join(stateDir, DAEMON_FILE), { force: true });
  const log = openSync(path.join(stateDir, DAEMON_LOG), 'a');
  let exited: number | null | undefined;
  try {
    const child = spawn(
      process.execPath,
      [...daemonCommand(), '--profile', profile, '--state', path.resolve(stateDir)],
      { detached: true, stdio: ['ignore', log, log], cwd: stateDir, env: process.env },
    );
    child.on('exit', (code) => {
      exited = code;
    });
    child.unref();
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const info = await readDaemonInfo(stateDir);
      if (info && info.pid === child.pid) return info;
      if (exited !== undefined)
        throw new Error(`the cluster daemon exited with code ${exited}:\n${logTail(stateDir)}`);
      await sleep(10); // a file read: polling it often costs nothing and saves start time
    }
    if (child.pid) process.kill(child.pid, 'SIGTERM');
    throw new Error(`the cluster daemon did not come up within ${timeoutMs} ms:\n${logTail(stateDir)}`);
  } finally {
    closeSync(log);
  }
}

export interface RunningDaemon {
  info: DaemonInfo;
  status: SimStatus;
}

/** The profile's daemon if it is alive and answering, else undefined (= the cluster is stopped). */
export async function findRunningDaemon(stateDir: string): Promise<RunningDaemon | undefined> {
  const info = await readDaemonInfo(stateDir);
  if (!info || !isDaemonProcess(info.pid, stateDir)) return undefined;
  try {
    const status = await controlGet<SimStatus>(info.url, 'status');
    return { info, status };
  } catch {
    return undefined;
  }
}

/** SIGTERM, wait for the process to go (SIGKILL after `graceMs`), then forget daemon.json. */
export async function stopDaemon(stateDir: string, graceMs = 5000): Promise<boolean> {
  const info = await readDaemonInfo(stateDir);
  let stopped = false;
  if (info && isDaemonProcess(info.pid, stateDir)) {
    process.kill(info.pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    // A zombie (not yet reaped by its new parent) has an empty cmdline: it counts as gone.
    while (isDaemonProcess(info.pid, stateDir) && Date.now() < deadline) await sleep(25);
    if (isDaemonProcess(info.pid, stateDir)) process.kill(info.pid, 'SIGKILL');
    stopped = true;
  }
  if (existsSync(stateDir)) await rm(path.join(stateDir, DAEMON_FILE), { force: true });
  return stopped;
}
