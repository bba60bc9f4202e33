/**
 * Create-only writes for the apply policy: POST, never a patch of what exists, optionally as a
 * server-side dry run (`?dryRun=All`: admission and validation run, nothing is stored). A refused
 * create comes back as the API server's own Status (409 AlreadyExists, 403 Forbidden by PodSecurity…).
 */
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
  const api = kube.k8s.KubernetesObjectApi.makeApiClient(kube.kc);
  try {
    const object = await api.create(
      body as KubernetesObject,
      undefined,
      opts.dryRun ? 'All' : undefined,
      FIELD_MANAGER,
    );
    return { ok: true, object };
  } catch (e) {
    if (e instanceof kube.k8s.ApiException)
      return { ok: false, code: e.code, ...statusFields(e.code, e.body) };
    throw e;
  }
}

/** `ConfigMap/x` */
export function refOf(body: Record<string, unknown>): string {
  const m = (body.metadata ?? {}) as { name?: string };
  return `${String(body.kind)}/${m.name ?? '?'}`;
}
