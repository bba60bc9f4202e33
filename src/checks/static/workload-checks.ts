import {
  appContainer,
  imageMatches,
  type LabFacts,
  type UnreadManifest,
  unreadManifestsOf,
  unreadText,
} from '../../lab/facts.ts';
import { type ContainerView, dataKeys, workloadView } from '../../lab/manifest-views.ts';
import { asRecord, asString, describeValue } from '../../submission/shape.ts';
import type { ClassifiedObject } from '../../submission/types.ts';
import type { CheckOutcome } from '../types.ts';
import { fail, listWords, notShown, pass, where } from './outcome.ts';

export const at = (o: ClassifiedObject) => where(o.file, o.line);
export const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'ReplicaSet'];
export const CONTAINERS_HINT =
  'Write `spec.template.spec.containers` as a list of containers: `- name: app` with `image: …` under it.';

/**
 * No workload read: "not committed" only when nothing unread could hold it; a Deployment whose file
 * does not parse (or was too large to read) is named with its file, and the hint sends the student to
 * that file rather than asking for a manifest that is there.
 */
function noWorkload(f: LabFacts): CheckOutcome {
  const unread = unreadManifestsOf(f, WORKLOAD_KINDS);
  if (unread.length > 0) {
    return fail(
      `no Deployment read: ${unread.map(unreadText).join('; ')}`,
      fixFirstHint(unread, 'Deployment'),
      { unread },
    );
  }
  return notShown(
    'no Deployment (or ReplicaSet) manifest found',
    `Commit the Deployment manifest of ${f.rubric.expect.image} with ${f.rubric.expect.replicas} replicas.`,
  );
}

export function fixFirstHint(unread: readonly UnreadManifest[], kind: string): string {
  const files = listWords([...new Set(unread.map((m) => m.file))]);
  return `Fix ${files} first (see submission.manifests): the ${kind} in it is graded once it can be read.`;
}

export function replicasCheck(f: LabFacts): CheckOutcome {
  const w = f.workload;
  if (!w) return noWorkload(f);
  const want = f.rubric.expect.replicas;
  const raw = workloadView(w).replicas;
  const replicas = raw === undefined ? 1 : raw;
  const kindNote = w.kind === 'Deployment' ? '' : ` (a ${w.kind}; the lab asks for a Deployment)`;
  const evidence = { kind: w.kind, name: w.name, at: at(w), replicas: raw ?? null };
  if (replicas !== want) {
    const shown =
      raw === undefined
        ? 'no replicas field (defaults to 1)'
        : `replicas: ${JSON.stringify(raw) ?? String(raw)}`;
    return fail(
      `${at(w)} ${w.kind} ${w.name ?? ''}: ${shown}${kindNote}`,
      `Set \`spec.replicas: ${want}\`.`,
      evidence,
    );
  }
  return pass(`${at(w)} ${w.kind} ${w.name ?? ''} runs ${want} replicas${kindNote}`, evidence);
}

export function imageCheck(f: LabFacts): CheckOutcome {
  const w = f.workload;
  if (!w) return noWorkload(f);
  const { containers, containersProblem } = workloadView(w);
  const images = containers.flatMap((c) => (c.image === undefined ? [] : [c.image]));
  const want = f.rubric.expect.image;
  const evidence = { images, at: at(w) };
  if (images.some((i) => imageMatches(i, f.rubric))) return pass(`${at(w)} runs ${want}`, evidence);
  const shown = containers.length
    ? listWords(containers.map((c) => (c.image === undefined ? c.imageShown : `\`${c.image}\``)))
    : `no container${containersProblem ? ` (${containersProblem})` : ''}`;
  return fail(
    `${at(w)} ${w.kind} ${w.name ?? ''} runs ${shown}, not \`${want}\``,
    containersProblem
      ? `${CONTAINERS_HINT} Its image must be \`${want}\`.`
      : `Set the container image to \`${want}\` (exactly, tag included).`,
    evidence,
  );
}

export function envCheck(f: LabFacts): CheckOutcome {
  const w = f.workload;
  if (!w) return noWorkload(f);
  const app = appContainer(w, f.rubric);
  const { containersProblem } = workloadView(w);
  const problems: string[] = [];
  const found: Record<string, string> = {};
  for (const name of f.rubric.expect.env) {
    const r = app
      ? resolveEnv(app, name, f)
      : {
          ok: false as const,
          why: `is not set (no container${containersProblem ? `: ${containersProblem}` : ''})`,
        };
    if (r.ok) found[name] = r.how;
    else problems.push(`${name} ${r.why}`);
  }
  const evidence = { at: at(w), container: app?.name ?? null, found };
  if (problems.length && !app && containersProblem)
    return fail(`${at(w)}: ${problems.join('; ')}`, CONTAINERS_HINT, evidence);
  if (problems.length)
    return fail(
      `${at(w)} container ${app?.name ?? '(none)'}: ${problems.join('; ')}`,
      `Under the container's \`env:\` add \`- name: ${f.rubric.expect.env[0]}\` with \`value: "…"\` (non-empty), and the same for ${listWords(f.rubric.expect.env.slice(1))}.`,
      evidence,
    );
  return pass(`${listWords(Object.keys(found))} set (${Object.values(found).join(', ')})`, evidence);
}

type EnvResolution = { ok: true; how: string } | { ok: false; why: string };

function resolveEnv(container: ContainerView, name: string, f: LabFacts): EnvResolution {
  const entry = container.env.find((e) => e.name === name);
  if (entry) {
    if (entry.valueFrom !== undefined && entry.valueFrom !== null) return resolveRef(entry.valueFrom, f);
    if (typeof entry.value === 'string')
      return entry.value.trim() ? { ok: true, how: 'value' } : { ok: false, why: 'is empty' };
    if (entry.value === undefined || entry.value === null) return { ok: false, why: 'has no value' };
    return {
      ok: false,
      why: `has a non-string value ${describeValue(entry.value)} (quote it: Kubernetes rejects anything but a string here)`,
    };
  }
  const near = container.env.find(
    (e) =>
      e.name !== undefined && e.name.toUpperCase().replace(/[^A-Z]/g, '') === name.replace(/[^A-Z]/g, ''),
  );
  for (const from of container.envFrom) {
    const src = from.kind === 'ConfigMap' ? f.configMaps : f.secrets;
    const obj = src.find((o) => o.name !== undefined && o.name === from.name);
    if (obj && dataKeys(obj).includes(name)) return { ok: true, how: `envFrom ${obj.kind} ${obj.name}` };
  }
  if (near) return { ok: false, why: `is not set (found \`${near.name}\`: a typo?)` };
  return { ok: false, why: container.envProblem ? `is not set (${container.envProblem})` : 'is not set' };
}

function resolveRef(valueFrom: unknown, f: LabFacts): EnvResolution {
  const from = asRecord(valueFrom);
  if (!from) return { ok: false, why: `has a valueFrom that is ${describeValue(valueFrom)}, not a mapping` };
  const configMapRef = asRecord(from.configMapKeyRef);
  const ref = configMapRef ?? asRecord(from.secretKeyRef);
  if (!ref) return { ok: true, how: 'valueFrom field' };
  const kind = configMapRef ? 'ConfigMap' : 'Secret';
  const refName = asString(ref.name);
  const refKey = asString(ref.key);
  const pool = kind === 'ConfigMap' ? f.configMaps : f.secrets;
  const obj = refName === undefined ? undefined : pool.find((o) => o.name === refName);
  if (!obj)
    return {
      ok: false,
      why: `comes from ${kind} ${refName ?? '(no name)'}, which is not in the submission`,
    };
  if (refKey === undefined || !dataKeys(obj).includes(refKey))
    return { ok: false, why: `comes from ${kind} ${refName} key ${refKey ?? '(no key)'}, which it lacks` };
  return { ok: true, how: `${kind} ${refName}/${refKey}` };
}
