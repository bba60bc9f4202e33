/**
 * The emulated minikube in place of a real one, as both sides see it: the stand-in `minikube` (bin/)
 * first on PATH with a private MINIKUBE_HOME and KUBECONFIG (so the user's real ~/.minikube and
 * ~/.kube/config are never touched), and the LAB_SIM_* variables a grade sets and the stand-in (and
 * the profile's daemon) reads. On a real minikube none of them matters. `formatSimEnv` prints the
 * environment the way `minikube docker-env` prints its variables, for `eval $(lab-grader sim env)`.
 * The grader needs nothing else of the emulator at run time: the cluster runs behind the stand-in.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Comma-separated faults of the emulated cluster, read at `minikube start` (README "The emulated cluster"). */
export const SIM_FAULTS = 'LAB_SIM_FAULTS';
/** Scale of every emulated delay; DEFAULT_TIME_FACTOR when unset. */
export const SIM_TIME_FACTOR = 'LAB_SIM_TIME_FACTOR';
/** The Calico the emulated cluster runs (`grade --calico vX.Y.Z`); minikube's bundled one when unset. */
export const SIM_CALICO_VERSION = 'LAB_SIM_CALICO_VERSION';
/**
 * The minikube release the stand-in plays (`v1.37.0`; one of MINIKUBE_RELEASES): its Kubernetes
 * range, default and bundled Calico. MINIKUBE_VERSION when unset.
 */
export const SIM_MINIKUBE_VERSION = 'LAB_SIM_MINIKUBE_VERSION';
/** Seed of the emulated cluster's names and addresses. */
export const SIM_SEED = 'LAB_SIM_SEED';
/**
 * The pid of the process that owns the cluster (a grade): the profile's daemon deletes the profile
 * and exits once that process is gone, even killed by SIGKILL.
 */
export const SIM_OWNER_PID = 'LAB_SIM_OWNER_PID';
/** The owner's temp sim home, removed with the profile (only when named SIM_OWNER_TEMP_PREFIX…). */
export const SIM_OWNER_TEMP = 'LAB_SIM_OWNER_TEMP';
/** Prefix of a grade's own temp sim homes: only such a directory is ever removed for an owner. */
export const SIM_OWNER_TEMP_PREFIX = 'lab-grader-sim-';

/** 0.01: a 60 s app build takes 0.6 s. */
export const DEFAULT_TIME_FACTOR = 0.01;

export interface SimEnv {
  PATH: string;
  MINIKUBE_HOME: string;
  KUBECONFIG: string;
}

export type SimEnvShell = 'sh' | 'bash' | 'zsh' | 'fish' | 'powershell';

/**
 * The repository's bin/ (holds the stand-in `minikube`): the first `bin/minikube` above this module,
 * which is src/minikube/ in the sources and node_modules/.cache/… or dist/ in the compiled bundle.
 */
export const SIM_BIN_DIR = findBinDir(path.dirname(fileURLToPath(import.meta.url)));

function findBinDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'bin', 'minikube'))) return path.join(dir, 'bin');
    if (path.dirname(dir) === dir) throw new Error(`no bin/minikube above ${from}`);
  }
}

/**
 * The stand-in to spawn: `bin/minikube` (a `#!/usr/bin/env node` script), or on Windows, which runs
 * no shebang script, its `bin/minikube.cmd` shim (execa spawns a .cmd through cmd.exe). On PATH
 * (simEnv) Windows finds the shim by itself, through PATHEXT.
 */
export function standInCommand(platform: NodeJS.Platform = process.platform): string {
  return path.join(SIM_BIN_DIR, platform === 'win32' ? 'minikube.cmd' : 'minikube');
}

function userTag(): string {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the uid still keeps users apart.
    return String(process.getuid?.() ?? 'user');
  }
}

/** Default per-user home of the emulated clusters: `$TMPDIR/kube-lab-grader-sim-<user>`. */
export function defaultSimHome(): string {
  return path.join(os.tmpdir(), `kube-lab-grader-sim-${userTag()}`);
}

export interface SimEnvOptions {
  /** Directory for MINIKUBE_HOME and the kubeconfig; default `defaultSimHome()`. */
  home?: string;
  /** PATH to extend; default process.env.PATH. */
  basePath?: string;
}

export function simEnv(opts: SimEnvOptions = {}): SimEnv {
  const home = path.resolve(opts.home ?? defaultSimHome());
  const rest = (opts.basePath ?? process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((p) => p !== '' && path.resolve(p) !== SIM_BIN_DIR);
  return {
    PATH: [SIM_BIN_DIR, ...rest].join(path.delimiter),
    MINIKUBE_HOME: path.join(home, 'minikube'),
    KUBECONFIG: path.join(home, 'kubeconfig'),
  };
}

function quoteSh(value: string): string {
  return `"${value.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

function quoteFish(value: string): string {
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

function quotePowershell(value: string): string {
  return `"${value.replace(/[`"$]/g, (c) => `\`${c}`)}"`;
}

/** `export NAME="value"` lines (or the shell's equivalent) plus the usual eval hint. */
export function formatSimEnv(env: SimEnv, shell: SimEnvShell = 'sh'): string {
  const entries = Object.entries(env) as [keyof SimEnv, string][];
  let lines: string[];
  let hint: string;
  switch (shell) {
    case 'fish':
      lines = entries.map(([k, v]) => `set -gx ${k} ${quoteFish(v)};`);
      hint = '# lab-grader sim env --shell fish | source';
      break;
    case 'powershell':
      lines = entries.map(([k, v]) => `$Env:${k} = ${quotePowershell(v)}`);
      hint = '# & lab-grader sim env --shell powershell | Invoke-Expression';
      break;
    default:
      lines = entries.map(([k, v]) => `export ${k}=${quoteSh(v)}`);
      hint = '# eval $(lab-grader sim env)';
  }
  return `${lines.join('\n')}\n\n# To point your shell to the emulated minikube, run:\n${hint}\n`;
}
