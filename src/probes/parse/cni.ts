/**
 * The IPAM plugin a node's CNI config names (docs/reference-facts.md, calico-ippool §8). `calico-ipam` takes pod IPs from
 * Calico IPPools; `host-local` (with `usePodCidr`) takes them from the node's podCIDR and ignores the
 * pools — the silent failure the lab is about.
 */

/** `ipam.type` of the calico plugin in a 10-calico.conflist (or a single-plugin .conf); null if none. */
export function cniIpamType(config: string): string | null {
  try {
    return ipamTypeOf(JSON.parse(config));
  } catch {
    // Rendered files are JSON, but a driver may capture a truncated or commented copy: fall back to text.
    const m = /"ipam"\s*:\s*\{[^{}]*?"type"\s*:\s*"([^"]+)"/.exec(config);
    return m ? (m[1] as string) : null;
  }
}

function ipamTypeOf(conf: unknown): string | null {
  if (!isRecord(conf)) return null;
  const plugins = Array.isArray(conf.plugins) ? conf.plugins.filter(isRecord) : [conf];
  const withIpam = plugins.filter((p) => isRecord(p.ipam) && typeof p.ipam.type === 'string');
  const chosen = withIpam.find((p) => p.type === 'calico') ?? withIpam[0];
  return chosen && isRecord(chosen.ipam) ? (chosen.ipam.type as string) : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
