/**
 * What every live check needs, derived once from the evidence bundle: the rubric's expectations, the
 * rack pools and which nodes they select, the app pods, and the steps' states. Pure: no I/O.
 */
import { cidrContains } from '../../calico/cidr.ts';
import { evaluateSelector, parseSelector, selectorRequirements } from '../../calico/selector.ts';
import type {
  Evidence,
  EvidenceNode,
  EvidencePod,
  EvidencePool,
  EvidenceStep,
} from '../../evidence/schema.ts';
import { STEP } from '../../evidence/schema.ts';
import { type LabFacts, literalEnv } from '../../lab/facts.ts';
import { cniIpamType } from '../../probes/parse/cni.ts';
import type { Rubric } from '../../rubric/rubric.ts';

export interface ExpectedPool {
  name: string;
  cidr: string;
  nodeSelector: string;
}

export interface LiveContext {
  e: Evidence;
  rubric: Rubric;
  defaultPool: string;
  nodes: Map<string, EvidenceNode>;
  /** Enabled pools other than the default one: the pools meant to hold pods. */
  rackPools: EvidencePool[];
  /** Rack pool name -> names of the nodes its selector selects (empty for an invalid selector). */
  poolNodes: Map<string, string[]>;
  /** Pools whose nodeSelector does not parse: name -> Calico's error. */
  badSelectors: Map<string, string>;
  /** Label keys that make a rack: those the rack pools select on, then those the driver applied. */
  rackKeys: string[];
  /** The pools the submission defines (from the bundle, else from the submission's files). */
  expectedPools?: ExpectedPool[];
  /** The env values the page must show (the Deployment on the cluster, else the submission). */
  expectedEnv: Record<string, string>;
}

/** `facts`: the submission's lab model, when the grade has the submission (a bundle may carry its pools and env). */
export function buildLiveContext(e: Evidence, rubric: Rubric, facts?: LabFacts): LiveContext {
  const defaultPool = rubric.expect.defaultPool;
  const nodes = new Map(e.nodes.map((n) => [n.name, n]));
  const rackPools = e.pools.filter((p) => p.name !== defaultPool && !p.disabled);
  const poolNodes = new Map<string, string[]>();
  const badSelectors = new Map<string, string>();
  const keys = new Set<string>();
  for (const p of rackPools) {
    const parsed = parseSelector(p.nodeSelector);
    if (!parsed.ok) {
      badSelectors.set(p.name, parsed.error.message);
      poolNodes.set(p.name, []);
      continue;
    }
    for (const r of selectorRequirements(parsed.ast)) keys.add(r.key);
    poolNodes.set(
      p.name,
      e.nodes.filter((n) => evaluateSelector(parsed.ast, n.labels)).map((n) => n.name),
    );
  }
  for (const l of e.labelsApplied) keys.add(l.key);
  const expected = facts ? expectedFromFacts(facts, rubric) : undefined;
  return {
    e,
    rubric,
    defaultPool,
    nodes,
    rackPools,
    poolNodes,
    badSelectors,
    rackKeys: [...keys],
    expectedPools: e.submission.pools ?? expected?.pools,
    expectedEnv: e.deployment?.env ?? e.submission.env ?? expected?.env ?? {},
  };
}

/** The submission's pools and env, from its lab model (undefined if reading them fails). */
function expectedFromFacts(
  f: LabFacts,
  rubric: Rubric,
): { pools: ExpectedPool[]; env: Record<string, string> } | undefined {
  try {
    const pools = f.rackPools.map((p) => ({
      name: p.pool.name,
      cidr: p.pool.cidr,
      nodeSelector: p.pool.nodeSelector,
    }));
    const env = literalEnv(f.workload, rubric);
    return { pools, env };
  } catch {
    return undefined;
  }
}

export function stepOf(e: Evidence, name: string): EvidenceStep | undefined {
  return e.steps.find((s) => s.name === name);
}

/** Rack pools whose selector selects the node, in Calico's order (by name). */
export function poolsSelecting(ctx: LiveContext, node: string): EvidencePool[] {
  return ctx.rackPools
    .filter((p) => ctx.poolNodes.get(p.name)?.includes(node))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `rack=0` for a node (its values of the rack keys), or '' when it has none. */
export function rackLabel(ctx: LiveContext, node: string): string {
  const labels = ctx.nodes.get(node)?.labels ?? {};
  return ctx.rackKeys
    .filter((k) => k in labels)
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

/** A node's rack: the rack pool selecting it, else its rack labels, else the node itself. */
export function rackOf(ctx: LiveContext, node: string): string {
  return poolsSelecting(ctx, node)[0]?.name ?? (rackLabel(ctx, node) || node);
}

/** The IPAM type a node's CNI config names: the recorded field, else read from the raw config. */
export function ipamTypeOf(ctx: LiveContext, node: string): string | undefined {
  const n = ctx.nodes.get(node);
  const raw = n?.cniConfig ?? ctx.e.diagnostics.cniConfigs?.[node];
  return n?.cniIpamType ?? (raw ? (cniIpamType(raw) ?? undefined) : undefined);
}

/** Every pool (any state) whose CIDR holds the IP. */
export function poolsHolding(e: Evidence, ip: string): EvidencePool[] {
  return e.pools.filter((p) => cidrContains(p.cidr, ip));
}

/** When the pools were in place: the end of the pools step, or the newest pool's creation. */
export function poolsReadyAt(ctx: LiveContext): number | undefined {
  const step = stepOf(ctx.e, STEP.pools);
  if (step?.status === 'ok') return Date.parse(step.startedAt) + step.durationMs;
  const created = ctx.rackPools
    .map((p) => (p.createdAt ? Date.parse(p.createdAt) : Number.NaN))
    .filter(Number.isFinite);
  return created.length ? Math.max(...created) : undefined;
}

export const podWhere = (p: EvidencePod) => (p.node ? ` on ${p.node}` : ' (not scheduled)');

/** `Pending/ContainerCreating` — phase and, when waiting, why. */
export function podState(p: EvidencePod): string {
  const waiting =
    p.waitingReason ?? p.containerStatuses.find((c) => c.state !== 'running' && c.reason)?.reason;
  const restarts = p.restartCount > 0 ? `, ${p.restartCount} restarts` : '';
  return `${p.phase}${waiting ? `/${waiting}` : ''}${p.ready ? '' : ' (not ready)'}${restarts}`;
}

export function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
