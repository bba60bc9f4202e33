/**
 * The long-lived process behind one minikube profile:
 *   node --import tsx src/emulator/daemon.ts --profile P --state DIR [--port N]
 * Reads DIR/sim-options.json, starts the emulated cluster, writes DIR/daemon.json
 * ({pid, url, port}) once listening, stops cleanly on SIGTERM/SIGINT, and exits by itself when
 * DIR disappears (the profile was deleted behind its back) or, deleting the profile, when the process
 * in LAB_SIM_OWNER_PID is gone (minikube/owner.ts). The cluster is imported lazily so
 * argument errors are reported fast.
 */
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SimOptions } from './config.ts';
import { releaseOwnedState, watchOwner } from './minikube/owner.ts';

export interface DaemonArgs {
  profile: string;
  stateDir: string;
  port?: number;
}

export function parseDaemonArgs(argv: readonly string[]): DaemonArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(profile|state|port)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`daemon: unexpected argument '${argv[i]}'`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`daemon: --${m[1]} needs a value`);
    values.set(m[1], value);
  }
  const profile = values.get('profile');
  const stateDir = values.get('state');
  if (!profile || !stateDir) throw new Error('daemon: usage: daemon.ts --profile P --state DIR [--port N]');
  const port = values.has('port') ? Number(values.get('port')) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    throw new Error(`daemon: invalid --port '${values.get('port')}'`);
  }
  return { profile, stateDir: path.resolve(stateDir), port };
}

export interface RunningDaemonHandle {
  url: string;
  port: number;
  /** Resolves when the daemon has shut down (signal, state dir gone, or `shutdown()`). */
  done: Promise<void>;
  shutdown(reason: string): Promise<void>;
}

/** Starts the cluster for `args` and keeps it until a shutdown trigger. */
export async function runDaemon(
  args: DaemonArgs,
  log: (line: string) => void = () => {},
): Promise<RunningDaemonHandle> {
  const options = JSON.parse(
    await readFile(path.join(args.stateDir, 'sim-options.json'), 'utf8'),
  ) as SimOptions;
  if (options.profile !== args.profile) {
    throw new Error(`daemon: state dir belongs to profile '${options.profile}', not '${args.profile}'`);
  }
  const { startSimCluster } = await import('./cluster.ts');
  const cluster = await startSimCluster({ ...options, port: args.port });
  const info = { pid: process.pid, url: cluster.url, port: cluster.port };
  const infoFile = path.join(args.stateDir, 'daemon.json');
  await writeFile(`${infoFile}.tmp`, `${JSON.stringify(info)}\n`);
  await rename(`${infoFile}.tmp`, infoFile);
  log(`profile ${args.profile}: API server listening on ${cluster.url}`);

  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let shuttingDown: Promise<void> | undefined;
  const watcher = setInterval(() => {
    if (!existsSync(args.stateDir)) void shutdown('state directory removed');
  }, 500);

  function shutdown(reason: string): Promise<void> {
    shuttingDown ??= (async () => {
      log(`profile ${args.profile}: shutting down (${reason})`);
      clearInterval(watcher);
      await cluster.stop();
      if (existsSync(args.stateDir)) await rm(infoFile, { force: true });
      finish();
    })();
    return shuttingDown;
  }

  return { url: cluster.url, port: cluster.port, done, shutdown };
}

async function main(): Promise<void> {
  const args = parseDaemonArgs(process.argv.slice(2));
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const daemon = await runDaemon(args, log);
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => void daemon.shutdown(signal));
  const owner = watchOwner(process.env, () => void daemon.shutdown('its owner process is gone'));
  await daemon.done;
  owner.stop();
  if (owner.gone) await releaseOwnedState(args.profile, args.stateDir, process.env);
  process.exit(0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
