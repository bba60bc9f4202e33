import type { PingProbe } from '../../evidence/schema.ts';
import { STEP } from '../../evidence/schema.ts';
import { parseNslookup } from '../../probes/parse/nslookup.ts';
import { pingResolveFailure } from '../../probes/parse/ping.ts';
import { fail, listWords, pass } from '../static/outcome.ts';
import type { CheckOutcome } from '../types.ts';
import type { LiveContext } from './context.ts';
import { assembleDiagnostics } from './diagnostics.ts';
import { APP, blockedBy } from './gate.ts';

function nodeOf(ctx: LiveContext, pod: string): string | undefined {
  return ctx.e.pods.find((p) => p.name === pod)?.node;
}

function describePing(ctx: LiveContext, p: PingProbe): string {
  const from = nodeOf(ctx, p.from);
  const to = nodeOf(ctx, p.to);
  const target = p.kind === 'fqdn' && p.resolvedIp ? `${p.target} (${p.resolvedIp})` : p.target;
  return `${p.from}${from ? ` (${from})` : ''} → ${p.to}${to ? ` (${to})` : ''} at ${target}`;
}

function pingCheck(ctx: LiveContext, kind: 'ip' | 'fqdn'): CheckOutcome {
  const blocked = blockedBy(ctx, [...APP, STEP.ping]);
  if (blocked) return blocked;
  const { e } = ctx;
  const probes = e.probes.ping.filter((p) => p.kind === kind);
  const word = kind === 'ip' ? 'by IP' : 'by DNS name';
  if (probes.length === 0)
    return { status: 'skip', message: `cannot check: no ping ${word} was run (fewer than 2 app pods?)` };
  const podIp = new Map(e.pods.map((p) => [p.name, p.ip]));
  const problems: string[] = [];
  const unresolved: string[] = [];
  let lost = 0;
  let crossNodeLost = 0;
  for (const p of probes) {
    const expectedIp = podIp.get(p.to);
    const resolve = pingResolveFailure(p.output);
    if (resolve || (p.transmitted === 0 && kind === 'fqdn')) {
      unresolved.push(p.target);
      problems.push(
        `${describePing(ctx, p)}: the name did not resolve${resolve ? ` (ping: bad address '${resolve.name}')` : ''}`,
      );
      continue;
    }
    if (kind === 'fqdn' && expectedIp && p.resolvedIp && p.resolvedIp !== expectedIp) {
      problems.push(
        `${describePing(ctx, p)}: the name resolved to ${p.resolvedIp}, not ${p.to}'s IP ${expectedIp}`,
      );
      continue;
    }
    // A ping "by IP" proves something only when it went to the other pod's own address.
    if (kind === 'ip' && p.target !== expectedIp) {
      problems.push(
        expectedIp
          ? `${describePing(ctx, p)}: the target is not ${p.to}'s IP ${expectedIp}`
          : `${describePing(ctx, p)}: ${p.to} is not an app pod with an IP on record, so ${p.target} is not known to be its address`,
      );
      continue;
    }
    if (kind === 'fqdn' && !expectedIp) {
      problems.push(
        `${describePing(ctx, p)}: ${p.to} is not an app pod with an IP on record, so the name cannot be checked`,
      );
      continue;
    }
    if (p.received === 0) {
      lost++;
      if (nodeOf(ctx, p.from) !== nodeOf(ctx, p.to)) crossNodeLost++;
      problems.push(
        `${describePing(ctx, p)}: ${p.transmitted} transmitted, 0 received, ${p.lossPct}% packet loss`,
      );
    }
  }
  const evidence = {
    probes: probes.map((p) => ({
      from: p.from,
      to: p.to,
      target: p.target,
      resolvedIp: p.resolvedIp,
      transmitted: p.transmitted,
      received: p.received,
      lossPct: p.lossPct,
      exitCode: p.exitCode,
    })),
  };
  if (problems.length) {
    let hint: string;
    if (unresolved.length)
      hint = `The names did not resolve: check CoreDNS (\`kubectl -n kube-system get pods -l k8s-app=kube-dns\`) and the name form \`<a-b-c-d>.<namespace>.pod.cluster.local\` (see dns.service-resolves).`;
    else if (lost && crossNodeLost === lost)
      hint =
        'Packets between the racks are lost: check that calico-node is Ready on both nodes (BGP/IPIP tunnel up), that the pools keep `ipipMode: Always` (or CrossSubnet) on minikube, and that no NetworkPolicy blocks ICMP.';
    else
      hint =
        'Check calico-node on both nodes and any NetworkPolicy in the namespace; ping the pod IP from `kubectl exec POD -- ping -c 3 IP` to reproduce.';
    return {
      ...fail(problems.join('; '), hint, evidence),
      diagnostics: assembleDiagnostics(e, ['calico-nodes', 'calico-node-log', 'pods']),
    };
  }
  const ok = probes.map(
    (p) => `${describePing(ctx, p)} ${p.received}/${p.transmitted}${p.rtt ? ` avg ${p.rtt.avg} ms` : ''}`,
  );
  return pass(listWords(ok), evidence);
}

export const pingIpCheck = (ctx: LiveContext) => pingCheck(ctx, 'ip');
export const pingFqdnCheck = (ctx: LiveContext) => pingCheck(ctx, 'fqdn');

export function serviceResolvesCheck(ctx: LiveContext): CheckOutcome {
  const blocked = blockedBy(ctx, [...APP, STEP.dns]);
  if (blocked) return blocked;
  const { e } = ctx;
  if (!e.service)
    return { status: 'skip', message: 'cannot check: no Service on the cluster (see service.endpoints)' };
  const probes = e.probes.dns;
  if (probes.length === 0) return { status: 'skip', message: 'cannot check: no DNS lookup was run' };
  const problems: string[] = [];
  const kinds = new Set<string>();
  for (const d of probes) {
    const parsed = parseNslookup(d.output);
    const resolved = d.resolved.length ? d.resolved : parsed.answers.map((a) => a.address);
    if (resolved.includes(d.expected)) continue;
    if (parsed.timedOut) {
      kinds.add('timeout');
      problems.push(
        `${d.name} from ${d.from}: no DNS server answered (;; connection timed out; no servers could be reached)`,
      );
    } else if (parsed.nxdomain) {
      kinds.add('nxdomain');
      problems.push(`${d.name} from ${d.from}: NXDOMAIN (no such name)`);
    } else if (resolved.length) {
      kinds.add('wrong');
      problems.push(
        `${d.name} from ${d.from}: resolved to ${listWords(resolved)}, not the ClusterIP ${d.expected}`,
      );
    } else {
      kinds.add('empty');
      problems.push(`${d.name} from ${d.from}: no address in the answer (exit code ${d.exitCode})`);
    }
  }
  const evidence = {
    probes: probes.map((d) => ({
      from: d.from,
      name: d.name,
      resolved: d.resolved,
      expected: d.expected,
      exitCode: d.exitCode,
    })),
  };
  if (problems.length) {
    const hint = kinds.has('timeout')
      ? 'CoreDNS does not answer: check `kubectl -n kube-system get pods -l k8s-app=kube-dns` (Running and Ready) and that pods reach 10.96.0.10 (calico-node Ready on every node).'
      : kinds.has('nxdomain')
        ? `The Service name is not known to DNS: check the Service's name and namespace (\`kubectl get svc -n ${e.service.namespace}\`).`
        : 'The name resolves to another address: check that no other Service or hosts entry shadows it.';
    return {
      ...fail(problems.join('; '), hint, evidence),
      diagnostics: assembleDiagnostics(e, ['events', 'calico-nodes']),
    };
  }
  return pass(listWords(probes.map((d) => `${d.name} → ${d.expected} (from ${d.from})`)), evidence);
}
