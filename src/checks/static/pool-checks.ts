import { cidrContains, cidrsOverlap, classifyV4, parseCidr } from '../../calico/cidr.ts';
import { validateIPPool } from '../../calico/ippool.ts';
import { poolCidrProblems, staticReservedNetworks } from '../../calico/pool-policy.ts';
import { evaluateSelector } from '../../calico/selector.ts';
import type { LabFacts, PoolFact } from '../../lab/facts.ts';
import type { CalicoctlCommand, KubectlDeleteCommand, KubectlPatchCommand } from '../../submission/types.ts';
import type { CheckOutcome } from '../types.ts';
import { fail, listWords, notShown, pass, skip, where } from './outcome.ts';
import { fromScreens, imagesOf, screenPodIps, shownIn, weakScreensNote } from './screen-evidence.ts';
import { shownPodIps } from './shown-ips.ts';

const at = (p: PoolFact) => where(p.object.file, p.object.line);

const noPools = (f: LabFacts): CheckOutcome =>
  skip('no IPPool to check (see pools.defined)', undefined, { pools: f.pools.length });

export function poolsDefinedCheck(f: LabFacts): CheckOutcome {
  const want = f.rubric.expect.minPools;
  const rack = f.pools.filter((p) => p.pool.name !== f.rubric.expect.defaultPool);
  const broken = rack.filter((p) => p.problems.length > 0 || !p.pool.name || !p.pool.cidr);
  const evidence = {
    pools: rack.map((p) => ({
      name: p.pool.name,
      cidr: p.pool.cidr,
      at: at(p),
      apiVersion: p.pool.apiVersion,
    })),
  };
  const referenced = poolFilesNotCommitted(f);
  if (rack.length === 0) {
    const missing = referenced.length
      ? ` (the report feeds ${listWords(referenced)} to calicoctl, but it is not in the submission)`
      : '';
    // Unlike a missing command, a missing pool manifest fails outright: the pools are the lab's point.
    return fail(
      `no IPPool manifest found${missing}`,
      `Commit the file with one IPPool per rack (${want} pools, kind IPPool, apiVersion projectcalico.org/v3).`,
      { ...evidence, referenced },
    );
  }
  if (broken.length > 0) {
    const lines = broken.map(
      (p) => `${at(p)} ${p.pool.name || '(unnamed)'}: ${p.problems.join('; ') || 'missing cidr'}`,
    );
    return fail(
      `${broken.length} pool(s) are incomplete: ${lines.join(' | ')}`,
      'Every IPPool needs metadata.name and spec.cidr (e.g. `cidr: 192.168.0.0/24`).',
      evidence,
    );
  }
  if (rack.length < want) {
    return fail(
      `${rack.length} IPPool(s) defined (${rack.map((p) => p.pool.name).join(', ')}); the lab needs one per rack, at least ${want}`,
      `Add an IPPool for every rack, each with its own cidr and a nodeSelector on the rack label.`,
      evidence,
    );
  }
  return pass(
    `${rack.length} IPPools: ${rack.map((p) => `${p.pool.name} (${p.pool.cidr})`).join(', ')}`,
    evidence,
  );
}

/** Files that calicoctl/kubectl commands feed but the submission does not hold. */
function poolFilesNotCommitted(f: LabFacts): string[] {
  const files = new Set(f.submission.files.map((x) => x.toLowerCase()));
  const referenced = new Set<string>();
  for (const c of f.commands) {
    if (c.kind !== 'calicoctl') continue;
    const file = c.stdinFile ?? (c.file && c.file !== '-' ? c.file : undefined);
    if (!file) continue;
    const base = file.replace(/^\.\//, '');
    if (!files.has(base.toLowerCase()) && !files.has((base.split('/').pop() ?? base).toLowerCase()))
      referenced.add(base);
  }
  return [...referenced];
}

export function cidrValidCheck(f: LabFacts): CheckOutcome {
  const pools = f.pools.filter((p) => p.pool.cidr);
  if (pools.length === 0) return noPools(f);
  const errors: { pool: string; at: string; cidr: string; errors: string[] }[] = [];
  for (const p of pools) {
    // Overlap is its own check; validate each pool alone. Selector errors belong to pools.selectors-valid.
    const messages = validateIPPool(p.pool, []).filter((m) => !m.includes('NodeSelector'));
    // The live apply policy's rules on a CIDR alone (src/calico/pool-policy.ts): too wide, special ranges.
    for (const problem of poolCidrProblems(p.pool, {
      minPrefixV4: f.rubric.expect.apply.poolMinPrefix,
      reserved: [],
    }))
      if (!(problem.message.includes('link-local') && messages.some((m) => m.includes('Link Local'))))
        messages.push(problem.message);
    if (messages.length) errors.push({ pool: p.pool.name, at: at(p), cidr: p.pool.cidr, errors: messages });
  }
  if (errors.length > 0) {
    const first = errors[0]!;
    const parsed = parseCidr(first.cidr);
    const suggestion = parsed?.hostBitsSet ? ` Use \`${parsed.canonical}\` (the network address).` : '';
    return fail(
      errors.map((e) => `${e.at} ${e.pool} (${e.cidr}): ${e.errors.join('; ')}`).join(' | '),
      `calicoctl or the grader would refuse this pool.${suggestion} A pool must be a network address with prefix ≤ its blockSize (default 26), blockSize 20–32, /${f.rubric.expect.apply.poolMinPrefix} or narrower, in private address space.`,
      { errors },
    );
  }
  return pass(
    `${pools.length} pool CIDR(s) valid: ${pools.map((p) => `${p.pool.cidr}/${p.pool.blockSize}`).join(', ')}`,
    {
      pools: pools.map((p) => ({ name: p.pool.name, cidr: p.pool.cidr, blockSize: p.pool.blockSize })),
    },
  );
}

export function noOverlapCheck(f: LabFacts): CheckOutcome {
  const pools = f.pools.filter((p) => parseCidr(p.pool.cidr));
  if (pools.length === 0) return noPools(f);
  const overlaps: [string, string][] = [];
  for (let i = 0; i < pools.length; i++)
    for (let j = i + 1; j < pools.length; j++) {
      const a = pools[i]!;
      const b = pools[j]!;
      if (cidrsOverlap(a.pool.cidr, b.pool.cidr))
        overlaps.push([`${a.pool.name} (${a.pool.cidr})`, `${b.pool.name} (${b.pool.cidr})`]);
    }
  const warnings: string[] = [];
  // Networks no pool may take (the live apply policy refuses them): minikube's node network, the service CIDR.
  const reserved: string[] = [];
  const policy = {
    minPrefixV4: f.rubric.expect.apply.poolMinPrefix,
    reserved: staticReservedNetworks(f.rubric.expect.apply.nodeNetwork, f.rubric.expect.serviceCidr),
  };
  for (const p of pools) {
    for (const problem of poolCidrProblems(p.pool, policy))
      if (problem.rule === 'reserved-network') reserved.push(`${p.pool.name}: ${problem.message}`);
    if (parseCidr(p.pool.cidr)?.kind === 'ipv4' && classifyV4(p.pool.cidr) === 'public')
      warnings.push(`${p.pool.name} (${p.pool.cidr}) is public address space, not private (RFC 1918)`);
  }
  const note = warnings.length ? ` Warning: ${warnings.join('; ')}.` : '';
  if (overlaps.length > 0 || reserved.length > 0) {
    const parts = [
      ...(overlaps.length ? [`pools overlap: ${overlaps.map(([a, b]) => `${a} and ${b}`).join('; ')}`] : []),
      ...reserved,
    ];
    return fail(
      `${parts.join('; ')}.${note}`,
      overlaps.length
        ? 'Give every rack its own, disjoint range, e.g. 192.168.0.0/24 and 192.168.1.0/24 (calicoctl refuses overlapping pools).'
        : `Pick private ranges outside minikube's node network ${f.rubric.expect.apply.nodeNetwork} and the service CIDR ${f.rubric.expect.serviceCidr}, e.g. 192.168.0.0/24 and 192.168.1.0/24: pods there would shadow the nodes or the Services (the grader refuses such pools).`,
      { overlaps, reserved, warnings },
    );
  }
  return pass(`no two of ${pools.length} pools overlap.${note}`, { warnings });
}

export function selectorsValidCheck(f: LabFacts): CheckOutcome {
  const pools = f.rackPools;
  if (pools.length === 0) return noPools(f);
  const problems: string[] = [];
  const hints: string[] = [];
  for (const p of pools) {
    if (!p.explicitSelector) {
      problems.push(`${at(p)} ${p.pool.name} has no nodeSelector, so it selects every node`);
      hints.push(`Give ${p.pool.name} a selector on the rack label, e.g. \`nodeSelector: rack == "0"\`.`);
      continue;
    }
    if (!p.selector.ok) {
      const e = p.selector.error;
      problems.push(
        `${at(p)} ${p.pool.name}: nodeSelector \`${p.pool.nodeSelector}\` is invalid at column ${e.column}: ${e.message} (expected ${e.expected})`,
      );
      hints.push(
        unquotedHint(p.pool.nodeSelector) ??
          'Calico selectors look like `rack == "0"` — values always in quotes.',
      );
    }
  }
  if (problems.length) return fail(problems.join(' | '), hints.join(' '), { problems });
  return pass(
    `${pools.length} selector(s) valid: ${pools.map((p) => (p.selector.ok ? p.selector.canonical : '')).join(', ')}`,
  );
}

/** `rack == 0` -> `rack == "0"`: the commonest mistake (Calico values must be quoted strings). */
function unquotedHint(selector: string): string | undefined {
  const m = /^\s*([\w./-]+)\s*(==|!=)\s*([\w.-]+)\s*$/.exec(selector);
  if (!m) return undefined;
  return `Quote the value: \`nodeSelector: ${m[1]} ${m[2]} "${m[3]}"\` (Calico reads an unquoted ${m[3]} as a label name).`;
}

type PoolCommand = CalicoctlCommand | KubectlDeleteCommand | KubectlPatchCommand;

export function defaultRemovedCheck(f: LabFacts): CheckOutcome {
  const name = f.rubric.expect.defaultPool;
  const found = findDefaultPoolRemoval(f, name);
  if (found) return pass(found.message, { how: found.how, at: found.at });
  const shot = screenDefaultRemoval(f, name);
  if (shot.found) return pass(shot.found.message, { how: shot.found.how, ...fromScreens([shot.found]) });
  const hint = `Calico keeps giving pods addresses from ${name} while it exists: run \`calicoctl delete ippool ${name}\` (or set \`disabled: true\` on it) before creating your pools, and show the command in the report.`;
  // Absence of the command is not proof it was not run (reports mix text and screenshots).
  const shown = f.commands.length
    ? `none of the ${f.commands.length} commands shown as text`
    : 'no commands are shown as text';
  const seen = shot.notes.length ? `; in the screenshots: ${shot.notes.join('; ')}` : '';
  return notShown(
    `the report does not show ${name} being deleted or disabled (${shown}${seen}${weakScreensNote(f)})`,
    hint,
  );
}

/**
 * The default pool's removal as the screenshots show it: a delete command of it (`calicoctl delete
 * ippool NAME`, `kubectl calico delete …`, `kubectl delete ippools NAME`), kubectl's `… "NAME" deleted`,
 * or the last pool listing that shows the student's pools and no longer the default pool.
 */
function screenDefaultRemoval(
  f: LabFacts,
  name: string,
): { found?: { how: string; image: string; message: string }; notes: string[] } {
  const notes: string[] = [];
  for (const c of f.screens.commands) {
    const cmd = c.command;
    const deletes =
      (cmd.kind === 'calicoctl' && cmd.verb === 'delete' && cmd.names.includes(name)) ||
      (cmd.kind === 'kubectl-delete' && cmd.names.includes(name) && /^ippools?\b/i.test(cmd.resource ?? ''));
    if (!deletes) continue;
    if (c.weak) {
      notes.push(`\`${cmd.source.text}\` in ${c.image} is a weak read (confidence ${c.confidence})`);
      continue;
    }
    return {
      found: {
        how: 'screenshot: delete command',
        image: c.image,
        message: `${shownIn(c)}: \`${cmd.source.text}\` deletes ${name}`,
      },
      notes,
    };
  }
  for (const d of f.screens.deletions) {
    if (d.name !== name) continue;
    if (d.weak) {
      notes.push(`"${name}" deleted in ${d.image} is a weak read`);
      continue;
    }
    return {
      found: { how: 'screenshot: delete output', image: d.image, message: `${shownIn(d)}: ${name} deleted` },
      notes,
    };
  }
  // A listing of other pools (the student's) without the default pool: it is gone.
  const listings = f.screens.poolTables.filter((t) =>
    t.rows.some((r) => !r.weak && r.name !== name && r.cidr),
  );
  const last = listings.at(-1);
  if (last && !last.rows.some((r) => r.name === name))
    return {
      found: {
        how: 'screenshot: pool listing',
        image: last.image,
        message: `${shownIn(last)}: the pools listed are ${last.rows.map((r) => r.name).join(', ')}, without ${name}`,
      },
      notes,
    };
  if (last) notes.push(`${last.image} still lists ${name}`);
  return { notes };
}

export function findDefaultPoolRemoval(
  f: LabFacts,
  name: string,
): { how: string; at: string; message: string; patch?: string } | undefined {
  const isPoolResource = (r?: string) =>
    !!r && /^(ippools?|ipp|ipps|pools?)(\.crd\.projectcalico\.org)?$/i.test(r);
  for (const c of f.commands as PoolCommand[]) {
    const loc = where(c.source.file, c.source.line);
    if (
      c.kind === 'calicoctl' &&
      c.verb === 'delete' &&
      c.names.includes(name) &&
      (!c.resource || isPoolResource(c.resource))
    )
      return { how: 'calicoctl delete', at: loc, message: `${loc}: \`${c.source.text}\` deletes ${name}` };
    if (c.kind === 'kubectl-delete' && c.names.includes(name) && isPoolResource(c.resource))
      return { how: 'kubectl delete', at: loc, message: `${loc}: \`${c.source.text}\` deletes ${name}` };
    if (
      (c.kind === 'calicoctl' && c.verb === 'patch' && c.names.includes(name)) ||
      (c.kind === 'kubectl-patch' && c.name === name)
    ) {
      // Only the disabling is ever replayed (never the rest of a patch): disabled, or a selector of no node.
      if (c.patch && /"?disabled"?\s*:\s*true/.test(c.patch))
        return {
          how: 'patch disabled',
          at: loc,
          message: `${loc}: \`${c.source.text}\` disables ${name}`,
          patch: '{"spec":{"disabled":true}}',
        };
      if (c.patch && /"?nodeSelector"?\s*:\s*"!\s*all\(\s*\)"/.test(c.patch))
        return {
          how: 'patch disabled',
          at: loc,
          message: `${loc}: \`${c.source.text}\` gives ${name} the selector !all(), so no node uses it`,
          patch: '{"spec":{"nodeSelector":"!all()"}}',
        };
    }
  }
  const manifest = f.pools.find(
    (p) => p.pool.name === name && (p.pool.disabled || p.pool.nodeSelector.replace(/\s/g, '') === '!all()'),
  );
  if (manifest)
    return {
      how: 'manifest',
      at: at(manifest),
      message: `${at(manifest)} redefines ${name} with ${manifest.pool.disabled ? 'disabled: true' : 'nodeSelector !all()'}`,
    };
  return undefined;
}

/**
 * The pod IPs the report itself shows must lie in the rack pools (in the pool selecting the pod's node
 * when the report says which node). IPs outside every pool mean Calico did not use the pools — the
 * seed report's symptom.
 */
export function shownIpsInPoolsCheck(f: LabFacts): CheckOutcome {
  const shown = shownPodIps(f.submission.report?.codeBlocks ?? []);
  // The report's text wins; only a report that shows no pod IP as text is read from its screenshots.
  if (shown.length === 0 && f.screens.images.some((i) => i.read)) return screenIpsInPools(f);
  if (shown.length === 0)
    return skip(
      'the report shows no pod IPs as text (no ping transcript or `kubectl get pods -o wide` output)',
      'Paste the `kubectl get pods -o wide` output and a ping transcript as text, not only screenshots.',
    );
  const pools = f.rackPools.filter((p) => parseCidr(p.pool.cidr));
  if (pools.length === 0) return skip('no rack pools to compare the shown pod IPs with (see pools.defined)');
  const outside: string[] = [];
  const wrongRack: string[] = [];
  const podCidr = f.rubric.expect.podCidr;
  // Only addresses that are surely pod addresses count: in a rack pool, or in minikube's pod CIDR
  // (the default pool and the nodes' podCIDRs). A ping to a node, a Service or 8.8.8.8 says nothing.
  const podIps = shown.filter(
    (s) => cidrContains(podCidr, s.ip) || pools.some((p) => cidrContains(p.pool.cidr, s.ip)),
  );
  if (podIps.length === 0)
    return skip(
      `the report shows no pod IPs as text (${shown.length} address(es) shown are neither in the pools nor in the pod CIDR ${podCidr})`,
      'Paste the `kubectl get pods -o wide` output and a ping transcript as text, not only screenshots.',
      { shown },
    );
  for (const s of podIps) {
    const containing = pools.filter((p) => cidrContains(p.pool.cidr, s.ip));
    const where_ = `${s.ip} (report line ${s.line}${s.pod ? `, pod ${s.pod}` : ''}${s.node ? ` on ${s.node}` : ''})`;
    if (containing.length === 0) {
      outside.push(where_);
      continue;
    }
    const node = s.node
      ? f.nodes.find((n) => n.name === s.node || n.reportNames.includes(s.node as string))
      : undefined;
    if (node && f.labelCommands.length) {
      const selecting = pools.filter((p) => p.selector.ok && evaluateSelector(p.selector.ast, node.labels));
      if (selecting.length && !selecting.some((p) => containing.includes(p)))
        wrongRack.push(
          `${where_} is in ${containing[0]?.pool.name} but ${node.name} is selected by ${selecting.map((p) => p.pool.name).join(', ')}`,
        );
    }
  }
  const poolList = pools.map((p) => `${p.pool.name} ${p.pool.cidr}`).join(', ');
  const evidence = { shown, pools: poolList };
  if (outside.length || wrongRack.length) {
    const parts = [];
    if (outside.length)
      parts.push(
        `pod IPs from the pod CIDR ${podCidr}, outside every rack pool (${poolList}): ${outside.join('; ')}`,
      );
    if (wrongRack.length) parts.push(wrongRack.join('; '));
    return fail(
      `the report's own output shows ${parts.join('; ')}`,
      `Calico did not take these addresses from your pools. Delete the default pool (\`calicoctl delete ippool ${f.rubric.expect.defaultPool}\`) before creating the rack pools, then recreate the pods (\`kubectl rollout restart deployment\`): Calico never re-addresses running pods. If IPs still come from the node's podCIDR, the CNI uses host-local IPAM: start minikube with \`--cni=calico\`.`,
      evidence,
    );
  }
  return pass(
    `${podIps.length} pod IP(s) shown in the report lie in the rack pools: ${podIps.map((s) => s.ip).join(', ')}`,
    evidence,
  );
}

/** pods.shown-ips-in-pools on what the screenshots show (screen-evidence.ts screenPodIps). */
function screenIpsInPools(f: LabFacts): CheckOutcome {
  const { ips, weak } = screenPodIps(f);
  const weakNote = weak ? ` (${weak} weakly read row(s) not counted)` : '';
  const notes = f.screens.notes
    .slice(0, 5)
    .map((n) => `${n.image}${n.line ? `:${n.line}` : ''}: ${n.message}`);
  if (ips.length === 0)
    return skip(
      `the report shows no pod IPs as text, and its screenshots show none that read clearly${weakNote}`,
      'Paste the `kubectl get pods -o wide` output and a ping transcript as text, not only screenshots.',
      { notes },
    );
  const pools = f.rackPools.filter((p) => parseCidr(p.pool.cidr));
  if (pools.length === 0)
    return skip('no rack pools to compare the pod IPs in the screenshots with (see pools.defined)');
  const podCidr = f.rubric.expect.podCidr;
  // A pods table or the app's page shows pod addresses for sure; a ping target only when it is in a pool or the pod CIDR.
  const podIps = ips.filter(
    (s) =>
      s.source !== 'ping' ||
      cidrContains(podCidr, s.ip) ||
      pools.some((p) => cidrContains(p.pool.cidr, s.ip)),
  );
  if (podIps.length === 0)
    return skip(
      `no pod IPs shown: the ${ips.length} address(es) pinged in ${imagesOf(ips)} are neither in the pools nor in the pod CIDR ${podCidr}`,
      'Show `kubectl get pods -o wide` (as text, preferably).',
      { ips, ...fromScreens(ips) },
    );
  const nodes = f.labelCommands.length ? f.nodes : (f.screenLabels?.nodes ?? f.nodes);
  const labelled = f.labelCommands.length > 0 || (f.screenLabels?.commands.length ?? 0) > 0;
  const outside: string[] = [];
  const wrongRack: string[] = [];
  for (const s of podIps) {
    const containing = pools.filter((p) => cidrContains(p.pool.cidr, s.ip));
    const what = `${s.ip} (${shownIn(s)}${s.pod ? `, pod ${s.pod}` : ''}${s.node ? ` on ${s.node}` : ''})`;
    if (containing.length === 0) {
      outside.push(what);
      continue;
    }
    const node = s.node
      ? nodes.find((n) => n.name === s.node || n.reportNames.includes(s.node as string))
      : undefined;
    if (node && labelled) {
      const selecting = pools.filter((p) => p.selector.ok && evaluateSelector(p.selector.ast, node.labels));
      if (selecting.length && !selecting.some((p) => containing.includes(p)))
        wrongRack.push(
          `${what} is in ${containing[0]?.pool.name} but ${node.name} is selected by ${selecting.map((p) => p.pool.name).join(', ')}`,
        );
    }
  }
  const poolList = pools.map((p) => `${p.pool.name} ${p.pool.cidr}`).join(', ');
  const evidence = { ips: podIps, pools: poolList, notes, ...fromScreens(podIps) };
  if (outside.length || wrongRack.length) {
    const parts: string[] = [];
    if (outside.length) parts.push(`pod IPs outside every rack pool (${poolList}): ${outside.join('; ')}`);
    if (wrongRack.length) parts.push(wrongRack.join('; '));
    return fail(
      `the screenshots show ${parts.join('; ')}${weakNote}`,
      `Calico did not take these addresses from your pools. Delete the default pool (\`calicoctl delete ippool ${f.rubric.expect.defaultPool}\`) before creating the rack pools, then recreate the pods (\`kubectl rollout restart deployment\`): Calico never re-addresses running pods. If IPs still come from the node's podCIDR or Docker's 172.17.0.0/16, the CNI is not Calico: start minikube with \`--cni=calico\`.`,
      evidence,
    );
  }
  return pass(
    `${podIps.length} pod IP(s) ${shownIn({ image: imagesOf(podIps) })} lie in the rack pools: ${podIps.map((s) => s.ip).join(', ')}${weakNote}`,
    evidence,
  );
}
