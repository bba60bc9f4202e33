import { findSatisfyingLabels } from '../../calico/selector.ts';
import type { EvidenceNodeLabel } from '../../evidence/schema.ts';
import { planLabels } from '../policy.ts';
import { refuse } from '../refusal.ts';
import { type LiveState, requireKube } from '../state.ts';

/** Keys kubelet and minikube own; the grader never sets them. */
const SYSTEM_KEY =
  /^(kubernetes\.io\/|beta\.kubernetes\.io\/|minikube\.k8s\.io\/|node-role\.kubernetes\.io\/)/;

/**
 * The `labels` step: the report's own `kubectl label` commands (replayed as kubectl would, node names
 * mapped by order), or — when the report shows none — a label set each pool's selector accepts,
 * pool i on node i. The evidence says which. Keys of Kubernetes, minikube and Calico are refused
 * (apply policy) and then no label is set.
 */
export async function labelsStep(s: LiveState): Promise<string> {
  const kube = requireKube(s);
  const plan = labelPlan(s);
  s.ev.labelsSource = plan.source;
  const refusals = planLabels(plan.labels, s.facts);
  if (refusals.length) refuse(s, 'labels', refusals);
  s.ev.labelsApplied = plan.labels;
  const byNode = new Map<string, Record<string, string>>();
  for (const l of plan.labels) byNode.set(l.node, { ...byNode.get(l.node), [l.key]: l.value });
  for (const [node, labels] of byNode) await kube.labelNode(node, labels);
  const shown = plan.labels.map((l) => `${l.node} ${l.key}=${l.value}`).join(', ');
  return plan.labels.length
    ? `${shown} (${plan.source === 'report' ? "the report's commands" : "inferred from the pools' selectors"})`
    : 'no labels to apply';
}

export function labelPlan(s: Pick<LiveState, 'facts' | 'nodeNames'>): {
  source: 'report' | 'inferred';
  labels: EvidenceNodeLabel[];
} {
  const { facts, nodeNames } = s;
  if (facts.labelCommands.length > 0) {
    const labels: EvidenceNodeLabel[] = [];
    facts.nodes.forEach((n, i) => {
      const node = nodeNames[i];
      if (!node) return;
      for (const [key, value] of Object.entries(n.appliedLabels)) labels.push({ node, key, value });
    });
    return { source: 'report', labels };
  }
  const labels: EvidenceNodeLabel[] = [];
  facts.rackPools.forEach((p, i) => {
    const node = nodeNames[i];
    if (!node || !p.explicitSelector || !p.selector.ok) return;
    const wanted = findSatisfyingLabels(p.selector.ast) ?? {};
    for (const [key, value] of Object.entries(wanted))
      if (!SYSTEM_KEY.test(key)) labels.push({ node, key, value });
  });
  return { source: 'inferred', labels };
}
