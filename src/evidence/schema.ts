/**
 * The evidence bundle of a live grade (`evidence.json`): everything the driver saw on the cluster,
 * recorded once so that `lab-grader evaluate evidence.json` re-grades offline to the same result.
 * Live checks are pure functions of this bundle (plus, optionally, the submission).
 *
 * Conventions for a driver filling it from a real minikube:
 * - Times are ISO-8601 strings (`kubectl` prints `2024-11-08T10:00:00Z`); durations in milliseconds.
 * - Lists hold what was read, not what was expected; an empty list means "read, found nothing". Whether
 *   something could be read at all is told by `steps` (see STEP): a check whose input comes from a step
 *   that failed or was skipped reports `skip` with that step's error, never a pass.
 * - A probe step (`lb`, `page`, `ping`, `dns`) is `ok` when the probes ran, whatever they found;
 *   `failed` only when they could not run (no pod to exec into, port-forward failed).
 * - Raw outputs (`ping[].output`, `dns[].output`, `cniConfig`, `diagnostics.*`) are kept verbatim (the
 *   driver may cut long ones to their tail) so a better parser can re-read them later.
 */
import { z } from 'zod';

export const EVIDENCE_SCHEMA = 'kube-lab-grader/evidence@1' as const;

/**
 * The driver's steps, in order, and what each one means. Names are part of the format: checks look
 * steps up by these names.
 */
export const STEP = {
  /** Provision or connect to the cluster (`minikube start …`, or the existing context). */
  cluster: 'cluster',
  /** Wait for calico-node on every node and calico-kube-controllers. */
  calico: 'calico',
  /** Apply the node labels (the report's `kubectl label` commands, or labels inferred from the pools). */
  labels: 'labels',
  /** Delete/disable the default pool as the report does, and create the submission's pools. */
  pools: 'pools',
  /** `kubectl apply` the submission's Deployment and Service. */
  deploy: 'deploy',
  /** Wait for the Deployment to roll out (rubric `rolloutTimeoutSeconds`). */
  rollout: 'rollout',
  /**
   * Read nodes, pools, IPAM blocks, pods, the Service and its endpoints (the snapshot). Runs whatever
   * happened before (a failed rollout included), so failures can be explained.
   */
  collect: 'collect',
  /** HTTP requests through the Service, each on a fresh connection. */
  lb: 'lb',
  /** GET `/` and the JS bundle from each pod. */
  page: 'page',
  /** `ping` between the pods, by IP and by DNS name. */
  ping: 'ping',
  /** `nslookup` of the Service from a pod. */
  dns: 'dns',
} as const;
export type StepName = (typeof STEP)[keyof typeof STEP];

const isoTime = z.iso.datetime({ offset: true });
const labels = z.record(z.string(), z.string());

export const clusterSchema = z.object({
  kind: z.enum(['sim', 'minikube', 'existing']),
  profile: z.string().optional(),
  context: z.string().optional(),
  versions: z.object({
    minikube: z.string().optional(),
    kubernetes: z.string().optional(),
    calico: z.string().optional(),
    /** As the nodes report it, e.g. `containerd://1.7.21`. */
    containerRuntime: z.string().optional(),
  }),
});

export const nodeSchema = z.object({
  name: z.string().min(1),
  ready: z.boolean(),
  /** The Ready condition's reason and message when not ready (`KubeletNotReady: … cni plugin not initialized`). */
  readyMessage: z.string().optional(),
  labels,
  internalIP: z.string(),
  /** `status.nodeInfo.containerRuntimeVersion`, e.g. `containerd://1.7.21` or `docker://27.2.0`. */
  containerRuntimeVersion: z.string(),
  podCIDR: z.string().optional(),
  /** Raw `/etc/cni/net.d/10-calico.conflist` of this node. */
  cniConfig: z.string().optional(),
  /** `ipam.type` of the calico plugin in cniConfig (`calico-ipam`, `host-local`). */
  cniIpamType: z.string().optional(),
});

/** An IPPool as it is on the cluster after the pools step (defaults applied by Calico). */
export const poolSchema = z.object({
  name: z.string().min(1),
  cidr: z.string(),
  blockSize: z.number().int(),
  nodeSelector: z.string(),
  disabled: z.boolean(),
  ipipMode: z.string(),
  natOutgoing: z.boolean(),
  vxlanMode: z.string().optional(),
  /** metadata.creationTimestamp. */
  createdAt: isoTime.optional(),
});

export const ipamBlockSchema = z.object({
  cidr: z.string(),
  /** Calico's block affinity, `host:<node>`; absent for a block whose affinity was released. */
  affinity: z.string().optional(),
  /** Allocated addresses in the block (tunnel address included). */
  inUse: z.number().int().min(0),
});

export const calicoNodeSchema = z.object({
  pod: z.string(),
  node: z.string(),
  ready: z.boolean(),
  phase: z.string(),
  image: z.string(),
  restartCount: z.number().int().min(0).optional(),
});

export const nodeLabelSchema = z.object({ node: z.string(), key: z.string(), value: z.string() });

export const conditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
});

export const deploymentSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  /** spec.replicas */
  replicas: z.number().int().min(0),
  readyReplicas: z.number().int().min(0),
  availableReplicas: z.number().int().min(0),
  updatedReplicas: z.number().int().min(0),
  conditions: z.array(conditionSchema),
  /** `kubectl rollout status` succeeded within the timeout. */
  rolledOut: z.boolean(),
  waitedMs: z.number().min(0),
  /** The last rollout status line seen (`Waiting for deployment "x" rollout to finish: 0 of 2 updated replicas are available...`). */
  lastSeen: z.string().optional(),
  /** Literal env values of the app container on the cluster (valueFrom resolved when the driver could). */
  env: z.record(z.string(), z.string()).optional(),
  image: z.string().optional(),
});

export const containerStatusSchema = z.object({
  name: z.string(),
  image: z.string().optional(),
  ready: z.boolean(),
  restartCount: z.number().int().min(0),
  state: z.enum(['running', 'waiting', 'terminated', 'unknown']),
  /** waiting/terminated reason: ContainerCreating, ImagePullBackOff, CrashLoopBackOff, Error… */
  reason: z.string().optional(),
  message: z.string().optional(),
});

/** A pod of the graded workload (selected by the Deployment's selector). */
export const podSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  /** spec.nodeName; absent while unscheduled. */
  node: z.string().optional(),
  /** status.podIP; absent until the CNI gave one. */
  ip: z.string().optional(),
  phase: z.string(),
  ready: z.boolean(),
  /** metadata.creationTimestamp. */
  createdAt: isoTime,
  labels: labels.optional(),
  conditions: z.array(conditionSchema).optional(),
  containerStatuses: z.array(containerStatusSchema),
  restartCount: z.number().int().min(0),
  /** First waiting container's reason (ContainerCreating, ImagePullBackOff…). */
  waitingReason: z.string().optional(),
});

export const servicePortSchema = z.object({
  name: z.string().optional(),
  port: z.number().int(),
  targetPort: z.union([z.number().int(), z.string()]).optional(),
  nodePort: z.number().int().optional(),
  protocol: z.string().optional(),
});

export const serviceSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  type: z.string(),
  clusterIP: z.string(),
  ports: z.array(servicePortSchema),
  selector: labels,
  sessionAffinity: z.string(),
});

export const endpointSchema = z.object({
  ip: z.string(),
  pod: z.string().optional(),
  node: z.string().optional(),
  ready: z.boolean(),
});

export const lbSampleSchema = z.object({
  /** The pod that answered, as identified from the page (bundle) it served. */
  pod: z.string().optional(),
  ip: z.string().optional(),
  ok: z.boolean(),
  error: z.string().optional(),
});

export const lbProbeSchema = z.object({
  /** `host`: from the grader's machine (NodePort / port-forward); `in-cluster`: from a pod to the ClusterIP. */
  method: z.enum(['host', 'in-cluster']),
  url: z.string().optional(),
  samples: z.array(lbSampleSchema),
  /** Answered requests per pod name. */
  counts: z.record(z.string(), z.number().int().min(0)),
  /** The driver's even-split p-value, for the record; checks recompute it from the samples. */
  pValue: z.number().min(0).max(1).optional(),
});

export const pageFieldSchema = z.enum(['username', 'company', 'containerName', 'containerIp']);

export const pageProbeSchema = z.object({
  pod: z.string(),
  bundlePath: z.string().optional(),
  username: z.string().optional(),
  company: z.string().optional(),
  containerName: z.string().optional(),
  containerIp: z.string().optional(),
  /** Fields that showed App.js's placeholder `(₌ ᵕ̣̣̣̣̣ ᆽ ᵕ̣̣̣̣̣₌)` (unset at build time). */
  placeholders: z.array(pageFieldSchema).optional(),
  /** Why the page or bundle could not be read (`connection refused` while the app builds). */
  error: z.string().optional(),
});

export const pingProbeSchema = z.object({
  /** Pod the ping ran in. */
  from: z.string(),
  /** Pod the target stands for. */
  to: z.string(),
  /** As typed: an IP or a DNS name. */
  target: z.string(),
  kind: z.enum(['ip', 'fqdn']),
  transmitted: z.number().int().min(0),
  received: z.number().int().min(0),
  lossPct: z.number().min(0).max(100),
  /** The address ping resolved the target to (header line). */
  resolvedIp: z.string().optional(),
  rtt: z.object({ min: z.number(), avg: z.number(), max: z.number() }).optional(),
  exitCode: z.number().int(),
  output: z.string(),
});

export const dnsProbeSchema = z.object({
  from: z.string(),
  name: z.string(),
  resolved: z.array(z.string()),
  /** The address the name must resolve to (the Service's ClusterIP). */
  expected: z.string(),
  exitCode: z.number().int(),
  output: z.string(),
});

export const stepSchema = z.object({
  name: z.string().min(1),
  status: z.enum(['ok', 'failed', 'skipped']),
  startedAt: isoTime,
  durationMs: z.number().min(0),
  /** What the step saw (`2/2 calico-node Ready`), or why it was skipped. */
  detail: z.string().optional(),
  /** The error that failed it, verbatim (`error: timed out waiting for the condition`). */
  error: z.string().optional(),
  /**
   * Every attempt of a step that was retried (`grade --retries N`: a `minikube start` failing for
   * reasons outside the submission), in order; absent when the step ran once.
   */
  attempts: z
    .array(
      z.object({
        startedAt: isoTime,
        durationMs: z.number().min(0),
        /** Why the attempt failed; absent for the one that succeeded. */
        error: z.string().optional(),
      }),
    )
    .optional(),
});

export const diagnosticsSchema = z.object({
  /** `kubectl get pods -A -o wide` (+ describe of failing pods). */
  pods: z.string().optional(),
  /** `kubectl get events -A --sort-by=.lastTimestamp`. */
  events: z.string().optional(),
  /** Tail of `kubectl -n kube-system logs -l k8s-app=calico-node`. */
  calicoNodeLog: z.string().optional(),
  /** Node name -> raw CNI config (`/etc/cni/net.d/10-calico.conflist`). */
  cniConfigs: z.record(z.string(), z.string()).optional(),
  /** `calicoctl ipam show --show-blocks`. */
  ipamShow: z.string().optional(),
});

/** The parts of the submission the live checks compare against, copied so re-grading needs no files. */
export const submissionEvidenceSchema = z.object({
  path: z.string(),
  labelsFromReport: z.array(nodeLabelSchema).optional(),
  /** The rack pools the submission defines (name, cidr, nodeSelector as written). */
  pools: z.array(z.object({ name: z.string(), cidr: z.string(), nodeSelector: z.string() })).optional(),
  /** The Deployment's literal env values as written. */
  env: z.record(z.string(), z.string()).optional(),
});

/** An object (or label) the live apply policy refused, with the rule (src/live/policy.ts). */
export const refusalSchema = z.object({
  /** The step that refused it: labels, pools or deploy. */
  step: z.string(),
  /** `Deployment web (deployment.yaml:1)` */
  object: z.string(),
  rule: z.string(),
  message: z.string(),
});

/** Who removed the default pool during setup: the report's own command, or the grader because the report shows none. */
export const defaultPoolRemovalSchema = z.object({
  by: z.enum(['report', 'manifest', 'grader']),
  how: z.string(),
});

export const evidenceSchema = z.object({
  schema: z.literal(EVIDENCE_SCHEMA),
  cluster: clusterSchema,
  nodes: z.array(nodeSchema),
  pools: z.array(poolSchema),
  ipamBlocks: z.array(ipamBlockSchema),
  calicoNodes: z.array(calicoNodeSchema),
  calicoKubeControllersReady: z.boolean(),
  labelsSource: z.enum(['report', 'inferred']),
  labelsApplied: z.array(nodeLabelSchema),
  /** What the apply policy refused; absent or empty when nothing was. */
  refusals: z.array(refusalSchema).optional(),
  /** Absent when the pools step did not get that far. */
  defaultPoolRemoval: defaultPoolRemovalSchema.optional(),
  deployment: deploymentSchema.nullable(),
  pods: z.array(podSchema),
  service: serviceSchema.nullable(),
  endpoints: z.array(endpointSchema),
  probes: z.object({
    lb: lbProbeSchema.nullable(),
    page: z.array(pageProbeSchema),
    ping: z.array(pingProbeSchema),
    dns: z.array(dnsProbeSchema),
  }),
  steps: z.array(stepSchema),
  /** The grade was stopped by a signal (during `step`, when one was running); it is not a full run. */
  interrupted: z.object({ signal: z.string(), step: z.string().optional() }).optional(),
  /** The cluster stopped answering during `step` (an infrastructure failure, not the submission's). */
  clusterLost: z.object({ step: z.string(), error: z.string() }).optional(),
  diagnostics: diagnosticsSchema,
  submission: submissionEvidenceSchema,
  startedAt: isoTime,
  durationMs: z.number().min(0),
});

export type Evidence = z.infer<typeof evidenceSchema>;
export type EvidenceNode = z.infer<typeof nodeSchema>;
export type EvidencePool = z.infer<typeof poolSchema>;
export type EvidenceIpamBlock = z.infer<typeof ipamBlockSchema>;
export type EvidenceCalicoNode = z.infer<typeof calicoNodeSchema>;
export type EvidenceNodeLabel = z.infer<typeof nodeLabelSchema>;
export type EvidenceRefusal = z.infer<typeof refusalSchema>;
export type EvidenceCondition = z.infer<typeof conditionSchema>;
export type EvidenceDeployment = z.infer<typeof deploymentSchema>;
export type EvidenceContainerStatus = z.infer<typeof containerStatusSchema>;
export type EvidencePod = z.infer<typeof podSchema>;
export type EvidenceService = z.infer<typeof serviceSchema>;
export type EvidenceEndpoint = z.infer<typeof endpointSchema>;
export type LbProbe = z.infer<typeof lbProbeSchema>;
export type LbSample = z.infer<typeof lbSampleSchema>;
export type PageProbe = z.infer<typeof pageProbeSchema>;
export type PageField = z.infer<typeof pageFieldSchema>;
export type PingProbe = z.infer<typeof pingProbeSchema>;
export type DnsProbe = z.infer<typeof dnsProbeSchema>;
export type EvidenceStep = z.infer<typeof stepSchema>;
export type StepAttempt = NonNullable<EvidenceStep['attempts']>[number];
export type EvidenceDiagnostics = z.infer<typeof diagnosticsSchema>;

export class EvidenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvidenceError';
  }
}

/** Validates parsed JSON as an evidence bundle; throws EvidenceError naming every bad field. */
export function toEvidence(data: unknown, origin = 'evidence'): Evidence {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new EvidenceError(`${origin}: not an evidence bundle (expected a JSON object)`);
  const schema = (data as { schema?: unknown }).schema;
  if (schema !== EVIDENCE_SCHEMA) {
    const seen = schema === undefined ? 'no "schema" field' : `schema ${JSON.stringify(schema)}`;
    throw new EvidenceError(`${origin}: not a ${EVIDENCE_SCHEMA} bundle (${seen})`);
  }
  const parsed = evidenceSchema.safeParse(data);
  if (!parsed.success)
    throw new EvidenceError(`${origin}: invalid evidence bundle\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Parses `evidence.json` text. */
export function parseEvidence(text: string, origin = 'evidence'): Evidence {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new EvidenceError(`${origin}: not valid JSON: ${(e as Error).message}`);
  }
  return toEvidence(data, origin);
}
