/** URL parsing the way busybox wget does it: scheme optional (http assumed), default port 80. */
import type { ParsedUrl } from './types.ts';

export function parseHttpUrl(url: string): ParsedUrl | undefined {
  let rest = url;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
  if (scheme) {
    if (scheme[1].toLowerCase() !== 'http') return undefined;
    rest = rest.slice(scheme[0].length);
  }
  const slash = rest.search(/[/?#]/);
  const hostPort = slash >= 0 ? rest.slice(0, slash) : rest;
  let path = slash >= 0 ? rest.slice(slash) : '/';
  if (!path.startsWith('/')) path = `/${path}`;
  const at = hostPort.lastIndexOf('@');
  const hp = at >= 0 ? hostPort.slice(at + 1) : hostPort;
  const m = /^([^:]*)(?::(\d*))?$/.exec(hp);
  if (!m || m[1] === '') return undefined;
  const port = m[2] ? Number(m[2]) : 80;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host: m[1], port, path };
}
