/**
 * Options of one emulated cluster (one minikube profile). Shared by every part of the emulator.
 */

import {
  BUNDLED_CALICO_VERSION,
  DEFAULT_KUBERNETES_VERSION,
  MINIKUBE_VERSION,
} from '../minikube/versions.ts';
import type { CalicoManifestEntry } from './calico/manifests.ts';

/** Faults reproduce real failures; chosen per profile from LAB_SIM_FAULTS at `minikube start`. */
export interface SimFaults {
  /** CNI uses host-local IPAM with the node podCIDR: Calico pools are ignored (the seed's symptom). */
  hostLocalIpam: boolean;
  /** calico-node pods never become Ready. */
  calicoNotReady: boolean;
  /** CoreDNS answers nothing: lookups time out. */
  dnsBroken: boolean;
  /** ICMP between pods on different nodes (racks) is dropped. */
  icmpBlocked: boolean;
  /** The app's start-up build takes this many (unscaled) seconds instead of ~60. */
  slowStartSeconds?: number;
  /** The second node stays NotReady. */
  nodeNotReady: boolean;
  /** Every image pull fails (ErrImagePull / ImagePullBackOff). */
  imagePullError: boolean;
  /**
   * The first N `minikube start`s of a profile fail after creating it, as a real start whose node
   * does not come up: `Exiting due to GUEST_START`, exit code 80 (minikube
   * pkg/minikube/reason/exitcodes.go ExGuestError; the stand-in's REASONS.guestStart).
   */
  startFails?: number;
  /**
   * Every `minikube start` of a new profile fails as minikube does with this exit code
   * (pkg/minikube/reason/exitcodes.go): 23 not enough memory, 29 not enough CPUs, 55 Docker not
   * running, 80 guest start failed — with minikube's reason, advice and issue box
   * (src/emulator/minikube/start-faults.ts START_EXIT_FAULTS).
   */
  startExit?: number;
  /**
   * Every `minikube start` stalls this many seconds of wall time (unscaled) after "Pulling base
   * image", as a first start fetching the kic base image and preload over a slow link: longer than
   * the grader's budget, it must end the grade ungraded, with nothing left running
   * (minikube/slow-start.ts).
   */
  slowMinikubeStartSeconds?: number;
  /**
   * The first N pods to pull a (non-system) image on each node have every pull of it time out —
   * the kubelet's back-off re-pulls too, as behind a registry path that stays broken for them —
   * with containerd's `i/o timeout` (images.ts pullTimeoutMessage). Later pods pull it: deleting a
   * stuck pod (its ReplicaSet makes a new one) is what gets the image.
   */
  imagePullTimeout?: number;
}

export const NO_FAULTS: SimFaults = {
  hostLocalIpam: false,
  calicoNotReady: false,
  dnsBroken: false,
  icmpBlocked: false,
  nodeNotReady: false,
  imagePullError: false,
};

export interface SimOptions {
  profile: string;
  nodes: number;
  /** 'containerd' | 'docker' | 'cri-o' */
  containerRuntime: string;
  kubernetesVersion: string;
  /** Calico version of the bundled manifest, e.g. 'v3.28.1'. */
  calicoVersion: string;
  /** minikube version the stand-in pretends to be, e.g. 'v1.34.0'. */
  minikubeVersion: string;
  /**
   * Multiplies every emulated delay (pod start, app build, image pull). 1 = real-time-like,
   * 0.01 = a 60 s app build takes 0.6 s. 0 = everything as fast as possible.
   */
  timeFactor: number;
  faults: SimFaults;
  /** Seed for the emulator's randomness (load balancing, name suffixes); tests pin it. */
  seed?: number;
  /**
   * `none`: `--network-plugin=cni` without `--cni` — no CNI, nodes NotReady until Calico's manifest is
   * applied (src/emulator/calico/cni-watch.ts). Unset or `calico`: Calico installed at start.
   */
  cni?: 'calico' | 'none';
  /** The objects of a `--cni=FILE` manifest; unset: the upstream manifest of calicoVersion (calico/upstream/). */
  calicoManifest?: CalicoManifestEntry[];
}

/** Exit codes the `start-exit` fault plays (minikube's reasons: start-faults.ts). */
export const START_EXIT_CODES: readonly number[] = [23, 29, 55, 80];

/** Parses `ipam=host-local,icmp-blocked,slow-start=400` into SimFaults. Throws on unknown faults. */
export function parseFaults(spec: string | undefined): SimFaults {
  const faults: SimFaults = { ...NO_FAULTS };
  if (!spec) return faults;
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const [name, value] = item.split('=', 2) as [string, string | undefined];
    switch (name) {
      case 'ipam':
        if (value !== 'host-local')
          throw new Error(`LAB_SIM_FAULTS: ipam supports only host-local, got '${value}'`);
        faults.hostLocalIpam = true;
        break;
      case 'calico-not-ready':
        faults.calicoNotReady = true;
        break;
      case 'dns-broken':
        faults.dnsBroken = true;
        break;
      case 'icmp-blocked':
        faults.icmpBlocked = true;
        break;
      case 'slow-start': {
        const seconds = Number(value);
        if (!Number.isFinite(seconds) || seconds < 0)
          throw new Error(`LAB_SIM_FAULTS: slow-start needs seconds, e.g. slow-start=600, got '${value}'`);
        faults.slowStartSeconds = seconds;
        break;
      }
      case 'node-not-ready':
        faults.nodeNotReady = true;
        break;
      case 'image-pull-error':
        faults.imagePullError = true;
        break;
      case 'start-fails': {
        const n = Number(value ?? '1');
        if (!Number.isInteger(n) || n < 0)
          throw new Error(`LAB_SIM_FAULTS: start-fails needs a count, e.g. start-fails=1, got '${value}'`);
        faults.startFails = n;
        break;
      }
      case 'start-exit': {
        const code = Number(value);
        if (!START_EXIT_CODES.includes(code))
          throw new Error(
            `LAB_SIM_FAULTS: start-exit needs one of ${START_EXIT_CODES.join(', ')}, e.g. start-exit=23, got '${value}'`,
          );
        faults.startExit = code;
        break;
      }
      case 'slow-minikube-start': {
        const seconds = Number(value);
        if (!Number.isFinite(seconds) || seconds < 0)
          throw new Error(
            `LAB_SIM_FAULTS: slow-minikube-start needs seconds, e.g. slow-minikube-start=1200, got '${value}'`,
          );
        faults.slowMinikubeStartSeconds = seconds;
        break;
      }
      case 'image-pull-timeout': {
        const n = Number(value ?? '1');
        if (!Number.isInteger(n) || n < 0)
          throw new Error(
            `LAB_SIM_FAULTS: image-pull-timeout needs a count, e.g. image-pull-timeout=1, got '${value}'`,
          );
        faults.imagePullTimeout = n;
        break;
      }
      default:
        throw new Error(
          `LAB_SIM_FAULTS: unknown fault '${name}' (known: ipam=host-local, calico-not-ready, dns-broken, icmp-blocked, slow-start=SECONDS, node-not-ready, image-pull-error, image-pull-timeout=N, start-fails=N, start-exit=CODE, slow-minikube-start=SECONDS)`,
        );
    }
  }
  return faults;
}

export function formatFaults(faults: SimFaults): string {
  const parts: string[] = [];
  if (faults.hostLocalIpam) parts.push('ipam=host-local');
  if (faults.calicoNotReady) parts.push('calico-not-ready');
  if (faults.dnsBroken) parts.push('dns-broken');
  if (faults.icmpBlocked) parts.push('icmp-blocked');
  if (faults.slowStartSeconds !== undefined) parts.push(`slow-start=${faults.slowStartSeconds}`);
  if (faults.nodeNotReady) parts.push('node-not-ready');
  if (faults.imagePullError) parts.push('image-pull-error');
  if (faults.imagePullTimeout !== undefined) parts.push(`image-pull-timeout=${faults.imagePullTimeout}`);
  if (faults.startFails !== undefined) parts.push(`start-fails=${faults.startFails}`);
  if (faults.startExit !== undefined) parts.push(`start-exit=${faults.startExit}`);
  if (faults.slowMinikubeStartSeconds !== undefined)
    parts.push(`slow-minikube-start=${faults.slowMinikubeStartSeconds}`);
  return parts.join(',');
}

/**
 * A 2-node containerd cluster as minikube v1.34.0 makes it (Calico v3.28.1, Kubernetes v1.31.0),
 * with no delays and no faults: the base every test and tool varies from.
 */
export function defaultSimOptions(overrides: Partial<SimOptions> = {}): SimOptions {
  return {
    profile: 'minikube',
    nodes: 2,
    containerRuntime: 'containerd',
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    calicoVersion: BUNDLED_CALICO_VERSION,
    minikubeVersion: MINIKUBE_VERSION,
    timeFactor: 0,
    faults: { ...NO_FAULTS },
    seed: 1,
    ...overrides,
  };
}
