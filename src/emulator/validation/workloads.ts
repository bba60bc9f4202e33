/**
 * The apps/v1 workload rules of the apiserver's validation (pkg/apis/apps/validation/validation.go:
 * ValidateDeploymentSpec, ValidatePodTemplateSpecForReplicaSet, and the strategies'
 * ValidateUpdate, which forbid a change of spec.selector in apps/v1 with
 * apivalidation.ValidateImmutableField — "field is immutable").
 */
import { goLabelSelector, goStringMap } from './go-format.ts';
import { type FieldError, invalid, validateLabels } from './labels.ts';

interface Requirement {
  key?: string;
  operator?: string;
  values?: string[];
}

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Requirement[];
}

// biome-ignore lint/suspicious/noExplicitAny: open-ended Kubernetes JSON.
type Any = any;

const WORKLOADS: Record<string, string> = {
  Deployment: 'deployment',
  ReplicaSet: 'deployment', // upstream reuses the Deployment wording for ReplicaSets
  DaemonSet: 'daemonset',
  StatefulSet: 'statefulset',
};

export function isWorkload(group: string, kind: string): boolean {
  return group === 'apps' && kind in WORKLOADS;
}

function requirementMatches(r: Requirement, labels: Record<string, string>): boolean {
  const has = r.key !== undefined && Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key as string] : undefined;
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(value as string);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

export function selectorMatches(sel: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  return (sel.matchExpressions ?? []).every((r) => requirementMatches(r, l));
}

function isEmptySelector(sel: Selector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions?.length ?? 0) === 0;
}

/** The spec rules of a workload: selector present, non-empty, valid labels, matching its template. */
export function validateWorkloadSpec(kind: string, obj: Any): FieldError[] {
  const errs: FieldError[] = [];
  const spec = obj.spec ?? {};
  const sel: Selector | undefined = spec.selector ?? undefined;
  if (!sel) errs.push({ field: 'spec.selector', body: 'Required value', reason: 'FieldValueRequired' });
  else {
    errs.push(...validateLabels(sel.matchLabels, 'spec.selector.matchLabels'));
    if (isEmptySelector(sel))
      errs.push(
        invalid('spec.selector', goLabelSelector(sel), `empty selector is invalid for ${WORKLOADS[kind]}`),
      );
  }
  const templateLabels = spec.template?.metadata?.labels as Record<string, string> | undefined;
  if (sel && !isEmptySelector(sel) && !selectorMatches(sel, templateLabels))
    errs.push(
      invalid(
        'spec.template.metadata.labels',
        goStringMap(templateLabels),
        '`selector` does not match template `labels`',
      ),
    );
  errs.push(...validateLabels(templateLabels, 'spec.template.metadata.labels'));
  return errs;
}

function normalised(sel: Selector | undefined): string {
  return JSON.stringify({
    matchLabels: Object.fromEntries(Object.entries(sel?.matchLabels ?? {}).sort()),
    matchExpressions: sel?.matchExpressions ?? [],
  });
}

/** apps/v1 forbids changing a workload's selector. */
export function validateWorkloadUpdate(next: Any, old: Any): FieldError[] {
  const a: Selector | undefined = next.spec?.selector;
  const b: Selector | undefined = old.spec?.selector;
  if (!a || normalised(a) === normalised(b)) return [];
  return [invalid('spec.selector', goLabelSelector(a), 'field is immutable')];
}
