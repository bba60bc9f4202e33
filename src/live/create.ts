/**
 * Create-only writes for the apply policy: POST, never a patch of what exists, optionally as a
 * server-side dry run (`?dryRun=All`: admission and validation run, nothing is stored). A refused
 * create comes back as the API server's own Status (409 AlreadyExists, 403 Forbidden by PodSecurity…).
 *
 * The body goes out as the submission wrote it, with `fieldValidation=Strict`, as `kubectl apply`
 * sends it. client-node's own `create` serialises the body through its typed models, which silently
 * drop an unknown field (`port:` for `ports:`): a manifest a real `kubectl apply` refuses would pass
 * (docs/reference-facts.md, kube-api §5).
 */
import type * as K8s from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Kube } from '../cluster/kube.ts';
import { statusFields } from '../cluster/kube-errors.ts';

export type CreateResult =
  | { ok: true; object: KubernetesObject }
  | { ok: false; code: number; reason: string; message: string };

const FIELD_MANAGER = 'kube-lab-grader';

export async function createObject(
  kube: Kube,
  body: Record<string, unknown>,
  opts: { dryRun?: boolean } = {},
): Promise<CreateResult> {
  const api = asWrittenApi(kube.k8s, kube.kc);
  try {
    const object = await api.createAsWritten(body as KubernetesObject, opts.dryRun ?? false);
    return { ok: true, object };
  } catch (e) {
    if (e instanceof kube.k8s.ApiException)
      return { ok: false, code: e.code, ...statusFields(e.code, e.body) };
    throw e;
  }
}

interface AsWrittenApi {
  createAsWritten(spec: KubernetesObject, dryRun: boolean): Promise<KubernetesObject>;
}

const apiClasses = new WeakMap<typeof K8s, new (...args: never[]) => AsWrittenApi>();

/** client-node's object API (its resource discovery, auth and errors), posting the raw JSON. */
function asWrittenApi(k8s: typeof K8s, kc: K8s.KubeConfig): AsWrittenApi {
  let cls = apiClasses.get(k8s);
  if (!cls) {
    // Defined here: client-node is loaded lazily, so its class exists only at run time.
    class AsWritten extends k8s.KubernetesObjectApi implements AsWrittenApi {
      static make(config: K8s.KubeConfig): AsWritten {
        const api = config.makeApiClient(AsWritten);
        api.setDefaultNamespace(config);
        return api;
      }
      async createAsWritten(spec: KubernetesObject, dryRun: boolean): Promise<KubernetesObject> {
        const path = await this.specUriPath(spec, 'create');
        const request = this.configuration.baseServer.makeRequestContext(path, k8s.HttpMethod.POST);
        request.setHeaderParam('Accept', 'application/json, */*;q=0.8');
        request.setHeaderParam('Content-Type', 'application/json');
        if (dryRun) request.setQueryParam('dryRun', 'All');
        request.setQueryParam('fieldManager', FIELD_MANAGER);
        request.setQueryParam('fieldValidation', 'Strict');
        request.setBody(JSON.stringify(spec));
        return this.requestPromise(request);
      }
    }
    cls = AsWritten;
    apiClasses.set(k8s, cls);
  }
  return (cls as unknown as { make(config: K8s.KubeConfig): AsWrittenApi }).make(kc);
}

/** `ConfigMap/x` */
export function refOf(body: Record<string, unknown>): string {
  const m = (body.metadata ?? {}) as { name?: string };
  return `${String(body.kind)}/${m.name ?? '?'}`;
}
