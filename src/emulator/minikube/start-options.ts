/**
 * `minikube start` flags and their validation (cmd/minikube/cmd/start.go, start_flags.go at
 * v1.34.0), turned into the emulator's SimOptions. Pure: the caller prints and exits.
 */

import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { DEFAULT_TIME_FACTOR, SIM_MINIKUBE_VERSION } from '../../minikube/stand-in.ts';
import { MIN_USABLE_MEMORY_MB, MINIMUM_CPUS, NAMED_CNIS } from '../../minikube/start.ts';
import {
  compareVersions,
  MINIKUBE_RELEASES,
  MINIKUBE_VERSION,
  type MinikubeRelease,
  minikubeRelease,
  parseVersion,
} from '../../minikube/versions.ts';
import {
  type CalicoManifestEntry,
  isCalicoManifest,
  manifestCalicoVersion,
  manifestEntries,
} from '../calico/manifests.ts';
import { parseFaults, type SimOptions } from '../config.ts';
import { type FlagSpec, type ParsedArgs, parseGoDuration } from './args.ts';
import { REASONS, type Reason } from './output.ts';

const str = (name: string, short?: string, def = ''): FlagSpec => ({
  name,
  short,
  type: 'string',
  default: def,
});
const bool = (name: string, def = false): FlagSpec => ({ name, type: 'bool', default: def });

/** Accepted `start` flags; most are stored or ignored, as the emulated cluster has no VM. */
export const START_FLAGS: FlagSpec[] = [
  { name: 'nodes', short: 'n', type: 'int', default: 1 },
  str('cni'),
  str('network-plugin'),
  str('container-runtime', 'c'),
  str('kubernetes-version'),
  str('driver', 'd'),
  str('vm-driver'),
  { name: 'wait', type: 'strings', default: ['apiserver', 'system_pods'] },
  { name: 'wait-timeout', type: 'duration', default: '6m0s' },
  str('memory'),
  str('cpus', undefined, '2'),
  str('disk-size', undefined, '20000mb'),
  { name: 'addons', type: 'strings', default: [] },
  { name: 'extra-config', type: 'strings', default: [] },
  { name: 'feature-gates', type: 'string' },
  { name: 'apiserver-port', type: 'int', default: 8443 },
  str('apiserver-name', undefined, 'minikubeCA'),
  { name: 'apiserver-names', type: 'strings', default: [] },
  { name: 'apiserver-ips', type: 'strings', default: [] },
  str('service-cluster-ip-range', undefined, '10.96.0.0/12'),
  str('dns-domain', undefined, 'cluster.local'),
  str('image-repository'),
  str('image-mirror-country'),
  str('base-image'),
  str('iso-url'),
  { name: 'insecure-registry', type: 'strings', default: [] },
  { name: 'registry-mirror', type: 'strings', default: [] },
  { name: 'docker-env', type: 'strings', default: [] },
  { name: 'docker-opt', type: 'strings', default: [] },
  { name: 'ports', type: 'strings', default: [] },
  str('listen-address'),
  str('network'),
  str('subnet'),
  str('static-ip'),
  str('cri-socket'),
  str('mount-string'),
  str('gpus'),
  str('output', 'o', 'text'),
  bool('force'),
  bool('dry-run'),
  bool('keep-context'),
  bool('embed-certs'),
  bool('delete-on-failure'),
  bool('download-only'),
  bool('cache-images', true),
  bool('install-addons', true),
  bool('interactive', true),
  bool('native-ssh', true),
  bool('no-kubernetes'),
  bool('preload', true),
  bool('mount'),
  bool('ha'),
  bool('force-systemd'),
  bool('auto-update-drivers', true),
  bool('enable-default-cni'),
];

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A start refused before anything was created: printed with exit.Message. */
export class StartRefused extends Error {
  constructor(
    readonly reason: Reason,
    message: string,
    /** Warning lines minikube prints before the fatal one. */
    readonly warnings: string[] = [],
  ) {
    super(message);
    this.name = 'StartRefused';
  }
}

export interface StartRequest {
  options: SimOptions;
  /** Driver as stored and printed; `docker` unless --driver/--vm-driver. */
  driver: string;
  driverFromUser: boolean;
  cni: string;
  memoryMb: number;
  cpus: number;
  verifyComponents: Record<string, boolean>;
  waitTimeoutMs: number;
  keepContext: boolean;
  /** Lines minikube prints as warnings (stderr) during start. */
  warnings: string[];
  /** Workaround notes (stdout), e.g. the unspecified patch version. */
  notes: string[];
}

const PLAYED = minikubeRelease(MINIKUBE_VERSION) as MinikubeRelease;

/**
 * validateKubernetesVersion: `stable`/`latest`/empty -> the default; `1.24` -> its `.0` patch
 * (real minikube looks up the newest patch); older than the release's oldest (v1.20.0 for v1.34,
 * v1.28.0 from v1.37: docs/reference-facts.md, minikube §7) is refused without --force, exit 106.
 */
export function resolveKubernetesVersion(
  raw: string,
  force: boolean,
  release: MinikubeRelease = PLAYED,
): { version: string; warnings: string[]; notes: string[] } {
  const OLDEST_KUBERNETES_VERSION = release.oldestKubernetes;
  const NEWEST_KUBERNETES_VERSION = release.newestKubernetes;
  const param = raw.toLowerCase().replace(/^v/, '');
  if (param === '' || param === 'stable' || param === 'latest') {
    return { version: release.defaultKubernetes, warnings: [], notes: [] };
  }
  const notes: string[] = [];
  let full = param;
  if (/^\d+\.\d+$/.test(param)) {
    full = `${param}.0`;
    notes.push(`Using Kubernetes ${full} since patch version was unspecified`);
  }
  if (!parseVersion(full))
    throw new StartRefused(REASONS.usage, `Unable to parse "${param}": No Major.Minor.Patch elements found`);
  const warnings: string[] = [];
  if (compareVersions(full, OLDEST_KUBERNETES_VERSION) < 0) {
    const tooOld = [
      `Specified Kubernetes version ${full} is less than the oldest supported version: ${OLDEST_KUBERNETES_VERSION}. Use \`minikube config defaults kubernetes-version\` for details.`,
    ];
    if (!force) {
      tooOld.push('You can force an unsupported Kubernetes version via the --force flag');
      throw new StartRefused(
        REASONS.k8sOld,
        `Kubernetes ${full} is not supported by this release of minikube`,
        tooOld,
      );
    }
    warnings.push(...tooOld);
  } else if (compareVersions(full, NEWEST_KUBERNETES_VERSION) > 0) {
    warnings.push(
      `Specified Kubernetes version ${full} is newer than the newest supported version: ${NEWEST_KUBERNETES_VERSION}. Use \`minikube config defaults kubernetes-version\` for details.`,
    );
  }
  return { version: `v${full}`, warnings, notes };
}

/** validateRuntime: '' = auto = docker; `crio` is accepted as a spelling of `cri-o`. */
export function resolveRuntime(raw: string): string {
  if (raw === '' || raw === 'docker') return 'docker';
  if (raw === 'cri-o' || raw === 'crio') return 'cri-o';
  if (raw === 'containerd') return 'containerd';
  throw new StartRefused(
    REASONS.usage,
    `Invalid Container Runtime: ${raw}. Valid runtimes are: [docker cri-o containerd]`,
  );
}

/** util.CalculateSizeInMB for the forms people type: 2200, 2200mb, 4g, 4gb, 4096m. */
export function memoryToMb(raw: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(raw.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const factor: Record<string, number> = { '': 1, k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };
  return Math.round(n * factor[m[2].toLowerCase()]);
}

const ALL_COMPONENTS = ['apiserver', 'system_pods', 'default_sa', 'apps_running', 'node_ready', 'kubelet'];

/** interpretWaitFlag: `all`/`true` -> everything, `none`/`false` -> nothing, else the list. */
export function waitComponents(values: string[]): Record<string, boolean> {
  const wanted = new Set(values);
  const all = wanted.has('all') || wanted.has('true');
  const none = wanted.has('none') || wanted.has('false');
  return Object.fromEntries(ALL_COMPONENTS.map((c) => [c, !none && (all || wanted.has(c))]));
}

/** The release the stand-in plays for this environment; an unknown one is reported by buildStartRequest. */
export function playedRelease(env: NodeJS.ProcessEnv): MinikubeRelease {
  const text = env[SIM_MINIKUBE_VERSION];
  return (text && minikubeRelease(text)) || PLAYED;
}

export interface SimEnvSettings {
  /** The minikube release played (LAB_SIM_MINIKUBE_VERSION). */
  release: MinikubeRelease;
  timeFactor: number;
  faultsSpec: string | undefined;
  calicoVersion: string;
  seed?: number;
}

/** LAB_SIM_* environment variables; throws Error with a user-facing message on bad values. */
export function simSettingsFromEnv(env: NodeJS.ProcessEnv): SimEnvSettings {
  const tf = env.LAB_SIM_TIME_FACTOR;
  const timeFactor = tf === undefined || tf === '' ? DEFAULT_TIME_FACTOR : Number(tf);
  if (!Number.isFinite(timeFactor) || timeFactor < 0) {
    throw new Error(`LAB_SIM_TIME_FACTOR must be a number >= 0, got '${tf}'`);
  }
  const releaseText = env[SIM_MINIKUBE_VERSION];
  const release = releaseText ? minikubeRelease(releaseText) : PLAYED;
  if (!release) {
    throw new Error(
      `${SIM_MINIKUBE_VERSION} must be one of ${MINIKUBE_RELEASES.map((r) => r.version).join(', ')}, got '${releaseText}'`,
    );
  }
  const calicoVersion = env.LAB_SIM_CALICO_VERSION || release.bundledCalico;
  if (!/^v\d+\.\d+\.\d+$/.test(calicoVersion)) {
    throw new Error(`LAB_SIM_CALICO_VERSION must look like v3.28.1, got '${calicoVersion}'`);
  }
  const seedText = env.LAB_SIM_SEED;
  const seed = seedText ? Number(seedText) : undefined;
  if (seed !== undefined && !Number.isInteger(seed))
    throw new Error(`LAB_SIM_SEED must be an integer, got '${seedText}'`);
  return {
    release,
    timeFactor,
    faultsSpec: env.LAB_SIM_FAULTS,
    calicoVersion,
    ...(seed !== undefined ? { seed } : {}),
  };
}

/**
 * Validates the parsed `start` flags in minikube's order and builds the emulator options.
 * Throws StartRefused (minikube's own refusals) or Error (emulator limits, bad LAB_SIM_*).
 */
export function buildStartRequest(
  args: ParsedArgs,
  profile: string,
  env: NodeJS.ProcessEnv,
  readManifest: (path: string) => string | undefined = readIfExists,
): StartRequest {
  const f = args.flags;
  const warnings: string[] = [];
  const runtime = resolveRuntime(String(f['container-runtime']));
  const cni = String(f.cni).toLowerCase() || (f['enable-default-cni'] ? 'bridge' : '');
  // validateCNI: a non-docker runtime cannot run without a CNI.
  if (runtime !== 'docker' && args.changed.has('cni') && cni === 'false' && !f.force) {
    throw new StartRefused(
      REASONS.usage,
      `The "${runtime === 'cri-o' ? 'crio' : runtime}" container runtime requires CNI`,
    );
  }
  const sim = simSettingsFromEnv(env);
  const k8s = resolveKubernetesVersion(String(f['kubernetes-version']), Boolean(f.force), sim.release);
  warnings.push(...k8s.warnings);
  const networkPlugin = String(f['network-plugin']);
  if (networkPlugin === 'cni') {
    warnings.push(
      'With --network-plugin=cni, you will need to provide your own CNI. See --cni flag as a user-friendly alternative',
    );
  }
  // cni.New (pkg/minikube/cni/cni.go, v1.34.0): another --network-plugin disables the CNI; `calico` is the
  // bundled manifest; a value that is no built-in name is a manifest path (NewCustom: os.Stat first).
  const pluginOff = networkPlugin !== '' && networkPlugin !== 'cni';
  let cniMode: SimOptions['cni'] = 'calico';
  let calicoManifest: CalicoManifestEntry[] | undefined;
  let calicoVersion = sim.calicoVersion;
  if (!pluginOff && networkPlugin === 'cni' && cni === '') {
    // The seed report's start: no CNI until the student applies calico.yaml. (Real minikube v1.34
    // picks kindnet for a multi-node cluster here: chooseDefault; the stand-in plays no kindnet.)
    cniMode = 'none';
  } else if (!pluginOff && cni !== '' && !NAMED_CNIS.has(cni)) {
    const text = readManifest(String(f.cni));
    if (text === undefined)
      throw new StartRefused(
        REASONS.usage,
        `Failed to create CNI manager: stat: stat ${String(f.cni)}: no such file or directory`,
      );
    const objects = manifestEntries(YAML.parseAllDocuments(text).map((d) => d.toJS() as unknown));
    if (!isCalicoManifest(objects))
      throw new StartRefused(
        REASONS.simUnsupported,
        `the minikube stand-in plays Calico only: ${String(f.cni)} declares no calico-node DaemonSet`,
      );
    calicoManifest = objects;
    calicoVersion = manifestCalicoVersion(objects) ?? calicoVersion;
  } else if (cni !== 'calico' || pluginOff) {
    const chosen = pluginOff ? `--network-plugin=${networkPlugin}` : `--cni=${cni || 'auto'}`;
    throw new StartRefused(
      REASONS.simUnsupported,
      `the minikube stand-in supports only --cni=calico, --cni=<Calico manifest> or --network-plugin=cni (got ${chosen}): a cluster without Calico is out of scope`,
    );
  }
  const waitTimeoutMs = parseGoDuration(String(f['wait-timeout']));
  const memoryText = String(f.memory);
  const memoryMb = memoryText === '' ? 2200 : memoryToMb(memoryText);
  if (memoryMb === undefined) {
    throw new StartRefused(REASONS.usage, `Unable to parse memory '${memoryText}': invalid size`);
  }
  const cpus = Number.parseInt(String(f.cpus), 10) || 2;
  // validateRequestedMemorySize / validateCPUCount (cmd/minikube/cmd/start.go; minUsableMem 1800,
  // minimumCPUS 2 in start_flags.go): below them, exit 23 / 29 unless --force.
  if (memoryMb < MIN_USABLE_MEMORY_MB && !f.force)
    throw new StartRefused(
      REASONS.insufficientReqMemory,
      `Requested memory allocation ${memoryMb}MiB is less than the usable minimum of ${MIN_USABLE_MEMORY_MB}MB`,
    );
  if (cpus < MINIMUM_CPUS && !f.force)
    throw new StartRefused(
      REASONS.insufficientCores,
      `Requested cpu count ${cpus} is less than the minimum allowed of ${MINIMUM_CPUS}`,
    );
  const driver = String(f.driver || f['vm-driver']) || 'docker';
  const faults = parseFaults(sim.faultsSpec);
  // minikube creates one node for --nodes < 1 (the loop over extra nodes simply does not run).
  const nodes = Math.max(1, Number(f.nodes));
  const options: SimOptions = {
    profile,
    nodes,
    containerRuntime: runtime,
    kubernetesVersion: k8s.version,
    calicoVersion,
    minikubeVersion: sim.release.version,
    ...(cniMode === 'none' ? { cni: cniMode } : {}),
    ...(calicoManifest ? { calicoManifest } : {}),
    timeFactor: sim.timeFactor,
    faults,
    ...(sim.seed !== undefined ? { seed: sim.seed } : {}),
  };
  return {
    options,
    driver,
    driverFromUser: args.changed.has('driver') || args.changed.has('vm-driver'),
    cni,
    memoryMb,
    cpus,
    verifyComponents: waitComponents(f.wait as string[]),
    waitTimeoutMs,
    keepContext: Boolean(f['keep-context']),
    warnings,
    notes: k8s.notes,
  };
}
