import { STEP } from '../../evidence/schema.ts';
import { fail, listWords, pass } from '../static/outcome.ts';
import type { CheckOutcome } from '../types.ts';
import { type LiveContext, seconds, stepOf } from './context.ts';
import { assembleDiagnostics } from './diagnostics.ts';
import { BASE, blockedBy } from './gate.ts';

export function nodesReadyCheck(ctx: LiveContext): CheckOutcome {
  const blocked = blockedBy(ctx, BASE);
  if (blocked) return blocked;
  const { e } = ctx;
  const want = ctx.rubric.expect.nodes;
  const evidence = {
    nodes: e.nodes.map((n) => ({ name: n.name, ready: n.ready, readyMessage: n.readyMessage })),
  };
  const notReady = e.nodes.filter((n) => !n.ready);
  const problems: string[] = [];
  if (e.nodes.length < want)
    problems.push(
      `${e.nodes.length} node(s) (${listWords(e.nodes.map((n) => n.name))}), the lab needs ${want}`,
    );
  for (const n of notReady)
    problems.push(`${n.name} is NotReady${n.readyMessage ? ` (${n.readyMessage})` : ''}`);
  if (problems.length) {
    const cni = notReady.some((n) => /cni|network plugin/i.test(n.readyMessage ?? ''));
    return {
      ...fail(
        problems.join('; '),
        cni
          ? 'The kubelet reports no working CNI: start minikube with `--cni calico` and wait for the calico-node pods to become Ready.'
          : `Start minikube with \`--nodes ${want}\` and wait until \`kubectl get nodes\` shows every node Ready.`,
        evidence,
      ),
      diagnostics: assembleDiagnostics(e, ['events', 'calico-nodes']),
    };
  }
  return pass(`${e.nodes.length} nodes Ready: ${listWords(e.nodes.map((n) => n.name))}`, evidence);
}

export function runtimeContainerdCheck(ctx: LiveContext): CheckOutcome {
  const blocked = blockedBy(ctx, BASE);
  if (blocked) return blocked;
  const want = ctx.rubric.expect.containerRuntime;
  const runtimes = ctx.e.nodes.map((n) => ({ node: n.name, runtime: n.containerRuntimeVersion }));
  const wrong = runtimes.filter((r) => !r.runtime.startsWith(`${want}://`));
  if (ctx.e.nodes.length === 0)
    return fail('no node to read the runtime from', 'Start the cluster with minikube.', { runtimes });
  if (wrong.length) {
    return fail(
      `${listWords(wrong.map((r) => `${r.node} runs ${r.runtime || 'an unknown runtime'}`))}, not ${want}`,
      `Recreate the cluster with \`minikube delete && minikube start --nodes ${ctx.rubric.expect.nodes} --container-runtime ${want} --cni calico\` (the runtime cannot change on a running profile).`,
      { runtimes },
    );
  }
  return pass(`every node runs ${listWords([...new Set(runtimes.map((r) => r.runtime))])}`, { runtimes });
}

export function calicoHealthyCheck(ctx: LiveContext): CheckOutcome {
  const blocked = blockedBy(ctx, BASE);
  if (blocked) return blocked;
  const { e } = ctx;
  const byNode = new Map(e.calicoNodes.map((c) => [c.node, c]));
  const problems: string[] = [];
  for (const n of e.nodes) {
    const c = byNode.get(n.name);
    if (!c) problems.push(`no calico-node pod on ${n.name}`);
    else if (!c.ready)
      problems.push(
        `${c.pod} on ${n.name} is ${c.phase} but not Ready${c.restartCount ? ` (${c.restartCount} restarts)` : ''}`,
      );
  }
  if (!e.calicoKubeControllersReady) problems.push('calico-kube-controllers is not Ready');
  const step = stepOf(e, STEP.calico);
  const evidence = {
    calicoNodes: e.calicoNodes,
    kubeControllersReady: e.calicoKubeControllersReady,
    step: step?.status,
  };
  if (problems.length === 0 && step && step.status !== 'ok')
    problems.push(
      `waiting for Calico ${step.status === 'failed' ? `failed after ${seconds(step.durationMs)}` : 'was skipped'}${step.error ? `: ${step.error}` : ''}`,
    );
  if (problems.length) {
    return {
      ...fail(
        problems.join('; '),
        'Look at the calico-node log below: BIRD/felix not ready usually means the node IP autodetection or the Calico version is wrong for this minikube. Recreate the cluster with `--cni calico` (the bundled manifest) rather than applying another calico.yaml over it.',
        evidence,
      ),
      diagnostics: assembleDiagnostics(e, ['calico-nodes', 'calico-node-log', 'events']),
    };
  }
  const version = e.cluster.versions.calico ? ` (Calico ${e.cluster.versions.calico})` : '';
  return pass(
    `calico-node Ready on ${listWords(e.calicoNodes.map((c) => c.node))} and calico-kube-controllers Ready${version}`,
    evidence,
  );
}
