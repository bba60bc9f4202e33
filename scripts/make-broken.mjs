#!/usr/bin/env node
/**
 * Regenerates fixtures/submissions/broken/*: each variant is the reference submission with ONE thing
 * broken; expected.json says which static checks must fail (and which are skipped) because of it.
 * A zx script (it replaced make-broken.sh; the edits are the same sed commands, written in JS so they
 * behave alike on GNU and BSD systems):
 *
 *   node scripts/make-broken.mjs [--out DIR]     (default DIR: fixtures/submissions/broken)
 */
import { argv, echo, fs, path } from 'zx';

const SUBMISSIONS = path.join(import.meta.dirname, '..', 'fixtures', 'submissions');
const reference = path.join(SUBMISSIONS, 'reference');
const out = path.resolve(argv.out ?? path.join(SUBMISSIONS, 'broken'));

let variants = 0;

/** A fresh copy of the reference as variant `name`, with its expected.json. */
async function mk(name, expected) {
  variants += 1;
  const dir = path.join(out, name);
  await fs.remove(dir);
  await fs.mkdirp(dir);
  for (const file of await fs.readdir(reference))
    await fs.copy(path.join(reference, file), path.join(dir, file));
  await fs.writeFile(path.join(dir, 'expected.json'), `${JSON.stringify(expected)}\n`);
}

/**
 * Applies sed-like edits to one file of a variant, line by line: `['s', re, to]` replaces in each line
 * (the first match, or all with the `g` flag, as sed's `s///` and `s///g`); `['d', re, n]` deletes each
 * line matching `re` and the `n` lines after it (sed's `/re/d`, `/re/,+nd`).
 */
async function edit(variant, file, ...edits) {
  const target = path.join(out, variant, file);
  let lines = (await fs.readFile(target, 'utf8')).split('\n');
  for (const [op, re, arg] of edits) {
    if (op === 's') lines = lines.map((line) => line.replace(re, arg));
    else {
      const kept = [];
      for (let i = 0; i < lines.length; i += 1) {
        if (re.test(lines[i])) i += arg ?? 0;
        else kept.push(lines[i]);
      }
      lines = kept;
    }
  }
  await fs.writeFile(target, lines.join('\n'));
}

await mk('selector-label-mismatch', {
  description: 'nodes labelled zone=… while the pools select rack',
  fails: ['labels.match-pools'],
});
await edit(
  'selector-label-mismatch',
  'lab4_report.md',
  ['s', /kubectl label nodes minikube rack=0/, 'kubectl label nodes minikube zone=0'],
  ['s', /kubectl label nodes minikube-m02 rack=1/, 'kubectl label nodes minikube-m02 zone=1'],
);
await mk('unquoted-selector', {
  description: 'nodeSelector rack == 0 without quotes',
  fails: ['pools.selectors-valid'],
  skips: ['labels.match-pools'],
});
await edit('unquoted-selector', 'ippool.yaml', ['s', /nodeSelector: rack == "0"/, 'nodeSelector: rack == 0']);
await mk('overlapping-pools', {
  description: 'rack-0 pool 192.168.0.0/16 contains rack-1 pool',
  fails: ['pools.no-overlap'],
});
await edit('overlapping-pools', 'ippool.yaml', ['s', /cidr: 192.168.0.0\/24/, 'cidr: 192.168.0.0/16']);
await mk('host-bits-cidr', {
  description: 'cidr 192.168.0.1/24 has host bits set',
  fails: ['pools.cidr-valid'],
});
await edit('host-bits-cidr', 'ippool.yaml', ['s', /cidr: 192.168.0.0\/24/, 'cidr: 192.168.0.1/24']);
await mk('default-pool-kept', {
  description: 'the default pool is never deleted',
  fails: ['pools.default-removed'],
});
await edit('default-pool-kept', 'lab4_report.md', ['d', /calicoctl delete ippools default-ipv4-ippool/]);
await mk('one-replica', { description: 'replicas: 1', fails: ['deployment.replicas'] });
await edit('one-replica', 'deployment.yaml', ['s', /replicas: 2/, 'replicas: 1']);
await mk('wrong-image', { description: 'image name typo itdt--frontend', fails: ['deployment.image'] });
await edit('wrong-image', 'deployment.yaml', [
  's',
  /ifilyaninitmo\/itdt-contained-frontend:master/,
  'ifilyaninitmo/itdt--frontend:master',
]);
await mk('missing-env', { description: 'REACT_APP_COMPANY_NAME not set', fails: ['deployment.env'] });
await edit('missing-env', 'deployment.yaml', ['d', /REACT_APP_COMPANY_NAME/, 1]);
await mk('service-selector-mismatch', {
  description: 'Service selects app: lab4-service, pods are app: lab4-frontend',
  fails: ['service.selects-pods'],
});
await edit('service-selector-mismatch', 'service.yaml', [
  's',
  / {4}app: lab4-frontend/,
  '    app: lab4-service',
]);
await mk('cni-typo', { description: '--cni=caliico', fails: ['minikube.start-flags'] });
await edit('cni-typo', 'lab4_report.md', ['s', /--cni calico/, '--cni=caliico']);
await mk('network-plugin-typo', {
  description: '--network-plugin-cni instead of --network-plugin=cni, no --cni',
  fails: ['minikube.start-flags'],
});
await edit('network-plugin-typo', 'lab4_report.md', ['s', /--cni calico/, '--network-plugin-cni']);
await mk('yaml-syntax-error', {
  description: 'service.yaml does not parse (bad indentation)',
  fails: ['submission.manifests', 'service.selects-pods'],
});
await edit('yaml-syntax-error', 'service.yaml', ['s', /^ {2}selector:/, ' selector:']);
await mk('no-labels', {
  description: 'the report shows no kubectl label commands',
  fails: [],
  skips: ['labels.match-pools'],
});
await edit('no-labels', 'lab4_report.md', ['d', /kubectl label nodes/]);
await mk('pool-without-selector', {
  description: 'rack-1 pool has no nodeSelector (selects every node)',
  fails: ['pools.selectors-valid'],
  skips: ['labels.match-pools'],
});
await edit('pool-without-selector', 'ippool.yaml', ['d', /nodeSelector: rack == "1"/]);
await mk('pool-too-small', {
  description: 'a /27 pool with the default /26 blocks',
  fails: ['pools.cidr-valid'],
});
await edit('pool-too-small', 'ippool.yaml', ['s', /cidr: 192.168.1.0\/24/, 'cidr: 192.168.1.0/27']);
await mk('missing-header', {
  description: 'report header lacks Group and Author',
  fails: ['submission.report'],
});
await edit('missing-header', 'lab4_report.md', ['d', /^Group:/], ['d', /^Author:/]);
await mk('ips-outside-pools', {
  description: 'the report shows pod IPs from the default pool 10.244.0.0/16',
  fails: ['pods.shown-ips-in-pools'],
});
await edit(
  'ips-outside-pools',
  'lab4_report.md',
  ['s', /192\.168\.0\.65/g, '10.244.120.65'],
  ['s', /192\.168\.1\.1\b/g, '10.244.205.193'],
  ['s', /192-168-1-1/g, '10-244-205-193'],
);

echo(`wrote ${variants} variants of ${path.relative(process.cwd(), reference) || '.'} into ${out}`);
