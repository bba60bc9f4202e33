import type { ClassifiedObject } from '../../submission/types.ts';
import { vetObjects } from '../safety.ts';
import { type LiveState, requireKube } from '../state.ts';

/**
 * The `deploy` step: the submission's workload, its Services and the ConfigMaps/Secrets it uses,
 * vetted first (kinds the rubric allows; no privileged, host-namespace or hostPath pod specs). A
 * `kubectl expose` command stands in for a missing Service manifest, as kubectl would build it.
 */
export async function deployStep(s: LiveState): Promise<string> {
  const kube = requireKube(s);
  const { facts } = s;
  const workload = facts.workload;
  if (!workload) throw new Error('the submission has no Deployment (or ReplicaSet) to apply');
  const objects: ClassifiedObject[] = [workload, ...facts.services, ...facts.configMaps, ...facts.secrets];
  const refusals = vetObjects(objects, s.rubric.expect.allowedKinds);
  if (refusals.length)
    throw new Error(
      `refused to apply the submission (nothing was applied): ${refusals.map((r) => `${r.object}: ${r.reason}`).join('; ')}`,
    );
  s.namespace = workload.namespace ?? 'default';
  const applied: string[] = [];
  for (const o of [...facts.configMaps, ...facts.secrets, workload, ...facts.services]) {
    await kube.apply(withNamespace(o.body, o.namespace ?? s.namespace));
    applied.push(`${o.kind}/${o.name}`);
  }
  if (facts.services.length === 0) {
    const svc = serviceFromExpose(s);
    if (svc) {
      await kube.apply(svc);
      applied.push(`Service/${(svc.metadata as { name: string }).name} (from the report's kubectl expose)`);
    }
  }
  return `applied ${applied.join(', ')} in namespace ${s.namespace}`;
}

function withNamespace(body: Record<string, unknown>, namespace: string): Record<string, unknown> {
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
