/**
 * Random hostile variants of a submission for the property tests: manifests with types swapped,
 * nulls, lists for mappings, missing and duplicated keys; reports truncated, with control characters,
 * huge lines and stray code fences. Everything stays in memory.
 */
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { isRecord } from '../submission/shape.ts';

type Json = unknown;

/** A value that replaces a node of a manifest. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(null, 0, -1, 3000, 2.5, '', 'x', '3000', 'http', true, false, [], {}, [null], [{}], {
    a: 1,
  }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 12 }),
);

export type NodeOp =
  | { op: 'replace'; value: Json }
  | { op: 'delete' }
  | { op: 'wrap' }
  | { op: 'unwrap' }
  | { op: 'retype' }
  | { op: 'duplicate' };

export const nodeOp: fc.Arbitrary<NodeOp> = fc.oneof(
  hostileValue.map((value) => ({ op: 'replace' as const, value })),
  fc.constant({ op: 'delete' as const }),
  fc.constant({ op: 'wrap' as const }),
  fc.constant({ op: 'unwrap' as const }),
  fc.constant({ op: 'retype' as const }),
  fc.constant({ op: 'duplicate' as const }),
);

/** One mutation: a random walk down a document (`path` picks children), then an operation there. */
export interface NodeMutation {
  doc: number;
  path: number[];
  change: NodeOp;
}

export const nodeMutation: fc.Arbitrary<NodeMutation> = fc.record({
  doc: fc.nat(),
  path: fc.array(fc.nat(), { maxLength: 9 }),
  change: nodeOp,
});

/** Applies a mutation to a deep copy of `docs`. */
export function mutateDocs(docs: readonly Json[], m: NodeMutation): Json[] {
  const out = structuredClone(docs) as Json[];
  if (out.length === 0) return out;
  const di = m.doc % out.length;
  // walk: parent container and the key of the node to change
  let parent: Record<string, Json> | Json[] | undefined;
  let key: string | number | undefined;
  let node: Json = out[di];
  for (const step of m.path) {
    const keys = childKeys(node);
    if (keys.length === 0) break;
    const k = keys[step % keys.length] as string | number;
    parent = node as Record<string, Json> | Json[];
    key = k;
    node = (node as Record<string | number, Json>)[k];
  }
  const next = changed(node, m.change);
  if (parent === undefined || key === undefined) {
    out[di] = next === DELETE ? null : next;
  } else if (next === DELETE) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (m.change.op === 'duplicate' && Array.isArray(parent)) {
    parent.splice(key as number, 0, structuredClone(node));
  } else {
    (parent as Record<string | number, Json>)[key] = next;
  }
  return out;
}

const DELETE = Symbol('delete');

function changed(node: Json, change: NodeOp): Json | typeof DELETE {
  switch (change.op) {
    case 'replace':
      return change.value;
    case 'delete':
      return DELETE;
    case 'wrap':
      return [node];
    case 'unwrap':
      return isRecord(node) ? Object.values(node) : Array.isArray(node) ? (node[0] ?? null) : node;
    case 'retype':
      if (typeof node === 'number') return String(node);
      if (typeof node === 'string') return /^-?\d+$/.test(node) ? Number(node) : { [node]: node };
      if (typeof node === 'boolean') return String(node);
      return node === null ? 'null' : JSON.stringify(node);
    case 'duplicate':
      return node;
  }
}

function childKeys(node: Json): (string | number)[] {
  if (Array.isArray(node)) return node.map((_, i) => i);
  if (isRecord(node)) return Object.keys(node);
  return [];
}

/** The documents of a YAML text as plain data. */
export function yamlDocs(text: string): Json[] {
  return parseAllDocuments(text).map((d) => d.toJS() as Json);
}

const PLAIN = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

/** Block-style YAML for plain data, close to what students write (quoted only where needed). */
export function toBlockYaml(v: Json, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    if (v.length === 0) return `${pad}[]\n`;
    return v
      .map((item) =>
        isContainer(item) ? `${pad}-\n${toBlockYaml(item, indent + 2)}` : `${pad}- ${scalar(item)}\n`,
      )
      .join('');
  }
  if (isRecord(v)) {
    const entries = Object.entries(v);
    if (entries.length === 0) return `${pad}{}\n`;
    return entries
      .map(([k, item]) =>
        isContainer(item)
          ? `${pad}${yamlKey(k)}:\n${toBlockYaml(item, indent + 2)}`
          : `${pad}${yamlKey(k)}: ${scalar(item)}\n`,
      )
      .join('');
  }
  return `${pad}${scalar(v)}\n`;
}

function isContainer(v: Json): boolean {
  return (Array.isArray(v) && v.length > 0) || (isRecord(v) && Object.keys(v).length > 0);
}

function yamlKey(k: string): string {
  return PLAIN.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k);
}

/** Plain when safe, else single-quoted (what the fast reader takes), else double-quoted with escapes. */
function scalar(v: Json): string {
  if (Array.isArray(v)) return '[]';
  if (isRecord(v)) return '{}';
  if (typeof v !== 'string') return v === undefined ? 'null' : String(v);
  if (PLAIN.test(v) && !RESERVED.test(v)) return v;
  return SINGLE_QUOTABLE.test(v) ? `'${v}'` : JSON.stringify(v);
}

const SINGLE_QUOTABLE = /^[\x20-\x26\x28-\x7e]*$/;

/** Line-level damage to a serialised manifest: a duplicated line (duplicate key), a lost or shifted one. */
export type TextOp = { op: 'dup-line' | 'drop-line' | 'indent' | 'dedent' | 'tab'; at: number };

export const textOp: fc.Arbitrary<TextOp> = fc.record({
  op: fc.constantFrom('dup-line', 'drop-line', 'indent', 'dedent', 'tab'),
  at: fc.nat(),
});

export function damageLines(text: string, op: TextOp): string {
  const lines = text.split('\n');
  const i = op.at % Math.max(1, lines.length);
  const line = lines[i] ?? '';
  switch (op.op) {
    case 'dup-line':
      lines.splice(i, 0, line);
      break;
    case 'drop-line':
      lines.splice(i, 1);
      break;
    case 'indent':
      lines[i] = ` ${line}`;
      break;
    case 'dedent':
      lines[i] = line.replace(/^ /, '');
      break;
    case 'tab':
      lines[i] = `\t${line}`;
      break;
  }
  return lines.join('\n');
}

/** Hostile edits of a report. */
export type ReportOp =
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'huge-line'; at: number; unit: string; count: number }
  | { op: 'dup-line' | 'drop-line'; at: number };

const CONTROL = fc.constantFrom(
  '\0',
  '\x1b[31m',
  '\r',
  '\u2028',
  '\ufeff',
  '\t',
  '\x7f',
  '\ud800',
  '\u0085',
  '\b',
);
const FENCE = fc.constantFrom(
  '\n```\n',
  '\n```bash\n',
  '\n~~~\n',
  '\n````\n',
  '\n```yaml\nkind: Service\n',
  '\n```yaml\napiVersion: apps/v1\nkind: Deployment\nspec: [[[[\n```\n',
  '\n    indented code\n',
  '`',
  '``',
  '\n$ ',
  '\n/ # ',
  ' \\\n',
  ' <<EOF\n',
  "'",
  '"',
  '$(',
  '|',
);
const SHELL = fc.constantFrom(
  '\nminikube start --nodes',
  '\nkubectl label nodes minikube rack=',
  '\ncalicoctl delete ippool',
  '\nkubectl expose deployment lab4-deployment --port=',
  '\nkubectl get pods -o wide\nNAME IP NODE\n',
  '\nPING x (999.1.1.1): 56 data bytes\n',
  '\nalias calicoctl=',
  '\nkubectl exec -it pod -- sh\n',
  '\nLab: Lab4\n',
  '\nUniversity:',
);

export const reportOp: fc.Arbitrary<ReportOp> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(CONTROL, FENCE, SHELL) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 40 }) }),
  fc.record({
    op: fc.constant('huge-line' as const),
    at: fc.nat(),
    unit: fc.constantFrom('a', '`', ' ', '\\', '- ', '$ ', "'", '"', '(', '[', '{', '|', 'x=', '#'),
    // on both sides of the readers' 4096-character line limit (longer lines are skipped, not scanned)
    count: fc.integer({ min: 2000, max: 12_000 }),
  }),
  fc.record({ op: fc.constantFrom('dup-line' as const, 'drop-line' as const), at: fc.nat() }),
);

export function mutateReport(text: string, op: ReportOp): string {
  const at = op.at % (text.length + 1);
  switch (op.op) {
    case 'truncate':
      return text.slice(0, at);
    case 'insert':
      return text.slice(0, at) + op.text + text.slice(at);
    case 'huge-line':
      return `${text.slice(0, at)}\n${op.unit.repeat(op.count)}\n${text.slice(at)}`;
    default:
      return damageLines(text, { op: op.op, at: op.at });
  }
}
