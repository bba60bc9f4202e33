/**
 * The OpenAPI schemas of the built-in kinds, from kubernetes-models 4.5 (@kubernetes-models/validate:
 * ajv validators precompiled from the official OpenAPI of Kubernetes v1.33.0, merged with v1.15.5,
 * v1.21.2 and v1.24.2 for the APIs removed since — scripts/generate.ts and CHANGELOG 4.5.0 of
 * https://github.com/tommy351/kubernetes-models-ts/tree/master/first-party/kubernetes-models).
 * Each kind's validator is imported on its first write, once.
 */

/** The ajv validate function of one model (ajv sets `.errors` after each call). */
export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

export interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** A kubernetes-models class: `prototype.validate` runs the kind's validator on `this` (base/model.ts). */
interface ModelClass {
  prototype: { validate(this: unknown): void };
}

type Loader = () => Promise<ModelClass>;

/* Literal import paths, so the bundler can split each kind into its own lazily loaded chunk. */
const LOADERS: Record<string, Loader> = {
  'v1|Pod': async () => (await import('kubernetes-models/v1/Pod')).Pod,
  'v1|Service': async () => (await import('kubernetes-models/v1/Service')).Service,
  'v1|ConfigMap': async () => (await import('kubernetes-models/v1/ConfigMap')).ConfigMap,
  'v1|Secret': async () => (await import('kubernetes-models/v1/Secret')).Secret,
  'v1|Namespace': async () => (await import('kubernetes-models/v1/Namespace')).Namespace,
  'v1|Node': async () => (await import('kubernetes-models/v1/Node')).Node,
  'v1|ServiceAccount': async () => (await import('kubernetes-models/v1/ServiceAccount')).ServiceAccount,
  'v1|Endpoints': async () => (await import('kubernetes-models/v1/Endpoints')).Endpoints,
  'v1|Event': async () => (await import('kubernetes-models/v1/Event')).Event,
  'apps/v1|Deployment': async () => (await import('kubernetes-models/apps/v1/Deployment')).Deployment,
  'apps/v1|ReplicaSet': async () => (await import('kubernetes-models/apps/v1/ReplicaSet')).ReplicaSet,
  'apps/v1|DaemonSet': async () => (await import('kubernetes-models/apps/v1/DaemonSet')).DaemonSet,
  'apps/v1|StatefulSet': async () => (await import('kubernetes-models/apps/v1/StatefulSet')).StatefulSet,
  'policy/v1|PodDisruptionBudget': async () =>
    (await import('kubernetes-models/policy/v1/PodDisruptionBudget')).PodDisruptionBudget,
  'policy/v1beta1|PodDisruptionBudget': async () =>
    (await import('kubernetes-models/policy/v1beta1/PodDisruptionBudget')).PodDisruptionBudget,
  'policy/v1beta1|PodSecurityPolicy': async () =>
    (await import('kubernetes-models/policy/v1beta1/PodSecurityPolicy')).PodSecurityPolicy,
  'networking.k8s.io/v1|NetworkPolicy': async () =>
    (await import('kubernetes-models/networking.k8s.io/v1/NetworkPolicy')).NetworkPolicy,
  'discovery.k8s.io/v1|EndpointSlice': async () =>
    (await import('kubernetes-models/discovery.k8s.io/v1/EndpointSlice')).EndpointSlice,
  'coordination.k8s.io/v1|Lease': async () =>
    (await import('kubernetes-models/coordination.k8s.io/v1/Lease')).Lease,
  'rbac.authorization.k8s.io/v1|Role': async () =>
    (await import('kubernetes-models/rbac.authorization.k8s.io/v1/Role')).Role,
  'rbac.authorization.k8s.io/v1|RoleBinding': async () =>
    (await import('kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding')).RoleBinding,
  'rbac.authorization.k8s.io/v1|ClusterRole': async () =>
    (await import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole')).ClusterRole,
  'rbac.authorization.k8s.io/v1|ClusterRoleBinding': async () =>
    (await import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding')).ClusterRoleBinding,
  'apiextensions.k8s.io/v1|CustomResourceDefinition': async () =>
    (await import('kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition'))
      .CustomResourceDefinition,
};

/**
 * `runValidateFunc` (the models' validate) throws an ajv ValidationError carrying `.errors`; this
 * adapter turns a model class back into a plain validator that reports through `.errors`.
 */
function toValidator(model: ModelClass): SchemaValidator {
  const fn: SchemaValidator = (data: unknown) => {
    try {
      model.prototype.validate.call(data);
      fn.errors = null;
      return true;
    } catch (e) {
      const errors = (e as { errors?: AjvError[] }).errors;
      if (!Array.isArray(errors)) throw e;
      fn.errors = errors;
      return false;
    }
  };
  return fn;
}

const loaded = new Map<string, Promise<SchemaValidator | undefined>>();

/** Whether kubernetes-models has a schema for this apiVersion and kind. */
export function hasSchema(apiVersion: string, kind: string): boolean {
  return `${apiVersion}|${kind}` in LOADERS;
}

/** The kind's validator (imported once), or undefined for a kind without a schema (custom resources). */
export function loadValidator(apiVersion: string, kind: string): Promise<SchemaValidator | undefined> {
  const key = `${apiVersion}|${kind}`;
  let p = loaded.get(key);
  if (!p) {
    const loader = LOADERS[key];
    p = loader ? loader().then(toValidator) : Promise.resolve(undefined);
    loaded.set(key, p);
  }
  return p;
}
