import type { ClassifiedObject } from '../../submission/types.ts';
import type { CheckOutcome } from '../types.ts';
import {
  appContainer,
  containerImages,
  imageMatches,
  podContainers,
  podTemplate,
  type StaticFacts,
} from './facts.ts';
import { fail, listWords, notShown, pass, where } from './outcome.ts';

const at = (o: ClassifiedObject) => where(o.file, o.line);

function noWorkload(f: StaticFacts): CheckOutcome {
  return notShown(
    'no Deployment (or ReplicaSet) manifest found',
    `Commit the Deployment manifest of ${f.rubric.expect.image} with ${f.rubric.expect.replicas} replicas.`,
  );
}

export function replicasCheck(f: StaticFacts): CheckOutcome {
  const w = f.workload;
  if (!w) return noWorkload(f);
  const want = f.rubric.expect.replicas;
  // biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
  const raw = (w.body as any).spec?.replicas;
  const replicas = raw === undefined ? 1 : raw;
  const kindNote = w.kind === 'Deployment' ? '' : ` (a ${w.kind}; the lab asks for a Deployment)`;
  const evidence = { kind: w.kind, name: w.name, at: at(w), replicas: raw ?? null };
  if (replicas !== want) {
    const shown =
      raw === undefined ? 'no replicas field (defaults to 1)' : `replicas: ${JSON.stringify(raw)}`;
    return fail(
      `${at(w)} ${w.kind} ${w.name ?? ''}: ${shown}${kindNote}`,
      `Set \`spec.replicas: ${want}\`.`,
      evidence,
    );
  }
  return pass(`${at(w)} ${w.kind} ${w.name ?? ''} runs ${want} replicas${kindNote}`, evidence);
}

export function imageCheck(f: StaticFacts): CheckOutcome {
  const w = f.workload;
  if (!w) return noWorkload(f);
  const images = containerImages(w);
  const want = f.rubric.expect.image;
  const evidence = { images, at: at(w) };
  if (images.some((i) => imageMatches(i, f.rubric))) return pass(`${at(w)} runs ${want}`, evidence);
  const shown = images.length ? listWords(images.map((i) => `\`${i}\``)) : 'no container image';
  return fail(
    `${at(w)} ${w.kind} ${w.name ?? ''} runs ${shown}, not \`${want}\``,
    `Set the container image to \`${want}\` (exactly, tag included).`,
    evidence,
  );
}

export function envCheck(f: StaticFacts): CheckOutcome {
  const w = f.workload;
  if (!w) return noWorkload(f);
  const app = appContainer(w, f.rubric);
  const problems: string[] = [];
  const found: Record<string, string> = {};
  for (const name of f.rubric.expect.env) {
    const r = resolveEnv(app, name, f);
    if (r.ok) found[name] = r.how;
    else problems.push(`${name} ${r.why}`);
  }
  const evidence = { at: at(w), container: app?.name ?? null, found };
  if (problems.length)
    return fail(
      `${at(w)} container ${app?.name ?? '(none)'}: ${problems.join('; ')}`,
      `Under the container's \`env:\` add \`- name: ${f.rubric.expect.env[0]}\` with \`value: "…"\` (non-empty), and the same for ${listWords(f.rubric.expect.env.slice(1))}.`,
      evidence,
    );
  return pass(`${listWords(Object.keys(found))} set (${Object.values(found).join(', ')})`, evidence);
}

type EnvResolution = { ok: true; how: string } | { ok: false; why: string };

// biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
function resolveEnv(container: any, name: string, f: StaticFacts): EnvResolution {
  if (!container) return { ok: false, why: 'is not set (no container)' };
  const env = Array.isArray(container.env) ? container.env : [];
  // biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
  const entry = env.find((e: any) => e && e.name === name);
  if (entry) {
    if (entry.valueFrom) return resolveRef(entry.valueFrom, f);
    if (typeof entry.value === 'string')
      return entry.value.trim() ? { ok: true, how: 'value' } : { ok: false, why: 'is empty' };
    if (entry.value === undefined || entry.value === null) return { ok: false, why: 'has no value' };
    return {
      ok: false,
      why: `has a non-string value ${JSON.stringify(entry.value)} (quote it: Kubernetes rejects numbers here)`,
    };
  }
  const near = env.find(
    // biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
    (e: any) =>
      typeof e?.name === 'string' &&
      e.name.toUpperCase().replace(/[^A-Z]/g, '') === name.replace(/[^A-Z]/g, ''),
  );
  for (const from of Array.isArray(container.envFrom) ? container.envFrom : []) {
    const src = from?.configMapRef ? f.configMaps : from?.secretRef ? f.secrets : [];
    const ref = from?.configMapRef ?? from?.secretRef;
    const obj = src.find((o) => o.name === ref?.name);
    if (obj && dataKeys(obj).includes(name)) return { ok: true, how: `envFrom ${obj.kind} ${obj.name}` };
  }
  return { ok: false, why: near ? `is not set (found \`${near.name}\`: a typo?)` : 'is not set' };
}

// biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
function resolveRef(valueFrom: any, f: StaticFacts): EnvResolution {
  const ref = valueFrom.configMapKeyRef ?? valueFrom.secretKeyRef;
  if (!ref) return { ok: true, how: 'valueFrom field' };
  const kind = valueFrom.configMapKeyRef ? 'ConfigMap' : 'Secret';
  const pool = kind === 'ConfigMap' ? f.configMaps : f.secrets;
  const obj = pool.find((o) => o.name === ref.name);
  if (!obj) return { ok: false, why: `comes from ${kind} ${ref.name}, which is not in the submission` };
  if (!dataKeys(obj).includes(ref.key))
    return { ok: false, why: `comes from ${kind} ${ref.name} key ${ref.key}, which it lacks` };
  return { ok: true, how: `${kind} ${ref.name}/${ref.key}` };
}

function dataKeys(o: ClassifiedObject): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
  const b = o.body as any;
  return [...Object.keys(b.data ?? {}), ...Object.keys(b.stringData ?? {})];
}

export function serviceSelectsPodsCheck(f: StaticFacts): CheckOutcome {
  const w = f.workload;
  const port = f.rubric.expect.appPort;
  const labels: Record<string, string> = podTemplate(w ?? ({} as ClassifiedObject))?.metadata?.labels ?? {};
  const containers = w ? podContainers(w) : [];
  const exposes = f.exposes.filter(
    (e) => e.kind === 'deployment' || e.kind === 'deploy' || e.kind === 'replicaset' || e.kind === 'rs',
  );
  if (f.services.length === 0 && exposes.length === 0)
    return notShown(
      'no Service manifest and no `kubectl expose` command found',
      `Commit a Service whose selector matches the pod labels and whose targetPort is ${port}.`,
    );
  const results: { name: string; ok: boolean; problems: string[] }[] = [];
  for (const s of f.services) {
    // biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
    const spec = (s.body as any).spec ?? {};
    const problems: string[] = [];
    const selector: Record<string, unknown> = spec.selector ?? {};
    const entries = Object.entries(selector);
    if (entries.length === 0) problems.push('has no selector');
    else if (!w) problems.push('has nothing to select (no Deployment)');
    else {
      const wrong = entries.filter(([k, v]) => labels[k] !== String(v));
      if (wrong.length)
        problems.push(
          `selects ${wrong.map(([k, v]) => `${k}: ${v}`).join(', ')} but the pods are labelled ${
            Object.entries(labels)
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ') || '(no labels)'
          }`,
        );
    }
    const ports = Array.isArray(spec.ports) ? spec.ports : [];
    if (ports.length === 0) problems.push('has no ports');
    // biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
    else if (!ports.some((p: any) => reachesApp(p, containers, port))) {
      const shown = ports
        // biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
        .map((p: any) => `port ${p.port} → targetPort ${p.targetPort ?? `${p.port} (default)`}`)
        .join(', ');
      problems.push(`${shown} does not reach container port ${port}`);
    }
    results.push({
      name: `${where(s.file, s.line)} Service ${s.name ?? ''}`,
      ok: problems.length === 0,
      problems,
    });
  }
  for (const e of exposes) {
    const problems: string[] = [];
    if (w && e.name !== w.name) problems.push(`exposes ${e.kind} ${e.name}, but the Deployment is ${w.name}`);
    const target = e.targetPort ?? (e.port !== undefined ? String(e.port) : undefined);
    if (target === undefined) problems.push('has no --port');
    else if (
      !reachesApp(
        { port: Number(target), targetPort: /^\d+$/.test(target) ? Number(target) : target },
        containers,
        port,
      )
    )
      problems.push(`targets port ${target}, not ${port}`);
    results.push({
      name: `report line ${e.line}: kubectl expose ${e.kind} ${e.name}`,
      ok: problems.length === 0,
      problems,
    });
  }
  const good = results.find((r) => r.ok);
  const evidence = { services: results, podLabels: labels };
  if (good) return pass(`${good.name} selects the pods and reaches port ${port}`, evidence);
  return fail(
    results.map((r) => `${r.name} ${r.problems.join('; ')}`).join(' | '),
    `Make the Service's \`spec.selector\` equal the pod template labels (${
      Object.entries(labels)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ') || 'add labels to the pod template'
    }) and set \`targetPort: ${port}\`.`,
    evidence,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
function reachesApp(p: any, containers: any[], appPort: number): boolean {
  const target = p?.targetPort ?? p?.port;
  if (typeof target === 'number') return target === appPort;
  if (typeof target === 'string') {
    if (/^\d+$/.test(target)) return Number(target) === appPort;
    // A named targetPort must name a container port that is the app's port.
    return containers.some((c) =>
      (Array.isArray(c.ports) ? c.ports : []).some(
        // biome-ignore lint/suspicious/noExplicitAny: manifest bodies are untyped JSON.
        (cp: any) => cp?.name === target && Number(cp.containerPort) === appPort,
      ),
    );
  }
  return false;
}
