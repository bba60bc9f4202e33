/** In-process HTTP exchange between an emulated client and a program in a pod. */

export interface HttpRequestLike {
  method: string;
  /** Path with optional query, e.g. `/static/js/main.1a2b3c4d.js`. */
  path: string;
  headers?: Record<string, string>;
}

export interface HttpResponseLike {
  status: number;
  statusText: string;
  /** In the order the server writes them. */
  headers: [string, string][];
  body: Buffer;
}

/** A program listening on one port of one pod. */
export type Responder = (req: HttpRequestLike) => HttpResponseLike;

export function header(res: HttpResponseLike, name: string): string | undefined {
  const lower = name.toLowerCase();
  return res.headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}
