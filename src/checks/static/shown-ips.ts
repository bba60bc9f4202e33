/**
 * Pod IPs a report shows as text: busybox/iputils ping transcripts (`PING name (10.0.0.5)`, `64 bytes
 * from 10.0.0.5`) and `kubectl get pods -o wide` tables (IP and NODE columns). Screenshots say
 * nothing; only text counts.
 */
export interface ShownIp {
  ip: string;
  /** The node the pod runs on, when a `get pods -o wide` row says so. */
  node?: string;
  pod?: string;
  source: 'ping' | 'pods-table';
  /** 1-based line in the report. */
  line: number;
}

const IPV4 = String.raw`(\d{1,3}(?:\.\d{1,3}){3})`;
const PING_HEADER = new RegExp(String.raw`^\s*PING\s+\S+\s+\(${IPV4}\)`);
const PING_REPLY = new RegExp(String.raw`^\s*\d+\s+bytes from\s+${IPV4}:`);

export function shownPodIps(blocks: readonly { text: string; line: number }[]): ShownIp[] {
  const out: ShownIp[] = [];
  const seen = new Set<string>();
  const add = (s: ShownIp) => {
    const key = `${s.ip}|${s.node ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(s);
  };
  for (const block of blocks) {
    const lines = block.text.split(/\r?\n/);
    let table: { ip: number; node: number; ns: number; name: number } | undefined;
    lines.forEach((raw, i) => {
      const line = block.line + i + 1;
      const ping = PING_HEADER.exec(raw) ?? PING_REPLY.exec(raw);
      if (ping) {
        add({ ip: ping[1] as string, source: 'ping', line });
        return;
      }
      const cols = raw.trim().split(/\s{2,}|\t+/);
      if (cols.includes('IP') && cols.includes('NODE') && cols.includes('NAME')) {
        table = {
          ip: cols.indexOf('IP'),
          node: cols.indexOf('NODE'),
          ns: cols.indexOf('NAMESPACE'),
          name: cols.indexOf('NAME'),
        };
        return;
      }
      if (!table) return;
      const cells = raw.trim().split(/\s+/);
      const ip = cells[table.ip];
      // Rows of system pods (kube-system) and host-network pods carry node IPs, not pool IPs.
      if (table.ns >= 0 && cells[table.ns] !== 'default') return;
      if (!ip || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
        if (cells.length < 3) table = undefined;
        return;
      }
      add({ ip, node: cells[table.node], pod: cells[table.name], source: 'pods-table', line });
    });
  }
  return out;
}
