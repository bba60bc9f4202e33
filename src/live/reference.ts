import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REFERENCE = join('fixtures', 'submissions', 'reference');

/**
 * The bundled reference submission: the first `fixtures/submissions/reference` above this module —
 * src/live/ in the sources, node_modules/.cache/… or dist/ in the compiled bundle, where a path
 * relative to the module would miss it. The package ships the folder (package.json `files`).
 */
export function bundledReference(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, REFERENCE, 'lab4_report.md'))) return join(dir, REFERENCE);
    if (dirname(dir) === dir) throw new Error(`no ${REFERENCE} above ${from}`);
  }
}
