/**
 * Response writers: JSON bodies (always `Content-Type: application/json`, serialised once) and
 * `Status` error bodies as the apiserver sends them.
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../store/errors.ts';

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, code: number, text: string, contentType = 'text/plain'): void {
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Any error becomes a Status: ApiErrors keep their code, anything else is a 500 InternalError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const e = toApiError(err);
  if (e.code >= 500 && !(err instanceof ApiError)) console.error('emulated apiserver: unexpected error', err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, e.code, e.toStatus());
}

/** The apiserver's answer for a path no handler serves. */
export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

export function successStatus(details?: Record<string, unknown>): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    ...(details ? { details } : {}),
  };
}

/**
 * Adds a `Warning` header as the apiserver sends warnings (RFC 7234 warn-code 299, the text quoted;
 * kubectl prints each as `Warning: …`). Several warnings are several headers.
 */
export function addWarning(res: ServerResponse, text: string): void {
  const value = `299 - ${JSON.stringify(text)}`;
  const prev = res.getHeader('Warning');
  if (prev === undefined) res.setHeader('Warning', value);
  else res.setHeader('Warning', [...(Array.isArray(prev) ? prev : [String(prev)]), value]);
}
