import type { Kube } from '../cluster/kube.ts';
import type { Minikube } from '../cluster/minikube.ts';
import type { Evidence, StepAttempt, StepName } from '../evidence/schema.ts';
import type { LabFacts } from '../lab/facts.ts';
import type { Rubric } from '../rubric/rubric.ts';
import type { Submission } from '../submission/types.ts';
import type { LiveConfig, Timeouts } from './config.ts';
import type { Progress } from './progress.ts';
import type { RolloutRecord } from './steps/rollout.ts';

/** Everything the steps share during one live grade. Steps fill `ev` as they learn things. */
export interface LiveState {
  config: LiveConfig;
  rubric: Rubric;
  submission: Submission;
  facts: LabFacts;
  timeouts: Timeouts;
  progress: Progress;
  /** Environment for child processes (the stand-in's PATH, MINIKUBE_HOME, KUBECONFIG on sim). */
  env: NodeJS.ProcessEnv;
  kubeconfigPath?: string;
  minikube?: Minikube;
  kube?: Kube;
  /** Node names of the cluster, primary first. */
  nodeNames: string[];
  calicoVersion?: string;
  /** Namespace the workload went to. */
  namespace: string;
  /** Created by the grader (sim home), removed at cleanup unless kept. */
  tempDirs: string[];
  ev: EvidenceDraft;
  /** What the rollout wait saw (merged into the deployment evidence). */
  rolloutRecord?: RolloutRecord;
  /** Attempts of a step that retries (live/retry.ts); the step's record gets them when it tried twice or more. */
  attempts?: Partial<Record<StepName, StepAttempt[]>>;
}

/** The bundle under construction: every list starts empty, the step transcript is added at the end. */
export type EvidenceDraft = Omit<Evidence, 'steps' | 'durationMs'>;

export function requireKube(s: LiveState): Kube {
  if (!s.kube) throw new Error('no connection to the cluster (the cluster step did not succeed)');
  return s.kube;
}
