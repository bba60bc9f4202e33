/**
 * OpenAPI as kubectl v1.32 needs it (docs/reference-facts.md, kube-api-emulation, "kubectl create -f"):
 * `/openapi/v2` is an empty 200 protobuf document (a valid, empty OpenAPI message), so client-side
 * validation passes and the server validates; `/openapi/v3` is 404, which kubectl tolerates.
 */
import type { ServerResponse } from 'node:http';
import { pathNotFound, sendError } from './status.ts';

/** A `@` in the media type is rejected by kubectl (`mime: unexpected content after media subtype`). */
export const OPENAPI_V2_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

export function serveOpenApi(version: string, res: ServerResponse): void {
  if (version !== 'v2') {
    sendError(res, pathNotFound());
    return;
  }
  res.writeHead(200, { 'Content-Type': OPENAPI_V2_CONTENT_TYPE, 'Content-Length': 0 });
  res.end();
}
