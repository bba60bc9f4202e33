import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isTransientStartFailure } from '../../cluster/errors.ts';
import { Kube } from '../../cluster/kube.ts';
import { Minikube } from '../../cluster/minikube.ts';
import { STEP, type StepAttempt } from '../../evidence/schema.ts';
import {
  SIM_CALICO_VERSION,
  SIM_FAULTS,
  SIM_OWNER_TEMP_PREFIX,
  SIM_TIME_FACTOR,
  simEnv,
  standInCommand,
} from '../../minikube/stand-in.ts';
import { LAB_NODE_CPUS, LAB_NODE_MEMORY_MB } from '../../minikube/start.ts';
import { firstLine } from '../../report/safe-text.ts';
import { DEFAULT_RETRIES } from '../config.ts';
import { withRetries } from '../retry.ts';
import type { LiveState } from '../state.ts';
import { calicoManifestUrl, isCalicoManifest } from './calico-manifest.ts';

/**
 * The `cluster` step: start a 2-node minikube with containerd and Calico (or the emulated one, which
 * is the same code with the stand-in first on PATH), or connect to an existing context.
 */
export async function provisionStep(s: LiveState): Promise<string> {
  const c = s.config;
  if (c.cluster === 'existing') {
    s.kubeconfigPath = c.kubeconfig ?? firstKubeconfig(process.env);
    s.kube = await Kube.connect({ kubeconfigPath: s.kubeconfigPath, context: c.context });
    s.ev.cluster = { kind: 'existing', context: s.kube.context, versions: {} };
    return `connected to context ${s.kube.context}`;
  }
  if (c.cluster === 'sim') {
    const home = c.sim.home ?? (await mkdtemp(join(tmpdir(), SIM_OWNER_TEMP_PREFIX)));
    if (!c.sim.home) s.tempDirs.push(home);
    const env = simEnv({ home });
    s.env = {
      ...s.env,
      ...env,
      [SIM_FAULTS]: c.sim.faults,
      [SIM_TIME_FACTOR]: String(c.sim.timeFactor),
      ...(c.calico !== 'builtin' ? { [SIM_CALICO_VERSION]: c.calico } : {}),
    };
  }
  s.kubeconfigPath = firstKubeconfig(s.env);
  // A profile that was there before (--profile NAME of someone's cluster) is not ours: without
  // --keep the grade would end by deleting it. Refused before s.minikube is set, so the teardown
  // deletes nothing.
  const preexisted = profileExists(s.env, c.profile);
  if (preexisted && !c.keep) throw new ProfileExistsError(c.profile);
  const minikube = await Minikube.locate({
    // On Windows the stand-in is its .cmd shim (a shebang script cannot be spawned there).
    bin: c.minikubeBin ?? (c.cluster === 'sim' ? standInCommand() : undefined),
    env: s.env,
    log: (_entry, line) => s.progress.info(line),
  });
  s.minikube = minikube;
  const want = s.rubric.expect;
  const cni = await cniFlag(c.calico, c.cluster, s);
  const retries = c.retries ?? DEFAULT_RETRIES;
  const attempts: StepAttempt[] = [];
  s.attempts = { ...s.attempts, [STEP.cluster]: attempts };
  const started = await withRetries(
    () =>
      minikube.start({
        profile: c.profile,
        nodes: want.nodes,
        containerRuntime: want.containerRuntime,
        cni,
        kubernetesVersion: c.kubernetesVersion,
        memoryMb: LAB_NODE_MEMORY_MB,
        cpus: LAB_NODE_CPUS,
        timeoutMs: s.timeouts.provision,
        // minikube's progress as it comes (a first start takes minutes).
        onLine: (line) => s.progress.info(`minikube: ${line.trim()}`),
      }),
    {
      retries,
      retryable: isTransientStartFailure,
      beforeRetry: async (e, n) => {
        s.progress.info(
          `minikube start failed (${firstLine((e as Error).message)}); attempt ${n} of ${retries + 1}${preexisted ? '' : ', after deleting the half-made profile'}`,
        );
        if (!preexisted)
          await minikube
            .delete(c.profile)
            .catch((d) => s.progress.info(`minikube delete failed: ${(d as Error).message}`));
      },
    },
    attempts,
  );
  // minikube keeps an existing profile's nodes and only warns (start_flags.go); the lab needs its own.
  if (preexisted && NODES_UNCHANGED.test(started.stderr)) {
    const nodes = profileNodeCount(s.env, c.profile);
    if (nodes !== undefined && nodes !== want.nodes)
      throw new Error(
        `minikube profile ${c.profile} has ${nodes} node${nodes === 1 ? '' : 's'} and the lab needs ${want.nodes}; minikube cannot change the number of nodes of an existing cluster. Grade on a new profile (leave out --profile), or add nodes with \`minikube node add -p ${c.profile}\``,
      );
  }
  s.kube = await Kube.connect({
    kubeconfigPath: s.kubeconfigPath,
    context: minikube.kubeconfigContext(c.profile),
  });
  s.ev.cluster = {
    kind: c.cluster,
    profile: c.profile,
    context: minikube.kubeconfigContext(c.profile),
    versions: {
      // start's first line says it (`😄  minikube v1.34.0 on Ubuntu 22.04`): no process for `version`.
      minikube:
        /^\S*\s*minikube (v\d+\.\d+\.\d+\S*) on /m.exec(started.stdout)?.[1] ??
        (await minikube
          .version()
          .then((v) => v.minikubeVersion)
          .catch(() => undefined)),
    },
  };
  return `minikube profile ${c.profile}: ${want.nodes} nodes, ${want.containerRuntime}, Calico ${c.calico}`;
}

/**
 * `--calico builtin` is minikube's bundled Calico (`--cni calico`). A version means the upstream
 * manifest of that version: on a real minikube it is downloaded and given as `--cni=<file>` (minikube
 * applies a manifest path); on the emulator the stand-in plays that version itself
 * (LAB_SIM_CALICO_VERSION).
 */
export async function cniFlag(calico: string, cluster: string, s: LiveState): Promise<string> {
  if (calico === 'builtin' || cluster === 'sim') return 'calico';
  const url = calicoManifestUrl(calico);
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (res.status === 404)
    throw new Error(
      `Calico ${calico} has no manifest at ${url} (HTTP 404 Not Found): check that ${calico} is a released version (https://github.com/projectcalico/calico/releases)`,
    );
  if (!res.ok) throw new Error(`cannot download Calico ${calico} (${url}): HTTP ${res.status}`);
  const body = await res.text();
  if (!isCalicoManifest(body))
    throw new Error(
      `the download of Calico ${calico} (${url}) is not a Calico manifest (no calico-node DaemonSet)`,
    );
  const dir = await mkdtemp(join(tmpdir(), 'lab-grader-calico-'));
  s.tempDirs.push(dir);
  const file = join(dir, `calico-${calico}.yaml`);
  await writeFile(file, body);
  return file;
}

/** minikube's warning on a second start with --nodes (cmd/minikube/cmd/start_flags.go). */
const NODES_UNCHANGED = /You cannot change the number of nodes for an existing minikube cluster/;

/** `--profile NAME` names a profile that exists, and the grade would delete it at the end. */
export class ProfileExistsError extends Error {
  constructor(readonly profile: string) {
    super(
      `minikube profile ${profile} exists already: the grader does not grade on a cluster it did not create and then delete it. Leave out --profile (a new profile is made and deleted), add --keep (the profile is used and kept), or grade the running cluster with --cluster existing --context ${profile}`,
    );
    this.name = 'ProfileExistsError';
  }
}

/**
 * Whether minikube has the profile already: its `profiles/NAME/config.json` under the minikube home
 * (pkg/minikube/localpath MiniPath: $MINIKUBE_HOME, or its `.minikube` subfolder, or ~/.minikube).
 * A file check, not `minikube profile list`: no process before the start.
 */
export function profileExists(env: NodeJS.ProcessEnv, profile: string): boolean {
  return profileConfigFile(env, profile) !== undefined;
}

function profileConfigFile(env: NodeJS.ProcessEnv, profile: string): string | undefined {
  const home = env.MINIKUBE_HOME;
  const roots = home ? [join(home, '.minikube'), home] : [join(env.HOME || homedir(), '.minikube')];
  return roots.map((r) => join(r, 'profiles', profile, 'config.json')).find((f) => existsSync(f));
}

/** The profile's node count: `Nodes` of its config.json (ClusterConfig, pkg/minikube/config/types.go). */
function profileNodeCount(env: NodeJS.ProcessEnv, profile: string): number | undefined {
  const file = profileConfigFile(env, profile);
  try {
    const nodes = file ? (JSON.parse(readFileSync(file, 'utf8')) as { Nodes?: unknown }).Nodes : undefined;
    return Array.isArray(nodes) ? nodes.length : undefined;
  } catch {
    return undefined;
  }
}

/** The file minikube writes to: KUBECONFIG's first entry (`;`-separated on Windows), or ~/.kube/config. */
export function firstKubeconfig(env: NodeJS.ProcessEnv, sep: string = delimiter): string {
  const list = env.KUBECONFIG?.split(sep).filter(Boolean);
  return list?.[0] ?? join(homedir(), '.kube', 'config');
}
