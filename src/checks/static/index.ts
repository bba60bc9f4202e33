import type { LabFacts } from '../../lab/facts.ts';
import { checkSpec, type Rubric } from '../../rubric/rubric.ts';
import { type StaticCheckId, staticCheckIds } from '../registry.ts';
import { type CheckOutcome, type CheckResult, groupOf } from '../types.ts';
import { labelsMatchPoolsCheck } from './label-checks.ts';
import { startFlagsCheck } from './minikube-checks.ts';
import {
  cidrValidCheck,
  defaultRemovedCheck,
  noOverlapCheck,
  poolsDefinedCheck,
  selectorsValidCheck,
  shownIpsInPoolsCheck,
} from './pool-checks.ts';
import { serviceSelectsPodsCheck } from './service-checks.ts';
import { manifestsCheck, reportCheck } from './submission-checks.ts';
import { envCheck, imageCheck, replicasCheck } from './workload-checks.ts';

export type StaticCheckFn = (facts: LabFacts) => CheckOutcome;

/**
 * The function of each static check, by id. The registry (`../registry.ts`) declares the checks, their
 * order, titles and points; the type and a test make sure every entry has exactly one function here.
 */
export const STATIC_CHECK_FUNCTIONS: { readonly [id in StaticCheckId]: StaticCheckFn } = {
  'submission.manifests': manifestsCheck,
  'submission.report': reportCheck,
  'minikube.start-flags': startFlagsCheck,
  'pools.defined': poolsDefinedCheck,
  'pools.cidr-valid': cidrValidCheck,
  'pools.no-overlap': noOverlapCheck,
  'pools.selectors-valid': selectorsValidCheck,
  'pools.default-removed': defaultRemovedCheck,
  'labels.match-pools': labelsMatchPoolsCheck,
  'pods.shown-ips-in-pools': shownIpsInPoolsCheck,
  'deployment.replicas': replicasCheck,
  'deployment.image': imageCheck,
  'deployment.env': envCheck,
  'service.selects-pods': serviceSelectsPodsCheck,
};

/**
 * A check the registry declares without a function: it runs as an `error` (exit 3) rather than
 * vanishing from the grade. The registry test fails first.
 */
export function unregisteredFunction(id: string): () => never {
  return () => {
    throw new Error(`check ${id} is in src/checks/registry.ts but has no function`);
  };
}

/** The static catalogue, in report order (the registry's). Ids are a public interface: never rename one. */
export const STATIC_CHECKS: readonly (readonly [string, StaticCheckFn])[] = staticCheckIds().map((id) => [
  id,
  (STATIC_CHECK_FUNCTIONS as Record<string, StaticCheckFn>)[id] ?? unregisteredFunction(id),
]);

/** Turns an outcome into a result with the rubric's title and points; a throwing check is an `error`. */
export function toResult(id: string, rubric: Rubric, run: () => CheckOutcome): CheckResult {
  const spec = checkSpec(rubric, id);
  let outcome: CheckOutcome;
  try {
    outcome = run();
  } catch (e) {
    outcome = {
      status: 'error',
      message: `the check crashed: ${(e as Error).message}`,
      hint: 'This is a bug in kube-lab-grader, not in your submission; please report it with the submission.',
    };
  }
  const points = outcome.points ?? (outcome.status === 'pass' ? spec.points : 0);
  return {
    id,
    group: groupOf(id),
    title: spec.title,
    status: outcome.status,
    points,
    maxPoints: spec.points,
    message: outcome.message,
    ...(outcome.hint !== undefined ? { hint: outcome.hint } : {}),
    ...(outcome.evidence !== undefined ? { evidence: outcome.evidence } : {}),
    ...(outcome.diagnostics !== undefined ? { diagnostics: outcome.diagnostics } : {}),
  };
}

/** The static checks the rubric scores (less `skipIds`), on the lab model derived once per grade. */
export function runStaticChecks(facts: LabFacts, skipIds: ReadonlySet<string> = new Set()): CheckResult[] {
  const rubric = facts.rubric;
  return STATIC_CHECKS.filter(([id]) => !skipIds.has(id) && rubric.checks[id]).map(([id, fn]) =>
    toResult(id, rubric, () => fn(facts)),
  );
}
