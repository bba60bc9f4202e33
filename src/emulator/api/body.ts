/** Request bodies: JSON, or YAML for `application/apply-patch+yaml` and `application/yaml`. */
import type { IncomingMessage } from 'node:http';
import YAML from 'yaml';
import { apiErrors } from '../store/errors.ts';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function readParsedBody(req: IncomingMessage): Promise<unknown> {
  const raw = (await readBody(req)).toString('utf8');
  if (!raw.trim()) throw apiErrors.badRequest('the request body is empty');
  const contentType = req.headers['content-type'] ?? '';
  try {
    return contentType.includes('yaml') ? YAML.parse(raw) : JSON.parse(raw);
  } catch (e) {
    throw apiErrors.badRequest(`error decoding the request body: ${(e as Error).message}`);
  }
}
