/**
 * `GET …/pods/NAME/log`: text/plain from the LogHandler, with the apiserver's container checks
 * (`a container name must be specified…`, `container x is not valid for pod y`).
 */
import type { ServerResponse } from 'node:http';
import { apiErrors } from '../store/errors.ts';
import type { KubeObject } from '../store/types.ts';
import type { ResourceRoute } from './routes.ts';
import { sendText } from './status.ts';
import type { ApiContext } from './types.ts';

/** Resolves the container an exec/log request is for; 400 like the apiserver when it cannot. */
export function resolveContainer(pod: KubeObject, requested: string | undefined | null): string | undefined {
  const names = ((pod.spec?.containers ?? []) as { name: string }[]).map((c) => c.name);
  const initNames = ((pod.spec?.initContainers ?? []) as { name: string }[]).map((c) => c.name);
  if (requested) {
    if (!names.includes(requested) && !initNames.includes(requested))
      throw apiErrors.badRequest(`container ${requested} is not valid for pod ${pod.metadata.name}`);
    return requested;
  }
  if (names.length === 1) return names[0];
  if (names.length === 0) return undefined;
  throw apiErrors.badRequest(
    `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`,
  );
}

/** The last `n` lines, as `kubectl logs --tail=n`. */
export function tailLines(text: string, n: number | undefined): string {
  if (n === undefined || n < 0) return text;
  if (n === 0) return '';
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n');
  if (lines.length <= n) return text;
  return `${lines.slice(-n).join('\n')}${trailingNewline ? '\n' : ''}`;
}

export function serveLog(
  ctx: ApiContext,
  route: ResourceRoute,
  res: ServerResponse,
  query: URLSearchParams,
): void {
  const namespace = route.namespace as string;
  const name = route.name as string;
  const pod = ctx.store.get('pods', namespace, name);
  if (!pod) throw apiErrors.notFound('', 'pods', name);
  const container = resolveContainer(pod, query.get('container'));
  const tailParam = query.get('tailLines');
  const tail = tailParam === null ? undefined : Number(tailParam);
  if (tail !== undefined && !Number.isInteger(tail))
    throw apiErrors.badRequest(`invalid tailLines: ${tailParam}`);
  const text = ctx.logs?.({ namespace, pod: name, container, tailLines: tail });
  if (text === undefined)
    throw apiErrors.badRequest(
      `container "${container}" in pod "${name}" is waiting to start: ContainerCreating`,
    );
  sendText(res, 200, tailLines(text, tail));
}
