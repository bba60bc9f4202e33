/**
 * Label and field selectors as the apiserver accepts them in `?labelSelector=` / `?fieldSelector=`
 * (k8s.io/apimachinery/pkg/labels and pkg/fields). Parse errors are 400 BadRequest ApiErrors.
 */
import { apiErrors } from './errors.ts';
import type { KubeObject, ResourceType } from './types.ts';

export type LabelOperator = 'equals' | 'notEquals' | 'in' | 'notin' | 'exists' | 'doesNotExist';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export type Labels = Record<string, string> | undefined;

/** A parsed selector: every requirement must hold (comma = AND). Empty = matches everything. */
export interface LabelSelector {
  requirements: LabelRequirement[];
  matches(labels: Labels): boolean;
}

function requirementMatches(r: LabelRequirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'exists':
      return has;
    case 'doesNotExist':
      return !has;
    case 'equals':
    case 'in':
      return has && r.values.includes(value as string);
    case 'notEquals':
    case 'notin':
      return !has || !r.values.includes(value as string);
  }
}

function selectorOf(requirements: LabelRequirement[]): LabelSelector {
  return {
    requirements,
    matches: (labels) => requirements.every((r) => requirementMatches(r, labels)),
  };
}

const KEY_CHAR = /[A-Za-z0-9._/-]/;
const VALUE_CHAR = /[A-Za-z0-9._-]/;

function parseError(selector: string, why: string): Error {
  return apiErrors.badRequest(`unable to parse requirement: ${why} in selector "${selector}"`);
}

/** Parses `app=web,tier!=db,rack in (0,1),!legacy`. Throws a 400 ApiError on bad syntax. */
export function parseLabelSelector(input: string | undefined | null): LabelSelector {
  const s = (input ?? '').trim();
  const requirements: LabelRequirement[] = [];
  if (!s) return selectorOf(requirements);
  let i = 0;
  const skipSpaces = () => {
    while (i < s.length && s[i] === ' ') i++;
  };
  const readWhile = (re: RegExp) => {
    const start = i;
    while (i < s.length && re.test(s[i])) i++;
    return s.slice(start, i);
  };
  for (;;) {
    skipSpaces();
    let negated = false;
    if (s[i] === '!') {
      negated = true;
      i++;
      skipSpaces();
    }
    const key = readWhile(KEY_CHAR);
    if (!key) throw parseError(s, `found '${s[i] ?? 'end of string'}', expected: identifier`);
    skipSpaces();
    if (negated) {
      requirements.push({ key, operator: 'doesNotExist', values: [] });
    } else if (i >= s.length || s[i] === ',') {
      requirements.push({ key, operator: 'exists', values: [] });
    } else if (s.startsWith('==', i) || s[i] === '=' || s.startsWith('!=', i)) {
      const operator: LabelOperator = s[i] === '!' ? 'notEquals' : 'equals';
      i += s.startsWith('==', i) || s.startsWith('!=', i) ? 2 : 1;
      skipSpaces();
      const value = readWhile(VALUE_CHAR);
      requirements.push({ key, operator, values: [value] });
    } else {
      const word = readWhile(/[a-z]/);
      if (word !== 'in' && word !== 'notin')
        throw parseError(s, `found '${word || s[i]}', expected: in, notin, =, ==, !=`);
      skipSpaces();
      if (s[i] !== '(') throw parseError(s, `found '${s[i] ?? 'end of string'}', expected: '('`);
      i++;
      const values: string[] = [];
      for (;;) {
        skipSpaces();
        values.push(readWhile(VALUE_CHAR));
        skipSpaces();
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === ')') {
          i++;
          break;
        }
        throw parseError(s, `found '${s[i] ?? 'end of string'}', expected: ',' or ')'`);
      }
      requirements.push({ key, operator: word === 'in' ? 'in' : 'notin', values });
    }
    skipSpaces();
    if (i >= s.length) break;
    if (s[i] !== ',') throw parseError(s, `found '${s[i]}', expected: ','`);
    i++;
  }
  return selectorOf(requirements);
}

/** A `metav1.LabelSelector` object (Deployment/Service-style `matchLabels` + `matchExpressions`). */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }[];
}

/** Matches a metav1.LabelSelector; an empty selector matches everything (as in the API). */
export function labelSelectorObjectMatches(
  selector: LabelSelectorObject | undefined,
  labels: Labels,
): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels?.[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const operator = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: 'doesNotExist' } as const)[
      e.operator
    ];
    if (!requirementMatches({ key: e.key, operator, values: e.values ?? [] }, labels)) return false;
  }
  return true;
}

// ---------------------------------------------------------------- fields

export interface FieldRequirement {
  field: string;
  operator: 'equals' | 'notEquals';
  value: string;
}

export interface FieldSelector {
  requirements: FieldRequirement[];
  matches(obj: KubeObject): boolean;
}

type FieldGetter = (obj: KubeObject) => unknown;

const METADATA_FIELDS: Record<string, FieldGetter> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace,
};

/** Selectable fields per kind (pkg/registry/<kind>/strategy.go `…ToSelectableFields`). */
const FIELDS_BY_KIND: Record<string, Record<string, FieldGetter>> = {
  Pod: {
    'spec.nodeName': (o) => o.spec?.nodeName,
    'spec.restartPolicy': (o) => o.spec?.restartPolicy,
    'spec.schedulerName': (o) => o.spec?.schedulerName,
    'spec.serviceAccountName': (o) => o.spec?.serviceAccountName,
    'spec.hostNetwork': (o) => String(o.spec?.hostNetwork === true),
    'status.phase': (o) => o.status?.phase,
    'status.podIP': (o) => o.status?.podIP,
    'status.nominatedNodeName': (o) => o.status?.nominatedNodeName,
  },
  Node: { 'spec.unschedulable': (o) => String(o.spec?.unschedulable === true) },
  Namespace: { 'status.phase': (o) => o.status?.phase },
  Secret: { type: (o) => o.type },
  ReplicaSet: { 'status.replicas': (o) => String(o.status?.replicas ?? 0) },
  // `kubectl describe` lists a object's events with involvedObject.* selectors.
  Event: {
    'involvedObject.kind': (o) => o.involvedObject?.kind,
    'involvedObject.namespace': (o) => o.involvedObject?.namespace,
    'involvedObject.name': (o) => o.involvedObject?.name,
    'involvedObject.uid': (o) => o.involvedObject?.uid,
    'involvedObject.apiVersion': (o) => o.involvedObject?.apiVersion,
    'involvedObject.resourceVersion': (o) => o.involvedObject?.resourceVersion,
    'involvedObject.fieldPath': (o) => o.involvedObject?.fieldPath,
    reason: (o) => o.reason,
    reportingComponent: (o) => o.reportingComponent,
    source: (o) => o.source?.component ?? o.reportingComponent,
    type: (o) => o.type,
  },
};

function unescapeFieldValue(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}

/** Splits on a separator not preceded by a backslash (field values may escape `,` `=` `!`). */
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      cur += s[i] + s[i + 1];
      i++;
    } else if (s[i] === sep) {
      out.push(cur);
      cur = '';
    } else cur += s[i];
  }
  out.push(cur);
  return out;
}

/**
 * Parses `metadata.name=web,spec.nodeName!=n1` for one resource type. A field the type does not
 * support gives 400 `field label not supported: <field>` as the real apiserver does.
 */
export function parseFieldSelector(input: string | undefined | null, rt: ResourceType): FieldSelector {
  const s = (input ?? '').trim();
  const requirements: FieldRequirement[] = [];
  const getters: FieldGetter[] = [];
  if (s) {
    const supported = { ...METADATA_FIELDS, ...(FIELDS_BY_KIND[rt.kind] ?? {}) };
    for (const part of splitUnescaped(s, ',')) {
      const m = /^\s*([^!=\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
      if (!m) throw apiErrors.badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
      const [, field, op, rawValue] = m;
      const getter = supported[field];
      if (!getter) throw apiErrors.badRequest(`field label not supported: ${field}`);
      requirements.push({
        field,
        operator: op === '!=' ? 'notEquals' : 'equals',
        value: unescapeFieldValue(rawValue),
      });
      getters.push(getter);
    }
  }
  return {
    requirements,
    matches(obj) {
      for (let i = 0; i < requirements.length; i++) {
        const actual = String(getters[i](obj) ?? '');
        const r = requirements[i];
        if ((actual === r.value) !== (r.operator === 'equals')) return false;
      }
      return true;
    },
  };
}
