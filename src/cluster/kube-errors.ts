/** client-node's ApiException (body is a string holding a Status) → KubeApiError. */
import type * as K8s from '@kubernetes/client-node';
import { isClusterError, KubeApiError, type KubeVerb } from './errors.ts';

const REASON_BY_CODE: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** reason/message from a Status body (JSON text or object); falls back to the HTTP code. */
export function statusFields(code: number, body: unknown): { reason: string; message: string } {
  let status: { reason?: unknown; message?: unknown } | undefined;
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body);
    } catch {
      return { reason: REASON_BY_CODE[code] ?? '', message: body.trim() || `HTTP ${code}` };
    }
  } else if (body && typeof body === 'object') {
    status = body as typeof status;
  }
  return {
    reason: typeof status?.reason === 'string' ? status.reason : (REASON_BY_CODE[code] ?? ''),
    message: typeof status?.message === 'string' ? status.message : `HTTP ${code}`,
  };
}

export function toKubeApiError(k8s: typeof K8s, e: unknown, verb: KubeVerb, resource: string): Error {
  if (isClusterError(e)) return e;
  if (e instanceof k8s.ApiException) {
    const { reason, message } = statusFields(e.code, e.body);
    return new KubeApiError({ code: e.code, reason, message, verb, resource }, e);
  }
  // No HTTP answer: connection refused, DNS, TLS, aborted.
  const message = e instanceof Error ? e.message : String(e);
  return new KubeApiError({ code: 0, reason: '', message, verb, resource }, e);
}
