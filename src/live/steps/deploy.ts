import {
  PSA_ENFORCE_LABEL,
  PSA_ENFORCE_VERSION_LABEL,
  PSA_WARN_LABEL,
  PSA_WARN_VERSION_LABEL,
} from '../../k8s/pod-security.ts';
import { createObject, refOf } from '../create.ts';
import { describeObject, planDeploy, type Refusal } from '../policy.ts';
import { refuse, stopAfterRefusal } from '../refusal.ts';
import { type LiveState, requireKube } from '../state.ts';

/**
 * The `deploy` step: the submission's workload, its Services and ConfigMaps/Secrets, created (never
 * patched) in the grading namespace, which the grader creates itself with Pod Security "baseline"
 * enforced. The apply policy (src/live/policy.ts) refuses first; then every object is created as a
 * server-side dry run, so an object that already exists (409) or that admission refuses stops the
 * step before anything is created. A `kubectl expose` command stands in for a missing Service
 * manifest, as kubectl would build it.
 */
export async function deployStep(s: LiveState): Promise<string> {
  const kube = requireKube(s);
  const plan = planDeploy(s.facts, s.rubric);
  s.namespace = plan.namespace;
  const workload = s.facts.workload;
  if (!workload) throw new Error('the submission has no Deployment (or ReplicaSet) to apply');
  stopAfterRefusal(s, 'deploy');
  if (plan.refusals.length) refuse(s, 'deploy', plan.refusals);

  const bodies = plan.create.map((o) => ({
    source: describeObject(o),
    body: inNamespace(o.body, s.namespace),
  }));
  if (s.facts.services.length === 0) {
    const svc = serviceFromExpose(s);
    if (svc) bodies.push({ source: "the report's kubectl expose", body: svc });
  }

  const ns = await createObject(kube, gradingNamespaceObject(s.namespace, s.rubric.expect.apply.podSecurity));
  if (!ns.ok) {
    if (ns.code === 409)
      refuse(s, 'deploy', [
        {
          step: 'deploy',
          object: `Namespace ${s.namespace}`,
          rule: 'create-only',
          message: `namespace ${s.namespace} already exists on the cluster: a grade creates its own namespace and never reuses one (delete it, or grade on a fresh cluster)`,
        },
      ]);
    throw new Error(`creating the grading namespace ${s.namespace} failed: ${ns.message}`);
  }

  // Dry run first: nothing is created unless every object would be.
  const refused: Refusal[] = [];
  for (const b of bodies) {
    const r = await createObject(kube, b.body, { dryRun: true });
    if (r.ok) continue;
    if (r.code === 409)
      refused.push({
        step: 'deploy',
        object: b.source,
        rule: 'create-only',
        message: `${refOf(b.body)} already exists in ${s.namespace}: ${r.message}`,
      });
    else if (r.code === 403)
      refused.push({ step: 'deploy', object: b.source, rule: 'pod-security', message: r.message });
    else throw new Error(`the API server rejects ${b.source}: ${r.message}`);
  }
  if (refused.length) refuse(s, 'deploy', refused);

  const created: string[] = [];
  for (const b of bodies) {
    const r = await createObject(kube, b.body);
    if (!r.ok) throw new Error(`creating ${b.source} failed: ${r.message}`);
    created.push(
      b.source === "the report's kubectl expose"
        ? `${refOf(b.body)} (from the report's kubectl expose)`
        : refOf(b.body),
    );
  }
  const tooling = plan.tooling.length
    ? `; not applied: ${plan.tooling.map(describeObject).join(', ')} (client-side configuration or Calico's calicoctl manifest: the grader runs its own calicoctl)`
    : '';
  return `created ${created.join(', ')} in namespace ${s.namespace} (Pod Security "${s.rubric.expect.apply.podSecurity}" enforced)${tooling}`;
}

/** The grading namespace, with Pod Security enforced (and warned) at the rubric's level. */
export function gradingNamespaceObject(name: string, level: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        [PSA_ENFORCE_LABEL]: level,
        [PSA_ENFORCE_VERSION_LABEL]: 'latest',
        [PSA_WARN_LABEL]: level,
        [PSA_WARN_VERSION_LABEL]: 'latest',
      },
    },
  };
}

function inNamespace(body: Record<string, unknown>, namespace: string): Record<string, unknown> {
  const metadata = { ...(body.metadata as Record<string, unknown>), namespace };
  return { ...body, metadata };
}

/** What `kubectl expose deployment NAME --port P [--target-port T] [--type T] [--name N]` creates. */
export function serviceFromExpose(
  s: Pick<LiveState, 'facts' | 'namespace'>,
): Record<string, unknown> | undefined {
  const w = s.facts.workload;
  const e = s.facts.exposes.find((x) => x.name === w?.name);
  if (!w || !e || e.port === undefined) return undefined;
  const spec = (
    w.body as {
      spec?: { selector?: { matchLabels?: object }; template?: { metadata?: { labels?: object } } };
    }
  ).spec;
  const selector = spec?.selector?.matchLabels ?? spec?.template?.metadata?.labels ?? {};
  const targetPort =
    e.targetPort === undefined ? e.port : /^\d+$/.test(e.targetPort) ? Number(e.targetPort) : e.targetPort;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: e.serviceName ?? w.name, namespace: s.namespace },
    spec: { type: e.type ?? 'ClusterIP', selector, ports: [{ port: e.port, targetPort, protocol: 'TCP' }] },
  };
}
