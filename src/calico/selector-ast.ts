/**
 * Calico selector AST, evaluation and canonical printing, after libcalico-go/lib/selector/parser/ast.go
 * (v3.28.1; see docs/reference-facts.md, calico-selector, "Semantics").
 */

export type SelectorNode =
  | { kind: 'all' }
  | { kind: 'global' }
  | { kind: 'has'; key: string }
  | { kind: 'eq' | 'ne' | 'contains' | 'startsWith' | 'endsWith'; key: string; value: string }
  /** `values` is sorted (by code point, like Go's byte order) and de-duplicated, as Calico's StringSet. */
  | { kind: 'in' | 'notIn'; key: string; values: string[] }
  | { kind: 'not'; operand: SelectorNode }
  | { kind: 'and' | 'or'; operands: SelectorNode[] };

export type MatchKind = 'eq' | 'ne' | 'contains' | 'startsWith' | 'endsWith';

/** Does the value test of a match node hold for a present label value? */
export function matchValue(kind: MatchKind, actual: string, wanted: string): boolean {
  switch (kind) {
    case 'eq':
      return actual === wanted;
    case 'ne':
      return actual !== wanted;
    case 'contains':
      return actual.includes(wanted);
    case 'startsWith':
      return actual.startsWith(wanted);
    case 'endsWith':
      return actual.endsWith(wanted);
  }
}

export function evaluateSelector(ast: SelectorNode, labels: Readonly<Record<string, string>>): boolean {
  switch (ast.kind) {
    case 'all':
    case 'global':
      return true;
    case 'has':
      return Object.hasOwn(labels, ast.key);
    case 'eq':
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return Object.hasOwn(labels, ast.key) && matchValue(ast.kind, labels[ast.key], ast.value);
    case 'ne':
      // Absent label or a different value.
      return !Object.hasOwn(labels, ast.key) || labels[ast.key] !== ast.value;
    case 'in':
      return Object.hasOwn(labels, ast.key) && ast.values.includes(labels[ast.key]);
    case 'notIn':
      return !Object.hasOwn(labels, ast.key) || !ast.values.includes(labels[ast.key]);
    case 'not':
      return !evaluateSelector(ast.operand, labels);
    case 'and':
      return ast.operands.every((op) => evaluateSelector(op, labels));
    case 'or':
      return ast.operands.some((op) => evaluateSelector(op, labels));
  }
}

/** appendLabelOpAndQuotedString: double quotes unless the value contains one. */
function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

const MATCH_OPERATOR: Record<MatchKind, string> = {
  eq: ' == ',
  ne: ' != ',
  contains: ' contains ',
  startsWith: ' starts with ',
  endsWith: ' ends with ',
};

/**
 * Calico's canonical string (Selector.String()): `rack == "0"`, `(a == "x" && b == "y")`,
 * `k in {"a", "b"}`, `!has(k)`. And/Or groups are always parenthesised.
 */
export function selectorToString(ast: SelectorNode): string {
  switch (ast.kind) {
    case 'all':
      return 'all()';
    case 'global':
      return 'global()';
    case 'has':
      return `has(${ast.key})`;
    case 'eq':
    case 'ne':
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return ast.key + MATCH_OPERATOR[ast.kind] + quote(ast.value);
    case 'in':
    case 'notIn':
      return `${ast.key} ${ast.kind === 'in' ? 'in' : 'not in'} {${ast.values.map(quote).join(', ')}}`;
    case 'not':
      return `!${selectorToString(ast.operand)}`;
    case 'and':
    case 'or':
      return `(${ast.operands.map(selectorToString).join(ast.kind === 'and' ? ' && ' : ' || ')})`;
  }
}

/** Code-point order, which equals Go's byte-wise string order for UTF-8. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** ConvertToStringSetInPlace: sort and drop duplicates. */
export function toStringSet(values: string[]): string[] {
  if (values.length <= 1) return values;
  values.sort(compareCodePoints);
  const out = [values[0]];
  for (let i = 1; i < values.length; i++) {
    if (values[i] !== out[out.length - 1]) out.push(values[i]);
  }
  return out;
}
