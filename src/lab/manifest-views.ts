import {
  asRecord,
  asString,
  describeValue,
  getPath,
  type JsonRecord,
  recordsOf,
  scalarMap,
  scalarText,
} from '../submission/shape.ts';
import type { ClassifiedObject } from '../submission/types.ts';

/**
 * Typed views of the manifests the workload checks read, built with guarded accessors: whatever shape
 * a student's Deployment or Service has (nulls, lists for mappings, numbers for strings), a view is
 * well-typed, and the wrong shapes it met are listed in words for the check's message.
 */

export interface ContainerPortView {
  name?: string;
  /** A number, or a string of digits read as one. */
  containerPort?: number;
}

export interface EnvVarView {
  name?: string;
  /** As written: the env check tells a string from a number or a missing value. */
  value: unknown;
  /** As written; undefined when absent. */
  valueFrom: unknown;
}

export interface EnvFromView {
  kind: 'ConfigMap' | 'Secret';
  name?: string;
}

export interface ContainerView {
  name?: string;
  /** The image when it is a string. */
  image?: string;
  /** The image for messages: the string, or how the value looks (`a mapping`, `missing`). */
  imageShown: string;
  env: EnvVarView[];
  envFrom: EnvFromView[];
  ports: ContainerPortView[];
  /** `env` that is not a list (a mapping `env: {A: b}` is a common mistake). */
  envProblem?: string;
}

export interface WorkloadView {
  /** `spec.replicas` as written (undefined when absent). */
  replicas: unknown;
  /** The pod template's labels (scalar values as strings). */
  podLabels: Record<string, string>;
  containers: ContainerView[];
  /** Why no container could be read, when the containers field has the wrong shape. */
  containersProblem?: string;
}

export interface ServicePortView {
  port: unknown;
  targetPort: unknown;
}

export interface ServiceView {
  /** undefined when there is no selector (or it is not a mapping: see `problems`). */
  selector?: Record<string, string>;
  ports: ServicePortView[];
  /** Shape problems: a selector that is not a mapping, ports that are not a list, null port entries. */
  problems: string[];
}

const workloadViews = new WeakMap<ClassifiedObject, WorkloadView>();

export function workloadView(o: ClassifiedObject): WorkloadView {
  let view = workloadViews.get(o);
  if (!view) {
    const template = getPath(o.body, 'spec', 'template');
    const containers = getPath(template, 'spec', 'containers');
    view = {
      replicas: getPath(o.body, 'spec', 'replicas'),
      podLabels: scalarMap(getPath(template, 'metadata', 'labels')),
      containers: recordsOf(containers).map(containerView),
    };
    if (containers !== undefined && containers !== null && !Array.isArray(containers))
      view.containersProblem = `spec.template.spec.containers is ${describeValue(containers)}, not a list`;
    workloadViews.set(o, view);
  }
  return view;
}

function containerView(c: JsonRecord): ContainerView {
  const image = asString(c.image);
  const view: ContainerView = {
    name: asString(c.name),
    image,
    imageShown: image ?? `image ${describeValue(c.image)}`,
    env: recordsOf(c.env).map((e) => ({ name: asString(e.name), value: e.value, valueFrom: e.valueFrom })),
    envFrom: recordsOf(c.envFrom).flatMap(envFromView),
    ports: recordsOf(c.ports).map((p) => ({
      name: asString(p.name),
      containerPort: portNumber(p.containerPort),
    })),
  };
  if (c.env !== undefined && c.env !== null && !Array.isArray(c.env))
    view.envProblem = `env is ${describeValue(c.env)}, not a list of \`- name: …\` entries`;
  return view;
}

function envFromView(e: JsonRecord): EnvFromView[] {
  const configMap = asRecord(e.configMapRef);
  if (configMap) return [{ kind: 'ConfigMap', name: asString(configMap.name) }];
  const secret = asRecord(e.secretRef);
  if (secret) return [{ kind: 'Secret', name: asString(secret.name) }];
  return [];
}

/** `3000` or `"3000"` → 3000; anything else undefined. */
export function portNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d{1,5}$/.test(v)) return Number(v);
  return undefined;
}

export function serviceView(o: ClassifiedObject): ServiceView {
  const problems: string[] = [];
  const rawSpec = o.body.spec;
  if (rawSpec !== undefined && rawSpec !== null && asRecord(rawSpec) === undefined)
    problems.push(`spec is ${describeValue(rawSpec)}, not a mapping`);
  const spec = asRecord(rawSpec) ?? {};
  let selector: Record<string, string> | undefined;
  if (asRecord(spec.selector)) selector = scalarMap(spec.selector);
  else if (spec.selector !== undefined && spec.selector !== null)
    problems.push(`spec.selector is ${describeValue(spec.selector)}, not a mapping of labels`);
  const ports: ServicePortView[] = [];
  if (Array.isArray(spec.ports)) {
    spec.ports.forEach((p, i) => {
      const port = asRecord(p);
      if (port) ports.push({ port: port.port, targetPort: port.targetPort });
      else problems.push(`spec.ports[${i}] is ${describeValue(p)}, not a port`);
    });
  } else if (spec.ports !== undefined && spec.ports !== null) {
    problems.push(`spec.ports is ${describeValue(spec.ports)}, not a list`);
  }
  return { selector, ports, problems };
}

/** Keys of a ConfigMap's or Secret's `data` and `stringData`. */
export function dataKeys(o: ClassifiedObject): string[] {
  return [...Object.keys(asRecord(o.body.data) ?? {}), ...Object.keys(asRecord(o.body.stringData) ?? {})];
}

/** A port value for messages: `3000`, `http`, or how it looks (`a mapping`). */
export function shownPort(v: unknown): string {
  return scalarText(v) ?? describeValue(v);
}
