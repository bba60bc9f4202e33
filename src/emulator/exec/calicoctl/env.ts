/** What calicoctl sees: the datastore (KDD through the store), its own version, stdin and files. */
import type { ClusterStore } from '../../store/types.ts';

export interface CalicoctlEnv {
  store: ClusterStore;
  /** calicoctl's own version (the calico/ctl image tag), e.g. `v3.28.1`. */
  clientVersion: string;
  /** Fallback when no ClusterInformation object exists (calico-node writes it on a real cluster). */
  clusterVersion?: string;
  stdin: string;
  readFile(path: string): string | undefined;
  now(): number;
  /** Emulated wait (calicoctl delete pauses 500 ms before releasing affinities). */
  sleep(realSeconds: number): Promise<void>;
}

export interface CalicoctlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export const CLUSTER_INFORMATIONS = 'crd.projectcalico.org/clusterinformations';

export function clusterInfo(env: CalicoctlEnv): { version?: string; type: string } {
  let info: ReturnType<ClusterStore['get']>;
  try {
    info = env.store.get(CLUSTER_INFORMATIONS, undefined, 'default');
  } catch {
    info = undefined;
  }
  return {
    version: info?.spec?.calicoVersion || env.clusterVersion,
    type: info?.spec?.clusterType || 'k8s,bgp,kubeadm,kdd',
  };
}

/** common.CheckVersionMismatch. */
export function versionMismatch(env: CalicoctlEnv, allow: boolean): string | undefined {
  if (allow) return undefined;
  const cluster = clusterInfo(env).version;
  if (!cluster) return undefined;
  const strip = (v: string) => v.replace(/^v/, '').split('-')[0];
  if (strip(cluster) === strip(env.clientVersion)) return undefined;
  return `Version mismatch.\nClient Version:   ${env.clientVersion}\nCluster Version:  ${strip(cluster)}\nUse --allow-version-mismatch to override.\n`;
}

export function failure(message: string): CalicoctlResult {
  return { stdout: '', stderr: `${message}\n`, exitCode: 1 };
}

export function invalidOption(args: string[]): CalicoctlResult {
  return failure(
    `Invalid option: 'calicoctl ${args.join(' ')}'. Use flag '--help' to read about a specific subcommand.`,
  );
}
