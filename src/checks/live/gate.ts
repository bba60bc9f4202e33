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

/** Steps that apply the submission (and what follows them): a refusal there leaves a check unverified. */
const APPLYING: readonly string[] = [STEP.labels, STEP.pools, STEP.deploy, STEP.rollout];
const REFUSED_WHAT: Record<string, string> = {
  labels: 'node labels',
  pools: 'IP pools',
  deploy: 'manifests',
};

/** The apply policy refused part of the submission: what it refused, and which check lists it. */
export function refusalSummary(ctx: LiveContext): { text: string; see: string[] } | undefined {
  const refusals = ctx.e.refusals ?? [];
  if (refusals.length === 0) return undefined;
  const steps = [...new Set(refusals.map((r) => r.step))];
  const see = steps.map((st) => REPORTED_BY[st]).filter((x): x is string => !!x);
  const what = steps.map((st) => REFUSED_WHAT[st] ?? st).join(' and ');
  return { text: `the grader refused the submission's ${what} (${refusals.length} refused)`, see };
}

/** The first of `steps` that did not succeed, as a skip outcome; undefined when all are ok. */
export function blockedBy(ctx: LiveContext, steps: readonly string[]): CheckOutcome | undefined {
  for (const name of steps) {
    const step = stepOf(ctx.e, name);
    const what = WHAT[name] ?? `step ${name}`;
    if (step?.status === 'ok') continue;
    const refused = APPLYING.includes(name) ? refusalSummary(ctx) : undefined;
    if (refused && step) {
      return {
        status: 'skip',
        message: `${refused.text}, so ${what} did not happen (see ${refused.see.join(', ')})`,
        hint: `Fix what ${refused.see.join(' and ')} ${refused.see.length > 1 ? 'list' : 'lists'} as refused; README "Apply policy" says what a grade creates.`,
        evidence: { blockedBy: { step: name, status: step.status, error: step.error }, refused: true },
      };
    }
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
