/**
 * The long text attached to a failing live check (JUnit system-out): the failing pods' states, events,
 * the calico-node log tail, each node's CNI config with its IPAM type called out, and
 * `calicoctl ipam show --show-blocks`. Assembled from `evidence.diagnostics` and the structured evidence.
 */
import type { Evidence, EvidencePod } from '../../evidence/schema.ts';
import { cniIpamType } from '../../probes/parse/cni.ts';

export type DiagnosticSection =
  | 'pods'
  | 'events'
  | 'calico-node-log'
  | 'cni-configs'
  | 'ipam'
  | 'pools'
  | 'calico-nodes';

const MAX_LINES = 60;

/** The sections asked for, in the order given; undefined when the bundle has none of them. */
export function assembleDiagnostics(
  e: Evidence,
  sections: readonly DiagnosticSection[],
  pods?: readonly string[],
): string | undefined {
  const parts: string[] = [];
  for (const s of sections) {
    const body = SECTIONS[s](e, pods);
    if (body) parts.push(`== ${TITLES[s]} ==\n${body.trimEnd()}`);
  }
  return parts.length ? parts.join('\n\n') : undefined;
}

const TITLES: Record<DiagnosticSection, string> = {
  pods: 'Pods',
  events: 'Events',
  'calico-node-log': 'calico-node log (tail)',
  'cni-configs': 'CNI config per node (/etc/cni/net.d/10-calico.conflist)',
  ipam: 'calicoctl ipam show --show-blocks',
  pools: 'IP pools on the cluster',
  'calico-nodes': 'Calico pods',
};

const SECTIONS: Record<DiagnosticSection, (e: Evidence, pods?: readonly string[]) => string | undefined> = {
  pods: podsSection,
  events: (e) => tail(e.diagnostics.events),
  'calico-node-log': (e) => tail(e.diagnostics.calicoNodeLog),
  'cni-configs': cniSection,
  ipam: (e) => tail(e.diagnostics.ipamShow),
  pools: (e) =>
    e.pools.length
      ? e.pools
          .map(
            (p) =>
              `${p.name}  ${p.cidr}  blockSize=${p.blockSize}  selector=${p.nodeSelector}  disabled=${p.disabled}  ipip=${p.ipipMode}`,
          )
          .join('\n')
      : '(no IPPool on the cluster)',
  'calico-nodes': (e) =>
    [
      ...e.calicoNodes.map(
        (c) =>
          `${c.pod} on ${c.node}: ${c.phase}, ${c.ready ? 'Ready' : 'NOT Ready'}${c.restartCount ? `, ${c.restartCount} restarts` : ''} (${c.image})`,
      ),
      `calico-kube-controllers: ${e.calicoKubeControllersReady ? 'Ready' : 'NOT Ready'}`,
    ].join('\n'),
};

/** Structured state of the named pods (or of every not-ready pod), then the driver's pod listing. */
function podsSection(e: Evidence, names?: readonly string[]): string | undefined {
  const chosen = names ? e.pods.filter((p) => names.includes(p.name)) : e.pods.filter((p) => !p.ready);
  const lines = chosen.map(describePod);
  const listing = tail(e.diagnostics.pods);
  if (listing) lines.push(listing);
  return lines.length ? lines.join('\n') : undefined;
}

function describePod(p: EvidencePod): string {
  const head = `${p.namespace}/${p.name}: phase ${p.phase}, node ${p.node ?? '(none)'}, IP ${p.ip ?? '(none)'}, created ${p.createdAt}`;
  const conditions = (p.conditions ?? [])
    .map(
      (c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}`,
    )
    .join(', ');
  const containers = p.containerStatuses.map(
    (c) =>
      `  container ${c.name}: ${c.state}${c.reason ? ` ${c.reason}` : ''}${c.message ? ` - ${c.message}` : ''}, ready=${c.ready}, restarts=${c.restartCount}`,
  );
  return [head, ...(conditions ? [`  conditions: ${conditions}`] : []), ...containers].join('\n');
}

function cniSection(e: Evidence): string | undefined {
  const configs = new Map<string, string | undefined>();
  for (const n of e.nodes) configs.set(n.name, n.cniConfig ?? e.diagnostics.cniConfigs?.[n.name]);
  for (const [node, text] of Object.entries(e.diagnostics.cniConfigs ?? {}))
    if (!configs.has(node)) configs.set(node, text);
  const parts: string[] = [];
  for (const [node, text] of configs) {
    const recorded = e.nodes.find((n) => n.name === node)?.cniIpamType;
    const type = recorded ?? (text ? cniIpamType(text) : null);
    const note =
      type === 'host-local'
        ? ' <- host-local: pod IPs come from the node podCIDR, Calico pools are ignored'
        : '';
    parts.push(`-- ${node}: IPAM type ${type ?? 'unknown'}${note}`);
    if (text) parts.push(tail(text) as string);
  }
  return parts.length ? parts.join('\n') : undefined;
}

function tail(text: string | undefined, max = MAX_LINES): string | undefined {
  if (!text?.trim()) return undefined;
  const lines = text.trimEnd().split('\n');
  return lines.length <= max
    ? lines.join('\n')
    : [`… (${lines.length - max} earlier lines cut)`, ...lines.slice(-max)].join('\n');
}
