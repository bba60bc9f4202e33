/**
 * The stand-in's per-profile state under MINIKUBE_HOME: `profiles/<name>/config.json`
 * (minikube's ClusterConfig subset), `sim-options.json` (the emulator options chosen at the
 * first start), and `daemon.json` ({pid, url, port}) written by the profile's daemon.
 */
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SimOptions } from '../config.ts';
import type { ClusterConfig } from './cluster-config.ts';
import { isValidProfileName, profileDir, profilesDir } from './paths.ts';

export interface DaemonInfo {
  pid: number;
  url: string;
  port: number;
}

export const CONFIG_FILE = 'config.json';
export const OPTIONS_FILE = 'sim-options.json';
export const DAEMON_FILE = 'daemon.json';
export const DAEMON_LOG = 'daemon.log';

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** Writes through a temporary file so readers never see half a document. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, '\t')}\n`);
  await rename(tmp, file);
}

/** Names of every directory under profiles/, sorted (valid and invalid profiles alike). */
export async function listProfileNames(env: NodeJS.ProcessEnv): Promise<string[]> {
  try {
    const entries = await readdir(profilesDir(env), { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && isValidProfileName(e.name))
      .map((e) => e.name)
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

export async function loadClusterConfig(
  env: NodeJS.ProcessEnv,
  profile: string,
): Promise<ClusterConfig | undefined> {
  if (!isValidProfileName(profile)) return undefined;
  return readJson<ClusterConfig>(path.join(profileDir(env, profile), CONFIG_FILE));
}

export async function saveClusterConfig(env: NodeJS.ProcessEnv, config: ClusterConfig): Promise<void> {
  await writeJsonAtomic(path.join(profileDir(env, config.Name), CONFIG_FILE), config);
}

export async function loadSimOptions(
  env: NodeJS.ProcessEnv,
  profile: string,
): Promise<SimOptions | undefined> {
  if (!isValidProfileName(profile)) return undefined;
  return readJson<SimOptions>(path.join(profileDir(env, profile), OPTIONS_FILE));
}

export async function saveSimOptions(env: NodeJS.ProcessEnv, options: SimOptions): Promise<void> {
  await writeJsonAtomic(path.join(profileDir(env, options.profile), OPTIONS_FILE), options);
}

export async function readDaemonInfo(stateDir: string): Promise<DaemonInfo | undefined> {
  return readJson<DaemonInfo>(path.join(stateDir, DAEMON_FILE));
}

export async function removeProfileDir(env: NodeJS.ProcessEnv, profile: string): Promise<void> {
  if (!isValidProfileName(profile)) return;
  await rm(profileDir(env, profile), { recursive: true, force: true });
}
