/**
 * The live catalogue: checks of what the cluster shows after the submission was applied, each a pure
 * function of the evidence bundle (and, optionally, the lab model of the submission). Ids are a public interface; the
 * registry (`../registry.ts`) declares them and which static check each replaces in a live grade
 * (today `pools.default-removed` replaces the static check of the same id).
 */
import type { Evidence } from '../../evidence/schema.ts';
import type { LabFacts } from '../../lab/facts.ts';
import type { Rubric } from '../../rubric/rubric.ts';
import { type LiveCheckId, liveCheckIds } from '../registry.ts';
import { toResult, unregisteredFunction } from '../static/index.ts';
import type { CheckOutcome, CheckResult } from '../types.ts';
import { calicoHealthyCheck, nodesReadyCheck, runtimeContainerdCheck } from './cluster-checks.ts';
import { buildLiveContext, type LiveContext } from './context.ts';
import { pingFqdnCheck, pingIpCheck, serviceResolvesCheck } from './network-checks.ts';
import { ipInRackPoolCheck, rolledOutCheck, spreadAcrossRacksCheck } from './pod-checks.ts';
import { defaultRemovedCheck, labelsAppliedCheck, poolsAppliedCheck } from './pool-checks.ts';
import { endpointsCheck, envRenderedCheck, lbSpreadCheck } from './service-checks.ts';

export type LiveCheckFn = (ctx: LiveContext) => CheckOutcome;

/**
 * The function of each live check, by id. The registry (`../registry.ts`) declares the checks, their
 * order, titles, points and which static check one replaces; the type and a test make sure every
 * entry has exactly one function here.
 */
export const LIVE_CHECK_FUNCTIONS: { readonly [id in LiveCheckId]: LiveCheckFn } = {
  'cluster.nodes-ready': nodesReadyCheck,
  'cluster.runtime-containerd': runtimeContainerdCheck,
  'cluster.calico-healthy': calicoHealthyCheck,
  'labels.applied': labelsAppliedCheck,
  'pools.applied': poolsAppliedCheck,
  'pools.default-removed': defaultRemovedCheck,
  'deployment.rolled-out': rolledOutCheck,
  'pods.spread-across-racks': spreadAcrossRacksCheck,
  'pods.ip-in-rack-pool': ipInRackPoolCheck,
  'service.endpoints': endpointsCheck,
  'service.lb-spread': lbSpreadCheck,
  'app.env-rendered': envRenderedCheck,
  'network.ping-ip': pingIpCheck,
  'network.ping-fqdn': pingFqdnCheck,
  'dns.service-resolves': serviceResolvesCheck,
};

/** In report order (the registry's). */
export const LIVE_CHECKS: readonly (readonly [string, LiveCheckFn])[] = liveCheckIds().map((id) => [
  id,
  (LIVE_CHECK_FUNCTIONS as Record<string, LiveCheckFn>)[id] ?? unregisteredFunction(id),
]);

/**
 * Ids a live grade takes from this catalogue; pass it to runStaticChecks as skipIds (of the static
 * ids, it holds those the registry says a live check replaces: `replacedByLive()`).
 */
export const LIVE_CHECK_IDS: ReadonlySet<string> = new Set(liveCheckIds());

export function runLiveChecks(evidence: Evidence, rubric: Rubric, facts?: LabFacts): CheckResult[] {
  const ctx = buildLiveContext(evidence, rubric, facts);
  return LIVE_CHECKS.filter(([id]) => rubric.checks[id]).map(([id, fn]) =>
    toResult(id, rubric, () => fn(ctx)),
  );
}

export { buildLiveContext, type LiveContext } from './context.ts';
export { assembleDiagnostics, type DiagnosticSection } from './diagnostics.ts';
