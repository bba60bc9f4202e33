/**
 * Turns a downloaded Calico manifest (`calico.yaml` of one release) into the small fixture the
 * emulator installs from: for each object its kind, apiVersion, name, namespace and, for workloads,
 * the images of its init and regular containers (src/emulator/calico/upstream/<tag>.json: the emulator's data, bundled with it). The manifest itself is
 * not kept.
 *
 *   npx tsx scripts/calico-fixtures.ts --tag v3.26.1 --source URL manifest.yaml
 *   npx tsx scripts/calico-fixtures.ts --tag v3.20.0 --source URL \
 *     --set BinaryImageName=docker.io/calico/cni:v3.20.0 … minikube-calico.yaml
 *
 * `--set NAME=VALUE` fills a minikube template's `{{ .NAME }}` (minikube's copy of a release's
 * rendered manifest templates its images: pkg/minikube/cni/calico.yaml).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { manifestEntries } from '../src/emulator/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    tag: { type: 'string' },
    source: { type: 'string' },
    set: { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: join(import.meta.dirname, '../src/emulator/calico/upstream') },
  },
});
const file = positionals[0];
if (!values.tag || !values.source || !file) {
  console.error('usage: calico-fixtures.ts --tag vX.Y.Z --source URL [--set NAME=VALUE]… manifest.yaml');
  process.exit(2);
}
let text = readFileSync(file, 'utf8');
for (const pair of values.set) {
  const [name, value] = pair.split('=', 2) as [string, string];
  text = text.replaceAll(new RegExp(`\\{\\{\\s*\\.${name}\\s*\\}\\}`, 'g'), value);
}
if (/\{\{/.test(text)) throw new Error(`${file}: template expressions left; fill them with --set`);
const docs = YAML.parseAllDocuments(text).map((d) => d.toJS() as unknown);
const objects = manifestEntries(docs);
const fixture = { calico: values.tag, source: values.source, objects };
const target = join(values.out, `${values.tag}.json`);
writeFileSync(target, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`${target}: ${objects.length} objects`);
