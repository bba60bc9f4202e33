/**
 * Reasoning about which labels a Calico selector wants: a satisfying label set (to label emulated nodes
 * when a report shows none) and the list of label comparisons (for hints such as "your pool selects
 * rack == "0" but no node has label rack").
 */
import { evaluateSelector, type MatchKind, matchValue, type SelectorNode } from './selector-ast.ts';

type Atom = Extract<SelectorNode, { key: string }>;

/** One comparison as it must hold (negated = the atom must be false). */
interface Literal {
  atom: Atom;
  negated: boolean;
}

interface Goal {
  node: SelectorNode;
  negated: boolean;
}

/** What one literal demands of its label: present with a value test, absent, or "absent or value test". */
type Demand =
  | { kind: 'absent' }
  | { kind: 'present'; test: (value: string) => boolean; finite?: readonly string[] }
  | { kind: 'absentOr'; test: (value: string) => boolean };

function demandOf({ atom, negated }: Literal): Demand {
  switch (atom.kind) {
    case 'has':
      return negated ? { kind: 'absent' } : { kind: 'present', test: () => true };
    case 'ne':
      // `k != v` holds when k is absent; its negation needs k == v.
      return negated
        ? { kind: 'present', test: (v) => v === atom.value, finite: [atom.value] }
        : { kind: 'absentOr', test: (v) => v !== atom.value };
    case 'notIn':
      return negated
        ? { kind: 'present', test: (v) => atom.values.includes(v), finite: atom.values }
        : { kind: 'absentOr', test: (v) => !atom.values.includes(v) };
    case 'in':
      return negated
        ? { kind: 'absentOr', test: (v) => !atom.values.includes(v) }
        : { kind: 'present', test: (v) => atom.values.includes(v), finite: atom.values };
    default: {
      const kind: MatchKind = atom.kind;
      const test = (v: string) => matchValue(kind, v, atom.value);
      if (negated) return { kind: 'absentOr', test: (v) => !test(v) };
      return kind === 'eq' ? { kind: 'present', test, finite: [atom.value] } : { kind: 'present', test };
    }
  }
}

/** Fillers tried between required fragments so negated substring tests can be dodged. */
const FILLERS = ['x', 'y', 'z', '0', 'x0', 'label'];

/** Candidate values for a present label, built from its positive prefix/substring/suffix demands. */
function freeCandidates(lits: readonly Literal[]): string[] {
  let prefix = '';
  let suffix = '';
  const middle: string[] = [];
  for (const { atom, negated } of lits) {
    if (negated || !('value' in atom)) continue;
    if (atom.kind === 'startsWith' && atom.value.length > prefix.length) prefix = atom.value;
    else if (atom.kind === 'endsWith' && atom.value.length > suffix.length) suffix = atom.value;
    else if (atom.kind === 'contains') middle.push(atom.value);
  }
  const mid = middle.join('');
  const out: string[] = [];
  const bare = prefix + mid + suffix;
  if (bare !== '') out.push(bare, prefix + suffix, prefix, suffix, mid);
  for (const f of FILLERS) out.push(prefix + f + mid + suffix, prefix + mid + f + suffix);
  out.push('');
  return out;
}

/** Chooses the label's value (undefined = leave it out), or null when the literals contradict. */
function chooseValue(lits: readonly Literal[]): string | undefined | null {
  const demands = lits.map(demandOf);
  const mustBePresent = demands.some((d) => d.kind === 'present');
  if (!mustBePresent) return undefined; // every demand is "absent" or "absent or ...": leave it out
  if (demands.some((d) => d.kind === 'absent')) return null;
  const tests = demands.map((d) => (d.kind === 'absent' ? () => false : d.test));
  const finite = demands.find((d) => d.kind === 'present' && d.finite !== undefined);
  const candidates =
    finite !== undefined && finite.kind === 'present' ? (finite.finite ?? []) : freeCandidates(lits);
  for (const c of candidates) {
    if (tests.every((t) => t(c))) return c;
  }
  return null;
}

/** Search budget: selectors in lab manifests are tiny; pathological ones give up and return null. */
const MAX_STEPS = 20_000;

interface SearchContext {
  root: SelectorNode;
  steps: number;
}

function labelsFor(state: ReadonlyMap<string, readonly Literal[]>): Record<string, string> | null {
  const labels: Record<string, string> = {};
  for (const [key, lits] of state) {
    const value = chooseValue(lits);
    if (value === null) return null;
    if (value !== undefined) labels[key] = value;
  }
  return labels;
}

function search(
  goals: readonly Goal[],
  state: ReadonlyMap<string, readonly Literal[]>,
  ctx: SearchContext,
): Record<string, string> | null {
  if (++ctx.steps > MAX_STEPS) return null;
  if (goals.length === 0) {
    const labels = labelsFor(state);
    return labels !== null && evaluateSelector(ctx.root, labels) ? labels : null;
  }
  const [goal, ...rest] = goals;
  const { node, negated } = goal;
  switch (node.kind) {
    case 'all':
    case 'global':
      return negated ? null : search(rest, state, ctx);
    case 'not':
      return search([{ node: node.operand, negated: !negated }, ...rest], state, ctx);
    case 'and':
    case 'or': {
      const operands = node.operands.map((operand) => ({ node: operand, negated }));
      // De Morgan: a negated "or" is a conjunction of negations.
      if ((node.kind === 'and') !== negated) return search([...operands, ...rest], state, ctx);
      for (const operand of operands) {
        const found = search([operand, ...rest], state, ctx);
        if (found !== null || ctx.steps > MAX_STEPS) return found;
      }
      return null;
    }
    default: {
      const lits = [...(state.get(node.key) ?? []), { atom: node, negated }];
      if (chooseValue(lits) === null) return null;
      const next = new Map(state);
      next.set(node.key, lits);
      return search(rest, next, ctx);
    }
  }
}

/**
 * A small label set the selector accepts, or null if none was found (e.g. `!all()`, `has(a) && !has(a)`).
 * Deterministic: the first satisfiable branch in source order, labels left out whenever possible.
 */
export function findSatisfyingLabels(ast: SelectorNode): Record<string, string> | null {
  return search([{ node: ast, negated: false }], new Map(), { root: ast, steps: 0 });
}

export interface SelectorRequirement {
  key: string;
  /** `==`, `!=`, `in`, `not in`, `has`, `!has`, `contains`, `starts with`, `ends with`, or `not ...` of the last three. */
  op: string;
  values: string[];
}

const OPS: Record<Atom['kind'], [positive: string, negated: string]> = {
  has: ['has', '!has'],
  eq: ['==', '!='],
  ne: ['!=', '=='],
  in: ['in', 'not in'],
  notIn: ['not in', 'in'],
  contains: ['contains', 'not contains'],
  startsWith: ['starts with', 'not starts with'],
  endsWith: ['ends with', 'not ends with'],
};

/** Label comparisons in source order, negations pushed into the operator; duplicates dropped. */
export function selectorRequirements(ast: SelectorNode): SelectorRequirement[] {
  const out: SelectorRequirement[] = [];
  const seen = new Set<string>();
  const walk = (node: SelectorNode, negated: boolean): void => {
    switch (node.kind) {
      case 'all':
      case 'global':
        return;
      case 'not':
        walk(node.operand, !negated);
        return;
      case 'and':
      case 'or':
        for (const operand of node.operands) walk(operand, negated);
        return;
      default: {
        const op = OPS[node.kind][negated ? 1 : 0];
        const values = 'values' in node ? [...node.values] : 'value' in node ? [node.value] : [];
        const id = JSON.stringify([node.key, op, values]);
        if (seen.has(id)) return;
        seen.add(id);
        out.push({ key: node.key, op, values });
      }
    }
  };
  walk(ast, false);
  return out;
}
