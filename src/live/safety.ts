import type { ClassifiedObject } from '../submission/types.ts';

/**
 * Submissions are untrusted: before anything is applied, refuse object kinds the rubric does not
 * allow and pod specs that reach into the node (privileged, host namespaces, hostPath volumes,
 * added capabilities). One refusal stops the whole apply: nothing half-applied.
 */
export interface Refusal {
  object: string;
  reason: string;
}

export function vetObjects(objects: readonly ClassifiedObject[], allowedKinds: readonly string[]): Refusal[] {
  const refusals: Refusal[] = [];
  for (const o of objects) {
    const name = `${o.kind} ${o.name ?? '(unnamed)'} (${o.file}:${o.line})`;
    if (!allowedKinds.includes(o.kind)) {
      refusals.push({
        object: name,
        reason: `kind ${o.kind} is not allowed (allowed: ${allowedKinds.join(', ')})`,
      });
      continue;
    }
    const spec = podSpecOf(o);
    if (spec) for (const reason of podSpecRisks(spec)) refusals.push({ object: name, reason });
  }
  return refusals;
}

// biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
function podSpecOf(o: ClassifiedObject): any {
  // biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
  const body = o.body as any;
  if (o.kind === 'Pod') return body.spec;
  return body.spec?.template?.spec ?? body.spec?.jobTemplate?.spec?.template?.spec;
}

// biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
export function podSpecRisks(spec: any): string[] {
  const risks: string[] = [];
  if (!spec || typeof spec !== 'object') return risks;
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const)
    if (spec[field] === true) risks.push(`${field}: true`);
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : [])
    if (v?.hostPath) risks.push(`hostPath volume ${v.name ?? ''} (${v.hostPath.path ?? '?'})`.trim());
  const containers = [
    ...(Array.isArray(spec.containers) ? spec.containers : []),
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
    ...(Array.isArray(spec.ephemeralContainers) ? spec.ephemeralContainers : []),
  ];
  for (const c of containers) {
    const sc = c?.securityContext ?? {};
    if (sc.privileged === true) risks.push(`container ${c.name} is privileged`);
    if (sc.allowPrivilegeEscalation === true) risks.push(`container ${c.name} allows privilege escalation`);
    const added = sc.capabilities?.add;
    if (Array.isArray(added) && added.length)
      risks.push(`container ${c.name} adds capabilities ${added.join(', ')}`);
    for (const p of Array.isArray(c?.ports) ? c.ports : [])
      if (p?.hostPort) risks.push(`container ${c.name} binds hostPort ${p.hostPort}`);
  }
  return risks;
}
