import { mkdtemp, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kube } from '../../cluster/kube.ts';
import { Minikube } from '../../cluster/minikube.ts';
import { simEnv } from '../../emulator/sim-env.ts';
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
    const home = c.sim.home ?? (await mkdtemp(join(tmpdir(), 'lab-grader-sim-')));
    if (!c.sim.home) s.tempDirs.push(home);
    const env = simEnv({ home });
    s.env = {
      ...s.env,
      ...env,
      LAB_SIM_FAULTS: c.sim.faults,
      LAB_SIM_TIME_FACTOR: String(c.sim.timeFactor),
      ...(c.calico !== 'builtin' ? { LAB_SIM_CALICO_VERSION: c.calico } : {}),
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
  const started = await minikube.start({
    profile: c.profile,
    nodes: want.nodes,
    containerRuntime: want.containerRuntime,
    cni: await cniFlag(c.calico, c.cluster, s),
    kubernetesVersion: c.kubernetesVersion,
    timeoutMs: s.timeouts.provision,
  });
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

function firstKubeconfig(env: NodeJS.ProcessEnv): string {
  const list = env.KUBECONFIG?.split(':').filter(Boolean);
  return list?.[0] ?? join(homedir(), '.kube', 'config');
}
