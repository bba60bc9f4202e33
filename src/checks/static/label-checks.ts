import { evaluateSelector, selectorRequirements } from '../../calico/selector.ts';
import type { LabFacts, NodeFact, PoolFact } from '../../lab/facts.ts';
import type { CheckOutcome } from '../types.ts';
import { fail, pass, skip } from './outcome.ts';
import { fromScreens } from './screen-evidence.ts';

/** Labels every node has without any `kubectl label` (kubelet + minikube). */
const BUILTIN_KEY =
  /^(kubernetes\.io\/|beta\.kubernetes\.io\/|minikube\.k8s\.io\/|node-role\.kubernetes\.io\/)/;

export function labelsMatchPoolsCheck(f: LabFacts): CheckOutcome {
  if (f.rackPools.length === 0) return skip('no rack pools to match labels against (see pools.defined)');
  const unusable = f.rackPools.filter((p) => !(p.explicitSelector && p.selector.ok));
  if (unusable.length > 0) {
    // One root cause, one failing check: pools.selectors-valid already fails for these.
    return skip(
      `cannot match labels: ${unusable.map((p) => p.pool.name).join(', ')} has no valid nodeSelector (see pools.selectors-valid)`,
      'Fix the selectors first; then each pool must select exactly one labelled node.',
    );
  }
  const pools = f.rackPools;
  const builtinOnly =
    pools.length > 0 && pools.every((p) => requirementKeys(p).every((k) => BUILTIN_KEY.test(k)));
  const shots = f.screenLabels;
  // The text wins; the screenshots' label commands count only when the report applies none as text.
  if (f.labelCommands.length === 0 && !builtinOnly && shots && shots.commands.length > 0) {
    const outcome = labelsMatchPoolsCheck({
      ...f,
      nodes: shots.nodes,
      labelCommands: shots.commands.map((c) => c.command),
      labelProblems: shots.problems,
      renamedNodes: shots.renamed,
      screenLabels: undefined,
    });
    if (shots.weak.length && outcome.status === 'fail')
      return skip(
        `the labels shown in screenshot ${shots.images.join(', ')} leave out ${shots.weak.length} label command(s) read too weakly to count (${shots.weak.map((c) => `\`${c.command.source.text}\` in ${c.image}`).join(', ')}), so the labels cannot be matched to the pools here`,
        'Show your `kubectl label nodes minikube rack=0` commands in a ```bash block.',
        { ...fromScreens(shots.commands) },
      );
    const weak = shots.weak.length
      ? ` (not counted, weak reads: ${shots.weak.map((c) => `\`${c.command.source.text}\` in ${c.image}`).join(', ')})`
      : '';
    return {
      ...outcome,
      message: `${outcome.message} (labels shown in screenshot ${shots.images.join(', ')})${weak}`,
      evidence: { ...(outcome.evidence as object), source: 'screenshots', ...fromScreens(shots.commands) },
    };
  }
  if (f.labelCommands.length === 0 && !builtinOnly) {
    const templates = f.placeholderLabels.map((c) => `\`${c.source.text}\``);
    const why = templates.length
      ? `the report shows only a template of the label command (${templates.join(', ')}), not the labels applied`
      : 'the report applies no node labels as text';
    return skip(
      `${why}, so the labels cannot be matched to the pools here (checked on the cluster by labels.applied)`,
      'Show your `kubectl label nodes minikube rack=0` commands in a ```bash block.',
    );
  }
  const selected = new Map<PoolFact, NodeFact[]>();
  for (const p of pools)
    selected.set(
      p,
      f.nodes.filter((n) => p.selector.ok && evaluateSelector(p.selector.ast, n.labels)),
    );
  const problems: string[] = [];
  const hints: string[] = [];
  for (const [p, nodes] of selected) {
    if (nodes.length === 1) continue;
    const sel = p.selector.ok ? p.selector.canonical : p.pool.nodeSelector;
    if (nodes.length === 0) {
      problems.push(`pool ${p.pool.name} (\`${sel}\`) selects no node`);
      hints.push(mismatchHint(p, f.nodes));
    } else {
      problems.push(
        `pool ${p.pool.name} (\`${sel}\`) selects ${nodes.length} nodes: ${nodes.map((n) => n.name).join(', ')}`,
      );
      hints.push(
        `Make ${p.pool.name}'s selector match one rack only, e.g. \`${requirementKeys(p)[0] ?? 'rack'} == "…"\` with a value only one node has.`,
      );
    }
  }
  for (const n of f.nodes) {
    const by = pools.filter((p) => selected.get(p)?.includes(n));
    if (by.length > 1)
      problems.push(
        `node ${n.name} is selected by ${by.length} pools: ${by.map((p) => p.pool.name).join(', ')}`,
      );
    if (by.length === 0 && !problems.some((x) => x.includes('selects no node')))
      problems.push(`node ${n.name} (labels ${fmtLabels(n.appliedLabels)}) is selected by no pool`);
  }
  for (const lp of f.labelProblems) problems.push(`labelling ${lp.node} fails: ${lp.message}`);
  const renamed = f.renamedNodes.map((r) => `\`${r.reportName}\` taken as ${r.node}`).join(', ');
  const evidence = {
    nodes: f.nodes.map((n) => ({ name: n.name, reportNames: n.reportNames, labels: n.appliedLabels })),
    pools: pools.map((p) => ({
      name: p.pool.name,
      selector: p.pool.nodeSelector,
      selects: selected.get(p)?.map((n) => n.name),
    })),
    renamed: f.renamedNodes,
    source: f.labelCommands.length ? 'report' : 'built-in node labels',
  };
  const note = renamed
    ? ` (report node names mapped by order: ${renamed}; the cluster's nodes are ${f.nodes.map((n) => n.name).join(', ')})`
    : '';
  if (problems.length)
    return fail(
      `${problems.join('; ')}${note}`,
      hints.join(' ') || 'Label each node with its rack and give each pool a selector for exactly one rack.',
      evidence,
    );
  const pairs = pools.map((p) => `${p.pool.name} → ${selected.get(p)?.[0]?.name}`).join(', ');
  return pass(`each pool selects exactly one node: ${pairs}${note}`, evidence);
}

function requirementKeys(p: PoolFact): string[] {
  return p.selector.ok ? selectorRequirements(p.selector.ast).map((r) => r.key) : [];
}

function fmtLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : 'none';
}

/** "your pool selects `rack == "1"` but you labelled minikube-m02 `zone=1`" */
function mismatchHint(p: PoolFact, nodes: NodeFact[]): string {
  const sel = p.selector.ok ? p.selector.canonical : p.pool.nodeSelector;
  const reqs = p.selector.ok ? selectorRequirements(p.selector.ast) : [];
  const key = reqs[0]?.key;
  const labelled = nodes.filter((n) => Object.keys(n.appliedLabels).length > 0);
  if (key && labelled.length) {
    const withKey = labelled.filter((n) => key in n.appliedLabels);
    if (withKey.length === 0) {
      const n = labelled[0]!;
      return `Your pool ${p.pool.name} selects \`${sel}\` but you labelled ${n.name} \`${fmtLabels(n.appliedLabels)}\`: use the same key in the label and the selector.`;
    }
    const values = withKey.map((n) => `${n.name} \`${key}=${n.appliedLabels[key]}\``).join(', ');
    return `Your pool ${p.pool.name} selects \`${sel}\` but you labelled ${values}: make the selector's value equal a node's label value (values are compared as exact strings).`;
  }
  return `Your pool ${p.pool.name} selects \`${sel}\`, which no node's labels satisfy: label a node to match it (\`kubectl label nodes NODE key=value\`).`;
}
