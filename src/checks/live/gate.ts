/**
 * Preconditions of live checks. A check whose input comes from a driver step that failed or was
 * skipped does not run: it reports `skip`, naming the step, its error and what it saw, and the check
 * that reports that failure. Never a silent pass.
 */
import { STEP } from '../../evidence/schema.ts';
import type { CheckOutcome } from '../types.ts';
import { type LiveContext, podState, podWhere, seconds, stepOf } from './context.ts';

const WHAT: Record<string, string> = {
  [STEP.cluster]: 'provisioning the cluster',
  [STEP.calico]: 'waiting for Calico',
  [STEP.labels]: 'labelling the nodes',
  [STEP.pools]: 'setting up the IP pools',
  [STEP.deploy]: 'applying the manifests',
  [STEP.rollout]: 'the Deployment rollout',
  [STEP.collect]: 'reading the cluster state',
  [STEP.lb]: 'the requests through the Service',
  [STEP.page]: "fetching each pod's page",
  [STEP.ping]: 'the ping probes',
  [STEP.dns]: 'the DNS probes',
};

/** The check that reports a step's own failure. */
const REPORTED_BY: Record<string, string> = {
  [STEP.cluster]: 'cluster.nodes-ready',
  [STEP.calico]: 'cluster.calico-healthy',
  [STEP.labels]: 'labels.applied',
  [STEP.pools]: 'pools.applied',
  [STEP.deploy]: 'deployment.rolled-out',
  [STEP.rollout]: 'deployment.rolled-out',
};

/** The first of `steps` that did not succeed, as a skip outcome; undefined when all are ok. */
export function blockedBy(ctx: LiveContext, steps: readonly string[]): CheckOutcome | undefined {
  for (const name of steps) {
    const step = stepOf(ctx.e, name);
    const what = WHAT[name] ?? `step ${name}`;
    if (step?.status === 'ok') continue;
    const see = REPORTED_BY[name] ? ` (see ${REPORTED_BY[name]})` : '';
    if (!step) {
      return {
        status: 'skip',
        message: `cannot check: the evidence has no record of ${what} (step '${name}')`,
        hint: 'Re-run `lab-grader grade`; this bundle was produced without that step.',
        evidence: { blockedBy: { step: name, status: 'missing' } },
      };
    }
    const how = step.status === 'failed' ? `failed after ${seconds(step.durationMs)}` : 'was skipped';
    const error = step.error ? `: ${step.error}` : '';
    const saw = sawAt(ctx, name) ?? step.detail;
    return {
      status: 'skip',
      message: `cannot check: ${what} ${how}${error}${saw ? `; saw ${saw}` : ''}${see}`,
      ...(REPORTED_BY[name]
        ? { hint: `Fix what ${REPORTED_BY[name]} reports first; this check runs after it.` }
        : {}),
      evidence: { blockedBy: { step: name, status: step.status, error: step.error, detail: step.detail } },
    };
  }
  return undefined;
}

/** What the bundle shows about a failed step, in a line. */
function sawAt(ctx: LiveContext, step: string): string | undefined {
  const { e } = ctx;
  if (step === STEP.rollout || step === STEP.deploy) {
    const d = e.deployment;
    const dep = d ? `${d.name} ${d.readyReplicas}/${d.replicas} ready` : 'no Deployment';
    const pods = e.pods.length
      ? `; pods ${e.pods.map((p) => `${p.name} ${podState(p)}${podWhere(p)}`).join(', ')}`
      : '; no pods';
    return `${dep}${pods}`;
  }
  if (step === STEP.calico && e.calicoNodes.length) {
    const ready = e.calicoNodes.filter((c) => c.ready).length;
    return `${ready}/${e.calicoNodes.length} calico-node Ready`;
  }
  return undefined;
}

/** Steps every live check needs: a cluster and a snapshot of it. */
export const BASE = [STEP.cluster, STEP.collect] as const;
/** ...and the app running. */
export const APP = [...BASE, STEP.rollout] as const;

/**
 * For a check that reports a step's own outcome: a failed step is that check's failure (it runs),
 * but a step that never ran (skipped after an earlier failure) makes it skip with the reason.
 */
export function notRun(ctx: LiveContext, step: string): CheckOutcome | undefined {
  const s = stepOf(ctx.e, step);
  if (s && s.status !== 'skipped') return undefined;
  return blockedBy(ctx, [step]);
}
