import type { CheckResult } from '../src/checks/types.ts';
import type { GradeResult } from '../src/report/model.ts';

/**
 * Agreement between the grader and an expert's labels (`labels.json` of the corpus). Pure: the
 * script around it does the I/O. Labels of "unknown"/null are not compared.
 */
export type Verdict = 'pass' | 'fail';

export interface FieldComparison {
  field: string;
  expert: Verdict;
  ours: Verdict | 'skip';
  message: string;
}

// biome-ignore lint/suspicious/noExplicitAny: labels.json is free-form expert data.
type Labels = Record<string, any>;

const bool = (v: unknown, passWhen: boolean): Verdict | undefined =>
  typeof v === 'boolean' ? (v === passWhen ? 'pass' : 'fail') : undefined;

/** Each labelled field the grader has a check for: how to read the expert's label, which check answers. */
const FIELDS: { field: string; check: string; expert: (l: Labels) => Verdict | undefined }[] = [
  {
    field: 'minikube_start',
    check: 'minikube.start-flags',
    expert: (l) =>
      Array.isArray(l.minikube_start) && l.minikube_start.length > 0 && l.nodes !== null
        ? l.nodes === 2 && l.cni === 'calico'
          ? 'pass'
          : 'fail'
        : undefined,
  },
  {
    field: 'pools',
    check: 'pools.defined',
    expert: (l) =>
      Array.isArray(l.pools)
        ? l.pools.filter((p: Labels) => p?.name && p?.cidr && p.name !== 'default-ipv4-ippool').length >= 2
          ? 'pass'
          : 'fail'
        : undefined,
  },
  { field: 'cidr_valid', check: 'pools.cidr-valid', expert: (l) => bool(l.cidr_valid, true) },
  { field: 'pools_overlap', check: 'pools.no-overlap', expert: (l) => bool(l.pools_overlap, false) },
  {
    field: 'default_pool_deleted',
    check: 'pools.default-removed',
    expert: (l) => bool(l.default_pool_deleted, true),
  },
  {
    field: 'selectors_match_labels',
    check: 'labels.match-pools',
    expert: (l) => bool(l.selectors_match_labels, true),
  },
  {
    field: 'deployment.replicas',
    check: 'deployment.replicas',
    expert: (l) => (l.deployment ? (l.deployment.replicas === 2 ? 'pass' : 'fail') : undefined),
  },
  {
    field: 'deployment.image',
    check: 'deployment.image',
    expert: (l) =>
      l.deployment
        ? /^(docker\.io\/)?ifilyaninitmo\/itdt-contained-frontend:master$/.test(String(l.deployment.image))
          ? 'pass'
          : 'fail'
        : undefined,
  },
  {
    field: 'deployment.env',
    check: 'deployment.env',
    expert: (l) =>
      l.deployment && Array.isArray(l.deployment.env_names)
        ? ['REACT_APP_USERNAME', 'REACT_APP_COMPANY_NAME'].every((n) => l.deployment.env_names.includes(n))
          ? 'pass'
          : 'fail'
        : undefined,
  },
  {
    field: 'service_selects_pods',
    check: 'service.selects-pods',
    expert: (l) => bool(l.service_selects_pods, true),
  },
];

export const COMPARED_FIELDS = [...FIELDS.map((f) => f.field), 'verdict'];

/**
 * The fields `labels_screens.json` decides where `labels.json` leaves them undecided (shown only in a
 * screenshot), and the one only it decides: `pods.shown-ips-in-pools`.
 */
const SCREEN_FIELDS: { field: string; expert: (s: Labels) => Verdict | undefined }[] = [
  {
    field: 'minikube_start',
    expert: (s) =>
      s.minikube_start?.shown === true &&
      Array.isArray(s.minikube_start.commands) &&
      s.minikube_start.commands.length
        ? s.minikube_start.nodes === 2 && s.minikube_start.cni === 'calico'
          ? 'pass'
          : 'fail'
        : undefined,
  },
  { field: 'default_pool_deleted', expert: (s) => bool(s.default_pool_deleted, true) },
  { field: 'selectors_match_labels', expert: (s) => bool(s.selectors_match_labels, true) },
  { field: 'pods.shown-ips-in-pools', expert: (s) => bool(s.pod_ips_in_pools, true) },
];

export const SCREEN_COMPARED_FIELDS = [...COMPARED_FIELDS.slice(0, -1), 'pods.shown-ips-in-pools', 'verdict'];

/**
 * Agreement counting both label files: `labels.json` where it decides a field, else
 * `labels_screens.json` (null when the folder has none: then this is `compare`).
 */
export function compareWithScreens(
  labels: Labels,
  screens: Labels | null,
  result: GradeResult,
): FieldComparison[] {
  const rows = compare(labels, result);
  if (!screens) return rows;
  const decided = new Set(rows.map((r) => r.field));
  for (const f of SCREEN_FIELDS) {
    if (decided.has(f.field)) continue;
    const expert = f.expert(screens);
    if (!expert) continue;
    const checkId =
      f.field === 'pods.shown-ips-in-pools' ? f.field : FIELDS.find((x) => x.field === f.field)?.check;
    const check = result.checks.find((c) => c.id === checkId);
    if (!check) continue;
    const ours = check.status === 'pass' ? 'pass' : check.status === 'skip' ? 'skip' : 'fail';
    rows.push({ field: f.field, expert, ours, message: check.message });
  }
  return rows;
}

/**
 * The grader's verdict "on the manifests and commands as written", as the expert judged: a check
 * that failed only because something is not shown as text does not fail the submission.
 */
export function ourVerdict(result: GradeResult): Verdict {
  const failing = result.checks.filter((c) => c.status === 'fail' || c.status === 'error');
  return failing.some((c) => !isNotShown(c)) ? 'fail' : 'pass';
}

/**
 * Not part of a verdict "as written": a failure because something is not shown as text, and a
 * failure that rests on a screenshot (the expert's verdict reads the text; labels_screens.json has
 * the screenshots' own fields).
 */
function isNotShown(c: CheckResult): boolean {
  const e = c.evidence as { notShown?: boolean; fromScreens?: boolean } | null | undefined;
  return typeof e === 'object' && e !== null && (e.notShown === true || e.fromScreens === true);
}

export function compare(labels: Labels, result: GradeResult): FieldComparison[] {
  const out: FieldComparison[] = [];
  for (const f of FIELDS) {
    const expert = f.expert(labels);
    if (!expert) continue;
    const check = result.checks.find((c) => c.id === f.check);
    if (!check) continue;
    const ours = check.status === 'pass' ? 'pass' : check.status === 'skip' ? 'skip' : 'fail';
    out.push({ field: f.field, expert, ours, message: check.message });
  }
  if (labels.verdict === 'pass' || labels.verdict === 'fail') {
    const failing = result.checks.filter((c) => c.status === 'fail' && !isNotShown(c)).map((c) => c.id);
    out.push({
      field: 'verdict',
      expert: labels.verdict,
      ours: ourVerdict(result),
      message: failing.join(', ') || 'no check failed on what is shown',
    });
  }
  return out;
}

export interface Agreement {
  compared: number;
  agreed: number;
  labelledFail: number;
  caught: number;
  labelledPass: number;
  kept: number;
  /** Mean of failures caught and passes kept (NaN-safe: a class with no labels is left out). */
  balancedAccuracy: number;
  rawAgreement: number;
}

export function agreement(rows: readonly FieldComparison[]): Agreement {
  const labelledFail = rows.filter((r) => r.expert === 'fail').length;
  const labelledPass = rows.filter((r) => r.expert === 'pass').length;
  const caught = rows.filter((r) => r.expert === 'fail' && r.ours === 'fail').length;
  const kept = rows.filter((r) => r.expert === 'pass' && r.ours === 'pass').length;
  const rates = [
    labelledFail ? caught / labelledFail : undefined,
    labelledPass ? kept / labelledPass : undefined,
  ].filter((x): x is number => x !== undefined);
  const agreed = caught + kept;
  return {
    compared: rows.length,
    agreed,
    labelledFail,
    caught,
    labelledPass,
    kept,
    balancedAccuracy: rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : 1,
    rawAgreement: rows.length ? agreed / rows.length : 1,
  };
}
