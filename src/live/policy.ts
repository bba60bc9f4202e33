/**
 * The live apply policy: what a grade may create on the cluster from an untrusted submission. Pure:
 * from the submission's classified objects (and report labels), the rubric and a few cluster facts
 * (node addresses, existing pools) to an ordered list of refusals, each naming the object, its
 * file:line, the rule and why. The labels, pools and deploy steps each refuse their own part before
 * applying anything (README "Apply policy"); the API server enforces Pod Security "baseline" on the
 * grading namespace as a second line.
 */
import { formatValidationError, ipPoolFieldErrors } from '../calico/ippool.ts';
import {
  type PoolProblem,
  poolCidrProblems,
  poolOverlaps,
  type ReservedNetwork,
  staticReservedNetworks,
} from '../calico/pool-policy.ts';
import type { EvidenceNodeLabel } from '../evidence/schema.ts';
import { baselineViolations, forbiddenDetail } from '../k8s/pod-security.ts';
import { formatQuantity, parseQuantity } from '../k8s/quantity.ts';
import type { LabFacts, PoolFact } from '../lab/facts.ts';
import { imageMatches } from '../lab/facts.ts';
import type { Rubric } from '../rubric/rubric.ts';
import type { ClassifiedObject } from '../submission/types.ts';

export type ApplyStep = 'labels' | 'pools' | 'deploy';

export type Rule =
  | 'kind'
  | 'workloads'
  | 'namespace'
  | 'create-only'
  | 'image'
  | 'service-account'
  | 'secret-type'
  | 'service-external-ips'
  | 'replicas'
  | 'resources'
  | 'object-count'
  | 'object-size'
  | 'pod-security'
  | 'calicoctl'
  | 'default-pool'
  | 'node-label'
  | PoolProblem['rule'];

export interface Refusal {
  step: ApplyStep;
  /** `Deployment web (deployment.yaml:1)` */
  object: string;
  rule: Rule;
  message: string;
}

// biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
type Json = any;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') : []);

export function describeObject(o: ClassifiedObject): string {
  return `${o.kind || '(no kind)'} ${o.name ?? '(unnamed)'} (${o.file}:${o.line})`;
}

/** One line per refusal: `Deployment web (deployment.yaml:1) [pod-security]: …`. */
export function formatRefusals(refusals: readonly Refusal[]): string {
  return refusals.map((r) => `${r.object} [${r.rule}]: ${r.message}`).join('; ');
}

// ---------------------------------------------------------------- the grading namespace

/** Namespaces a grade never adopts: the cluster's own and the CNI's. */
const RESERVED_NAMESPACE = /^(default|kube-.*|calico-.*|tigera-.*)$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The namespace the grade creates and puts every object in: the submission's own Namespace (the
 * first one) when it defines one that is neither the cluster's nor Calico's, else the rubric's.
 */
export function gradingNamespace(objects: readonly ClassifiedObject[], rubric: Rubric): string {
  const own = objects.find((o) => o.kind === 'Namespace')?.name;
  return own && DNS_LABEL.test(own) && own.length <= 63 && !RESERVED_NAMESPACE.test(own)
    ? own
    : rubric.expect.apply.namespace;
}

// ---------------------------------------------------------------- deploy

export interface DeployPlan {
  namespace: string;
  /** To create, in order: ConfigMaps and Secrets, the workload, Services. */
  create: ClassifiedObject[];
  /** Not applied, and not refused: client-side configuration and Calico's calicoctl manifest. */
  tooling: ClassifiedObject[];
  refusals: Refusal[];
}

/** Client-side files that are never API objects: calicoctl.cfg, kustomization.yaml, a kubeconfig. */
const CLIENT_CONFIG = new Set(['projectcalico.org/v3/CalicoAPIConfig', 'v1/Config']);

/**
 * Tooling the grade does not apply (and does not refuse): client-side configuration, and Calico's
 * calicoctl.yaml (ServiceAccount/ClusterRole/ClusterRoleBinding/Pod `calicoctl`) — the grader runs its own.
 */
export function isTooling(o: ClassifiedObject): boolean {
  if (CLIENT_CONFIG.has(`${o.apiVersion}/${o.kind}`) || o.apiVersion.startsWith('kustomize.config.k8s.io/'))
    return true;
  if (o.name !== 'calicoctl') return false;
  if (['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind)) return true;
  if (o.kind !== 'Pod') return false;
  const images = podContainers(obj(o.body).spec).map((c) => String(c.image ?? ''));
  return images.length > 0 && images.every((i) => /(^|\/)calico\/ctl(:|@|$)/.test(i));
}

/** Every manifest of the submission once: committed files, then the report's pasted manifests. */
export function submissionObjects(facts: LabFacts): ClassifiedObject[] {
  const seen = new Set<string>();
  const out: ClassifiedObject[] = [];
  const extra = [
    ...facts.workloads,
    ...facts.services,
    ...facts.configMaps,
    ...facts.secrets,
    ...facts.pools.map((p) => p.object),
  ];
  for (const o of [...facts.submission.objects, ...extra]) {
    const key = `${o.file}\u0000${o.docIndex}\u0000${o.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(o);
  }
  return out;
}

export function planDeploy(facts: LabFacts, rubric: Rubric): DeployPlan {
  const objects = submissionObjects(facts);
  const namespace = gradingNamespace(objects, rubric);
  const refusals: Refusal[] = [];
  const refuse = (o: ClassifiedObject, rule: Rule, message: string) =>
    refusals.push({ step: 'deploy', object: describeObject(o), rule, message });
  const allowed = rubric.expect.allowedKinds;
  const workload = facts.workload;
  const create: ClassifiedObject[] = [];
  const tooling: ClassifiedObject[] = [];
  let namespaceSeen = false;
  for (const o of objects) {
    if (o.class === 'ippool') continue;
    if (isTooling(o)) {
      tooling.push(o);
      continue;
    }
    if (!allowed.includes(o.kind)) {
      refuse(
        o,
        'kind',
        `kind ${o.kind || '(none)'} is not one the lab uses (allowed: ${allowed.join(', ')})`,
      );
      continue;
    }
    if (o.kind === 'Namespace') {
      if (o.name === namespace && !namespaceSeen) namespaceSeen = true;
      else
        refuse(
          o,
          'namespace',
          RESERVED_NAMESPACE.test(o.name ?? '')
            ? `namespace ${o.name} belongs to the cluster: the grade creates its own namespace ${namespace}`
            : `a grade uses one namespace (${namespace}); this is another`,
        );
      continue;
    }
    if ((o.kind === 'Deployment' || o.kind === 'ReplicaSet') && o !== workload) {
      refuse(o, 'workloads', `the lab runs one workload; ${describeObject(workload ?? o)} is the one graded`);
      continue;
    }
    create.push(o);
  }
  const order = (o: ClassifiedObject) =>
    o.kind === 'ConfigMap' || o.kind === 'Secret' ? 0 : o.kind === 'Service' ? 2 : 1;
  create.sort((a, b) => order(a) - order(b));

  const limits = rubric.expect.apply;
  if (create.length + 1 > limits.maxObjects)
    refusals.push({
      step: 'deploy',
      object: `the submission (${create.length} objects and the namespace)`,
      rule: 'object-count',
      message: `a grade creates at most ${limits.maxObjects} objects`,
    });
  const names = new Map<string, ClassifiedObject>();
  for (const o of create) {
    const ns = o.namespace;
    if (ns !== undefined && ns !== '' && ns !== 'default' && ns !== namespace)
      refuse(
        o,
        'namespace',
        `metadata.namespace is ${ns}: objects go only into the grading namespace ${namespace} (leave metadata.namespace out)`,
      );
    const key = `${o.kind}/${o.name}`;
    const twin = names.get(key);
    if (twin) refuse(o, 'create-only', `${key} is also defined at ${twin.file}:${twin.line}`);
    else names.set(key, o);
    const bytes = JSON.stringify(o.body).length;
    if (bytes > limits.maxObjectBytes)
      refuse(o, 'object-size', `${bytes} bytes as JSON, more than ${limits.maxObjectBytes}`);
    if (o.kind === 'Secret' && obj(o.body).type === 'kubernetes.io/service-account-token')
      refuse(
        o,
        'secret-type',
        'a kubernetes.io/service-account-token Secret mints a token for a service account',
      );
    const externalIPs = obj(obj(o.body).spec).externalIPs;
    if (o.kind === 'Service' && Array.isArray(externalIPs) && externalIPs.length > 0)
      refuse(
        o,
        'service-external-ips',
        'spec.externalIPs captures traffic to those addresses cluster-wide (CVE-2020-8554)',
      );
    if (o === workload) for (const [rule, message] of workloadProblems(o, rubric)) refuse(o, rule, message);
  }
  return { namespace, create, tooling, refusals };
}

/** The pod template of a Deployment or ReplicaSet. */
function template(o: ClassifiedObject): Json {
  return obj(obj(obj(o.body).spec).template);
}

function podContainers(spec: Json): Json[] {
  const s = obj(spec);
  return [...list(s.initContainers), ...list(s.containers), ...list(s.ephemeralContainers)];
}

/** Replicas, images, service account, resources and Pod Security of the workload. */
function workloadProblems(o: ClassifiedObject, rubric: Rubric): [Rule, string][] {
  const out: [Rule, string][] = [];
  const limits = rubric.expect.apply;
  const replicas = obj(obj(o.body).spec).replicas;
  if (typeof replicas === 'number' && replicas > limits.maxReplicas)
    out.push(['replicas', `replicas: ${replicas}, more than ${limits.maxReplicas}`]);
  const tpl = template(o);
  const spec = obj(tpl.spec);
  for (const c of podContainers(spec)) {
    const image = typeof c.image === 'string' ? c.image : '';
    if (!imageMatches(image, rubric))
      out.push([
        'image',
        `container ${c.name ?? '(unnamed)'} runs ${image ? `image ${image}` : 'no image'}; only the lab's ${rubric.expect.image} is run${rubric.expect.imageRegistryPrefixes.length ? ` (with or without ${rubric.expect.imageRegistryPrefixes[0]})` : ''}`,
      ]);
    for (const problem of resourceProblems(c, limits.maxCpu, limits.maxMemory))
      out.push(['resources', `container ${c.name ?? '(unnamed)'}: ${problem}`]);
  }
  for (const field of ['serviceAccountName', 'serviceAccount'] as const) {
    const sa = spec[field];
    if (sa !== undefined && sa !== '' && sa !== 'default')
      out.push(['service-account', `${field}: ${sa}; pods run as the namespace's default service account`]);
  }
  const violations = baselineViolations(tpl.metadata, spec);
  if (violations.length)
    out.push([
      'pod-security',
      `violates PodSecurity "${limits.podSecurity}:latest": ${forbiddenDetail(violations)}`,
    ]);
  return out;
}

function resourceProblems(c: Json, maxCpu: string, maxMemory: string): string[] {
  const problems: string[] = [];
  const caps = { cpu: parseQuantity(maxCpu) ?? 0, memory: parseQuantity(maxMemory) ?? 0 };
  const res = obj(c.resources);
  for (const kind of ['requests', 'limits'] as const)
    for (const [name, raw] of Object.entries(obj(res[kind]))) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const value = parseQuantity(raw);
      const cap = caps[name];
      if (value === undefined) problems.push(`${kind}.${name} ${String(raw)} is not a quantity`);
      else if (value > cap)
        problems.push(`${kind}.${name} ${String(raw)} is more than ${formatQuantity(cap, name)}`);
    }
  return problems;
}

// ---------------------------------------------------------------- pools

export interface ClusterFacts {
  /** The cluster's nodes and their InternalIP. */
  nodes: readonly { name: string; ip?: string }[];
  /** Names of the IPPools on the cluster before the grade. */
  existingPools: readonly string[];
}

export interface PoolPlan {
  /** Pools to create (not the default pool). */
  create: PoolFact[];
  /** The submission's redefinition of the default pool: only its disabling is applied. */
  disableDefault?: { fact: PoolFact; patch: Record<string, unknown> };
  refusals: Refusal[];
}

/** The networks no pool may overlap: the rubric's node network, the service CIDR, each node's address. */
export function reservedNetworks(rubric: Rubric, cluster?: ClusterFacts): ReservedNetwork[] {
  return [
    ...staticReservedNetworks(rubric.expect.apply.nodeNetwork, rubric.expect.serviceCidr),
    ...(cluster?.nodes ?? [])
      .filter((n) => n.ip)
      .map((n) => ({ cidr: `${n.ip}/${n.ip?.includes(':') ? 128 : 32}`, what: `node ${n.name}'s address` })),
  ];
}

export function planPools(facts: LabFacts, rubric: Rubric, cluster: ClusterFacts): PoolPlan {
  const defaultName = rubric.expect.defaultPool;
  const refusals: Refusal[] = [];
  const refuse = (p: PoolFact, rule: Rule, message: string) =>
    refusals.push({ step: 'pools', object: describeObject(p.object), rule, message });
  const create: PoolFact[] = [];
  let disableDefault: PoolPlan['disableDefault'];
  const policy = {
    minPrefixV4: rubric.expect.apply.poolMinPrefix,
    reserved: reservedNetworks(rubric, cluster),
  };
  for (const p of facts.pools) {
    if (p.pool.name === defaultName) {
      const patch = disablingPatch(p);
      if (!patch)
        refuse(
          p,
          'default-pool',
          `redefines ${defaultName} without disabling it: a submission may only delete it, set disabled: true or nodeSelector: "!all()"`,
        );
      else if (disableDefault)
        refuse(
          p,
          'create-only',
          `${defaultName} is also redefined at ${disableDefault.fact.object.file}:${disableDefault.fact.object.line}`,
        );
      else disableDefault = { fact: p, patch };
      continue;
    }
    if (p.problems.length) refuse(p, 'calicoctl', p.problems.join('; '));
    const errors = ipPoolFieldErrors(p.pool, [], { allStages: true });
    if (errors.length) refuse(p, 'calicoctl', `calicoctl would refuse it: ${formatValidationError(errors)}`);
    for (const problem of poolCidrProblems(p.pool, policy)) refuse(p, problem.rule, problem.message);
    if (cluster.existingPools.includes(p.pool.name))
      refuse(
        p,
        'create-only',
        `an IPPool ${p.pool.name} already exists on the cluster: pools are created, never replaced`,
      );
    else if (create.some((q) => q.pool.name === p.pool.name))
      refuse(p, 'create-only', `IPPool ${p.pool.name} is defined twice`);
    create.push(p);
  }
  for (const problem of poolOverlaps(create.map((p) => p.pool))) {
    const p = create.find((x) => x.pool.name === problem.pool) as PoolFact;
    refuse(p, problem.rule, problem.message);
  }
  if (create.length > rubric.expect.apply.maxObjects)
    refusals.push({
      step: 'pools',
      object: `the submission (${create.length} IPPools)`,
      rule: 'object-count',
      message: `a grade creates at most ${rubric.expect.apply.maxObjects} pools`,
    });
  return { create, ...(disableDefault ? { disableDefault } : {}), refusals };
}

/** `{spec: {disabled: true}}` or `{spec: {nodeSelector: '!all()'}}` when the manifest disables the pool. */
function disablingPatch(p: PoolFact): Record<string, unknown> | undefined {
  if (p.pool.disabled) return { spec: { disabled: true } };
  if (p.pool.nodeSelector.replace(/\s/g, '') === '!all()') return { spec: { nodeSelector: '!all()' } };
  return undefined;
}

// ---------------------------------------------------------------- labels

/** Label keys in these DNS domains (or their subdomains) belong to Kubernetes, minikube and Calico. */
const RESERVED_LABEL_DOMAIN = /(^|\.)(kubernetes\.io|k8s\.io|projectcalico\.org)$/;

export function planLabels(labels: readonly EvidenceNodeLabel[], facts: LabFacts): Refusal[] {
  const refusals: Refusal[] = [];
  for (const l of labels) {
    const slash = l.key.indexOf('/');
    const domain = slash < 0 ? '' : l.key.slice(0, slash);
    if (!RESERVED_LABEL_DOMAIN.test(domain)) continue;
    const cmd = facts.labelCommands.find((c) => c.labels.some((x) => x.key === l.key));
    const at = cmd ? ` (${cmd.source.file}:${cmd.source.line})` : '';
    refusals.push({
      step: 'labels',
      object: `label ${l.key}=${l.value} on ${l.node}${at}`,
      rule: 'node-label',
      message: `keys under ${domain} belong to Kubernetes, minikube or Calico and are never set by a grade; use your own key, e.g. rack=0`,
    });
  }
  return refusals;
}
