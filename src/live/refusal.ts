/**
 * How the apply steps report refusals: recorded in the evidence (so checks and `evaluate` see them)
 * and thrown as the step's error, naming each object, its file:line and the rule.
 */
import type { EvidenceRefusal } from '../evidence/schema.ts';
import { type ApplyStep, formatRefusals, type Refusal } from './policy.ts';
import type { LiveState } from './state.ts';

export class RefusedError extends Error {
  constructor(
    readonly step: ApplyStep,
    readonly refusals: readonly Refusal[],
  ) {
    super(
      `refused by the apply policy (nothing of the submission was ${step === 'labels' ? 'labelled' : 'created'} in this step): ${formatRefusals(refusals)}`,
    );
    this.name = 'RefusedError';
  }
}

/** Records the refusals in the evidence and throws them as the step's failure. */
export function refuse(s: LiveState, step: ApplyStep, refusals: readonly Refusal[]): never {
  const recorded: EvidenceRefusal[] = refusals.map((r) => ({ ...r }));
  s.ev.refusals = [...(s.ev.refusals ?? []), ...recorded];
  throw new RefusedError(step, refusals);
}

/**
 * After a refusal, later steps apply nothing more of the submission: the grade of what the cluster
 * does would be a grade of something else. Throws naming the step that refused.
 */
export function stopAfterRefusal(s: LiveState, step: ApplyStep): void {
  const earlier = (s.ev.refusals ?? []).filter((r) => r.step !== step);
  if (earlier.length === 0) return;
  const steps = [...new Set(earlier.map((r) => r.step))];
  throw new Error(
    `not applied: the grader refused the submission's ${steps.map(stepWhat).join(' and ')} (${earlier.length} refusal${earlier.length > 1 ? 's' : ''}, see ${steps.map(reportedBy).join(', ')}), and applies nothing more of it`,
  );
}

const stepWhat = (step: string) =>
  step === 'labels' ? 'node labels' : step === 'pools' ? 'IP pools' : 'manifests';
const reportedBy = (step: string) =>
  step === 'labels' ? 'labels.applied' : step === 'pools' ? 'pools.applied' : 'deployment.rolled-out';
