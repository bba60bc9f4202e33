import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
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
} from '../../minikube/stand-in.ts';
import { DEFAULT_RETRIES } from '../config.ts';
import { withRetries } from '../retry.ts';
import type { LiveState } from '../state.ts';

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
  const minikube = await Minikube.locate({
    bin: c.minikubeBin,
    env: s.env,
    log: (_entry, line) => s.progress.info(line),
  });
  s.minikube = minikube;
  const want = s.rubric.expect;
  const cni = await cniFlag(c.calico, c.cluster, s);
  const retries = c.retries ?? DEFAULT_RETRIES;
  // A profile that was there before (--profile NAME of a kept cluster) is not ours to delete.
  const preexisted = retries > 0 && profileExists(s.env, c.profile);
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
        timeoutMs: s.timeouts.provision,
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
  if (!/^v\d+\.\d+\.\d+$/.test(calico))
    throw new Error(`--calico must be builtin or vX.Y.Z, got '${calico}'`);
  const url = `https://raw.githubusercontent.com/projectcalico/calico/${calico}/manifests/calico.yaml`;
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`cannot download Calico ${calico} (${url}): HTTP ${res.status}`);
  const dir = await mkdtemp(join(tmpdir(), 'lab-grader-calico-'));
  s.tempDirs.push(dir);
  const file = join(dir, `calico-${calico}.yaml`);
  await writeFile(file, await res.text());
  return file;
}

const firstLine = (text: string) => text.split('\n')[0] ?? '';

/**
 * Whether minikube has the profile already: its `profiles/NAME/config.json` under the minikube home
 * (pkg/minikube/localpath MiniPath: $MINIKUBE_HOME, or its `.minikube` subfolder, or ~/.minikube).
 * A file check, not `minikube profile list`: no process before the start.
 */
export function profileExists(env: NodeJS.ProcessEnv, profile: string): boolean {
  const home = env.MINIKUBE_HOME;
  const roots = home ? [join(home, '.minikube'), home] : [join(env.HOME || homedir(), '.minikube')];
  return roots.some((r) => existsSync(join(r, 'profiles', profile, 'config.json')));
}

function firstKubeconfig(env: NodeJS.ProcessEnv): string {
  const list = env.KUBECONFIG?.split(':').filter(Boolean);
  return list?.[0] ?? join(homedir(), '.kube', 'config');
}
