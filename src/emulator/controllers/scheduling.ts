/**
 * The scheduler's filter plugins, as far as lab manifests use them: nodeSelector and required node
 * affinity, taints/tolerations, unschedulable nodes, required pod (anti-)affinity and topology
 * spread constraints. Each failing filter yields the reason text the real scheduler prints.
 */
import { labelSelectorObjectMatches } from '../store/selectors.ts';
import type { KubeObject } from '../store/types.ts';
import { isActive } from './pods.ts';
import { fitFailures, isResolvableByPreemption } from './resources.ts';

interface SelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

function requirementMatches(req: SelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: node selector terms are open JSON.
function termMatches(term: any, node: KubeObject): boolean {
  const expressions: SelectorRequirement[] = term?.matchExpressions ?? [];
  const fields: SelectorRequirement[] = term?.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  return (
    expressions.every((e) => requirementMatches(e, labels[e.key])) &&
    fields.every((f) => requirementMatches(f, f.key === 'metadata.name' ? node.metadata.name : undefined))
  );
}

/** NodeAffinity filter: nodeSelector AND any of the required nodeSelectorTerms. */
export function nodeMatchesSelectorAndAffinity(pod: KubeObject, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    const terms = required.nodeSelectorTerms ?? [];
    if (!terms.some((t: unknown) => termMatches(t, node))) return false;
  }
  return true;
}

/** Sum of matching preferredDuringScheduling node-affinity weights. */
export function preferredAffinityScore(pod: KubeObject, node: KubeObject): number {
  const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return preferred.reduce(
    (sum: number, p: { weight?: number; preference?: unknown }) =>
      sum + (termMatches(p.preference, node) ? (p.weight ?? 0) : 0),
    0,
  );
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/** The first NoSchedule/NoExecute taint the pod does not tolerate. */
export function untoleratedTaint(pod: KubeObject, node: KubeObject): Taint | undefined {
  const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
  const taints: Taint[] = node.spec?.taints ?? [];
  return taints.find(
    (taint) => taint.effect !== 'PreferNoSchedule' && !tolerations.some((t) => tolerates(t, taint)),
  );
}

export interface ClusterView {
  nodes: KubeObject[];
  /** Active, scheduled pods. */
  pods: KubeObject[];
}

function nodeOf(view: ClusterView, name: string | undefined): KubeObject | undefined {
  return view.nodes.find((n) => n.metadata.name === name);
}

// biome-ignore lint/suspicious/noExplicitAny: affinity terms are open JSON.
function termNamespaces(pod: KubeObject, term: any): string[] {
  return term.namespaces?.length ? term.namespaces : [pod.metadata.namespace ?? 'default'];
}

// biome-ignore lint/suspicious/noExplicitAny: affinity terms are open JSON.
function podsMatchingTerm(view: ClusterView, pod: KubeObject, term: any): KubeObject[] {
  const namespaces = termNamespaces(pod, term);
  return view.pods.filter(
    (p) =>
      p.metadata.uid !== pod.metadata.uid &&
      namespaces.includes(p.metadata.namespace ?? 'default') &&
      labelSelectorObjectMatches(term.labelSelector ?? { matchLabels: {} }, p.metadata.labels),
  );
}

function sameDomain(view: ClusterView, a: KubeObject, nodeName: string | undefined, key: string): boolean {
  const other = nodeOf(view, nodeName);
  const value = a.metadata.labels?.[key];
  return value !== undefined && other?.metadata.labels?.[key] === value;
}

/** InterPodAffinity filter (required terms only). */
export function podAffinityFailure(pod: KubeObject, node: KubeObject, view: ClusterView): string | undefined {
  const anti = pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  for (const term of anti) {
    if (
      podsMatchingTerm(view, pod, term).some((p) =>
        sameDomain(view, node, p.spec?.nodeName, term.topologyKey),
      )
    ) {
      return "node(s) didn't match pod anti-affinity rules";
    }
  }
  // Existing pods' anti-affinity against the incoming pod.
  for (const p of view.pods) {
    for (const term of p.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ??
      []) {
      if (!termNamespaces(p, term).includes(pod.metadata.namespace ?? 'default')) continue;
      if (!labelSelectorObjectMatches(term.labelSelector ?? { matchLabels: {} }, pod.metadata.labels))
        continue;
      if (sameDomain(view, node, p.spec?.nodeName, term.topologyKey))
        return "node(s) didn't match pod anti-affinity rules";
    }
  }
  const affinity = pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  for (const term of affinity) {
    const matching = podsMatchingTerm(view, pod, term);
    if (matching.some((p) => sameDomain(view, node, p.spec?.nodeName, term.topologyKey))) continue;
    // The first pod of a group that selects itself may go anywhere.
    const selfMatch = labelSelectorObjectMatches(
      term.labelSelector ?? { matchLabels: {} },
      pod.metadata.labels,
    );
    if (matching.length === 0 && selfMatch && node.metadata.labels?.[term.topologyKey] !== undefined)
      continue;
    return "node(s) didn't match pod affinity rules";
  }
  return undefined;
}

/** PodTopologySpread filter (DoNotSchedule constraints). */
export function topologySpreadFailure(
  pod: KubeObject,
  node: KubeObject,
  view: ClusterView,
): string | undefined {
  const constraints = pod.spec?.topologySpreadConstraints ?? [];
  for (const c of constraints) {
    if ((c.whenUnsatisfiable ?? 'DoNotSchedule') !== 'DoNotSchedule') continue;
    const key: string = c.topologyKey;
    const domain = node.metadata.labels?.[key];
    if (domain === undefined)
      return "node(s) didn't match pod topology spread constraints (missing required label)";
    const eligible = view.nodes.filter(
      (n) => n.metadata.labels?.[key] !== undefined && nodeMatchesSelectorAndAffinity(pod, n),
    );
    const counts = new Map<string, number>();
    for (const n of eligible) counts.set(n.metadata.labels![key], 0);
    for (const p of view.pods) {
      if ((p.metadata.namespace ?? 'default') !== (pod.metadata.namespace ?? 'default')) continue;
      if (!labelSelectorObjectMatches(c.labelSelector ?? { matchLabels: {} }, p.metadata.labels)) continue;
      const d = nodeOf(view, p.spec?.nodeName)?.metadata.labels?.[key];
      if (d !== undefined && counts.has(d)) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    const min = Math.min(...counts.values());
    const selfMatches = labelSelectorObjectMatches(
      c.labelSelector ?? { matchLabels: {} },
      pod.metadata.labels,
    )
      ? 1
      : 0;
    if ((counts.get(domain) ?? 0) + selfMatches - min > (c.maxSkew ?? 1)) {
      return "node(s) didn't match pod topology spread constraints";
    }
  }
  return undefined;
}

/**
 * All filters in the scheduler's plugin order (NodeUnschedulable, TaintToleration, NodeAffinity,
 * NodeResourcesFit, PodTopologySpread, InterPodAffinity); the first failing plugin gives the node's
 * reasons — one, or each short resource for NodeResourcesFit. Empty when the pod fits.
 */
export function filterNode(pod: KubeObject, node: KubeObject, view: ClusterView): string[] {
  if (node.spec?.unschedulable) {
    const tolerated = (pod.spec?.tolerations ?? []).some((t: Toleration) =>
      tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }),
    );
    if (!tolerated) return ['node(s) were unschedulable'];
  }
  const taint = untoleratedTaint(pod, node);
  if (taint) return [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`];
  if (!nodeMatchesSelectorAndAffinity(pod, node))
    return ["node(s) didn't match Pod's node affinity/selector"];
  const fit = fitFailures(
    pod,
    node,
    view.pods.filter((p) => p.spec?.nodeName === node.metadata.name),
  );
  if (fit.length) return fit;
  const other = topologySpreadFailure(pod, node, view) ?? podAffinityFailure(pod, node, view);
  return other ? [other] : [];
}

/**
 * `0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No
 * preemption victims found for incoming pod.` Nodes that failed only on resources could be freed by
 * preemption (none here: every pod has priority 0); the others are "not helpful". Each node gives
 * one unresolvable reason or one or more resource reasons.
 */
export function unschedulableMessage(nodeCount: number, reasons: string[]): string {
  const histogram = new Map<string, number>();
  for (const r of reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
  const parts = [...histogram].map(([r, n]) => `${n} ${r}`).sort();
  const head =
    nodeCount === 0
      ? 'no nodes available to schedule pods'
      : `0/${nodeCount} nodes are available: ${parts.join(', ')}.`;
  const unhelpful = reasons.filter((r) => !isResolvableByPreemption(r)).length;
  const victims = nodeCount - unhelpful;
  const preemption = [
    ...(victims > 0 ? [`${victims} No preemption victims found for incoming pod`] : []),
    ...(unhelpful > 0 || nodeCount === 0 ? [`${unhelpful} Preemption is not helpful for scheduling`] : []),
  ].join(', ');
  return `${head} preemption: 0/${nodeCount} nodes are available: ${preemption}.`;
}

export function activeScheduledPods(pods: KubeObject[]): KubeObject[] {
  return pods.filter((p) => p.spec?.nodeName && isActive(p));
}
