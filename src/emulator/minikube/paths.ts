/**
 * Where minikube keeps its state and where it writes the kubeconfig
 * (pkg/minikube/localpath MiniPath, pkg/minikube/kubeconfig PathFromEnv at v1.34.0).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

/** `$MINIKUBE_HOME` (or its legacy `.minikube` subdir when present), else `~/.minikube`. */
export function minikubeHome(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.MINIKUBE_HOME;
  if (!fromEnv) return path.join(home(env), '.minikube');
  if (path.basename(fromEnv) === '.minikube') return fromEnv;
  const legacy = path.join(fromEnv, '.minikube');
  return existsSync(legacy) ? legacy : path.resolve(fromEnv);
}

export function profilesDir(env: NodeJS.ProcessEnv): string {
  return path.join(minikubeHome(env), 'profiles');
}

export function profileDir(env: NodeJS.ProcessEnv, profile: string): string {
  return path.join(profilesDir(env), profile);
}

/** The first non-empty entry of `$KUBECONFIG`, else `~/.kube/config`. */
export function kubeconfigPath(env: NodeJS.ProcessEnv): string {
  const entries = (env.KUBECONFIG ?? '').split(path.delimiter).filter((p) => p !== '');
  return entries[0] ?? path.join(home(env), '.kube', 'config');
}

/**
 * config.ProfileNameValid: DNS-label-like, at least 2 characters. Also what keeps a profile
 * name from escaping the profiles directory.
 */
export function isValidProfileName(name: string): boolean {
  const label = '([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])';
  return new RegExp(`^(${label}\\.)*${label}$`).test(name) && name.length > 1;
}
