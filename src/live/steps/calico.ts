import { waitNodesReady, waitPodsReady } from '../../cluster/waits.ts';
import { compareNodeNames } from '../../minikube/nodes.ts';
import { calicoVersionFromImage } from '../calicoctl-pod.ts';
import { type LiveState, requireKube } from '../state.ts';

/**
 * The `calico` step: every node Ready, a Ready calico-node on each, calico-kube-controllers Ready.
 * Reads the running Calico version off the calico-node image (the calicoctl pod must match it).
 */
export async function calicoStep(s: LiveState): Promise<string> {
  const kube = requireKube(s);
  const nodes = await kube.listNodes();
  s.nodeNames = nodes
    .map((n) => n.metadata?.name ?? '')
    .filter(Boolean)
    .sort(compareNodeNames);
  const want = s.rubric.expect.nodes;
  await waitNodesReady(kube, Math.max(want, s.nodeNames.length), s.timeouts.calico);
  const calicoNodes = await waitPodsReady(
    kube,
    'kube-system',
    'k8s-app=calico-node',
    s.nodeNames.length,
    s.timeouts.calico,
  );
  await waitPodsReady(kube, 'kube-system', 'k8s-app=calico-kube-controllers', 1, s.timeouts.calico);
  const image =
    calicoNodes[0]?.spec?.containers?.find((c) => c.name === 'calico-node')?.image ??
    calicoNodes[0]?.spec?.containers?.[0]?.image;
  s.calicoVersion = image ? calicoVersionFromImage(image) : undefined;
  s.ev.cluster.versions.calico = s.calicoVersion;
  return `${s.nodeNames.length} nodes Ready, calico-node Ready on each, Calico ${s.calicoVersion ?? 'version unknown'}`;
}
