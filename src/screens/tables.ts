import { commandOf } from './commands.ts';
import { type ScreenLine, tokenConfidence, WEAK_CONFIDENCE } from './lines.ts';
import { fixIp, fixNodeName, fixPodName } from './noise.ts';
import type { PodRow, PodTable, PoolRow, PoolTable, ScreenNote, ScreenSource } from './types.ts';

type Base = Omit<ScreenSource, 'line' | 'confidence' | 'weak'>;

const words = (text: string) => text.trim().split(/\s+/).filter(Boolean);
const upper = (text: string) => words(text).map((w) => w.replace(/[^A-Za-z-]/g, '').toUpperCase());

/** The rows under a header: until the next command, the next header, or the end of the image. */
function rowsAfter(
  lines: readonly ScreenLine[],
  start: number,
  isHeader: (l: ScreenLine) => boolean,
): ScreenLine[] {
  const out: ScreenLine[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] as ScreenLine;
    if (commandOf(l.text) !== undefined || isHeader(l)) break;
    if (l.text.trim()) out.push(l);
  }
  return out;
}

/** `kubectl get pods -o wide` (with or without `-A`): NAME … IP NODE columns. */
export function isPodsHeader(l: ScreenLine): boolean {
  const u = upper(l.text);
  return (
    u.includes('NAME') &&
    u.includes('READY') &&
    u.includes('STATUS') &&
    u.includes('IP') &&
    u.includes('NODE')
  );
}

/**
 * The rows of `kubectl get pods -o wide` tables. A row's IP is the first IP-shaped token after the
 * name (columns drift in OCR, so positions are not trusted); its node the token after the IP. `<none>`
 * in the IP place is a pod without an address.
 */
export function podTables(lines: readonly ScreenLine[], base: Base, notes: ScreenNote[]): PodTable[] {
  const out: PodTable[] = [];
  lines.forEach((header, i) => {
    if (!isPodsHeader(header)) return;
    const hasNs = upper(header.text)[0] === 'NAMESPACE';
    const rows: PodRow[] = [];
    for (const l of rowsAfter(lines, i, isPodsHeader)) {
      const t = words(l.text.replace(/^[|[\]]\s*/, ''));
      const namespace = hasNs ? t[0]?.toLowerCase() : undefined;
      const nameTok = hasNs ? t[1] : t[0];
      const rest = t.slice(hasNs ? 2 : 1);
      const ipAt = rest.findIndex((w) => fixIp(w) !== undefined || /^<none>$/.test(w));
      if (!nameTok || ipAt < 0) continue;
      const ipTok = rest[ipAt] as string;
      const nodeTok = rest[ipAt + 1];
      const row: PodRow = {
        ...base,
        line: l.n,
        confidence: 0,
        weak: false,
        ...(namespace ? { namespace } : {}),
      };
      const pod = fixPodName(nameTok);
      if (pod.ok) row.pod = pod.value;
      else
        notes.push({
          image: base.image,
          line: l.n,
          message: `pod name \`${pod.ambiguous}\` is not well-formed`,
        });
      if (ipTok !== '<none>') {
        const ip = fixIp(ipTok);
        if (!ip?.ok) {
          notes.push({
            image: base.image,
            line: l.n,
            message: `pod IP \`${ipTok}\` is not a well-formed IPv4 address`,
          });
          continue;
        }
        row.ip = ip.value;
      }
      if (nodeTok && nodeTok !== '<none>') {
        const node = fixNodeName(nodeTok);
        if (node.ok) row.node = node.value;
        else
          notes.push({
            image: base.image,
            line: l.n,
            message: `node name \`${node.ambiguous}\` is ambiguous`,
          });
      }
      row.confidence = ipTok === '<none>' ? l.confidence : tokenConfidence(l, ipTok);
      row.weak = row.confidence < WEAK_CONFIDENCE;
      if (row.weak)
        notes.push({
          image: base.image,
          line: l.n,
          message: `weak read of a pod row (confidence ${row.confidence}): \`${l.text.trim().slice(0, 80)}\``,
        });
      rows.push(row);
    }
    out.push({ ...base, line: header.n, confidence: header.confidence, weak: false, rows });
  });
  return out;
}

export function isPoolsHeader(l: ScreenLine): boolean {
  const u = upper(l.text);
  return u.includes('NAME') && u.includes('CIDR');
}

const SELECTOR = /((?:[\w./-]+\s*(?:==|!=)\s*["“”'‘’][^"“”'‘’]*["“”'‘’])|!?all\(\))\s*\S?\s*$/;

/** `calicoctl get ippools [-o wide]` tables: name, CIDR, selector. */
export function poolTables(lines: readonly ScreenLine[], base: Base, notes: ScreenNote[]): PoolTable[] {
  const out: PoolTable[] = [];
  lines.forEach((header, i) => {
    if (!isPoolsHeader(header)) return;
    const rows: PoolRow[] = [];
    for (const l of rowsAfter(lines, i, isPoolsHeader)) {
      const t = words(l.text.replace(/^[|[\]]\s*/, ''));
      const name = t[0];
      if (!name || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(name)) continue;
      const cidrTok = t.slice(1).find((w) => fixIp(w) !== undefined);
      const row: PoolRow = { ...base, line: l.n, name, confidence: tokenConfidence(l, name), weak: false };
      if (cidrTok) {
        const cidr = fixIp(cidrTok);
        if (cidr?.ok && cidr.value.includes('/')) row.cidr = cidr.value;
        else
          notes.push({
            image: base.image,
            line: l.n,
            message: `pool CIDR \`${cidrTok}\` is not well-formed`,
          });
      }
      const sel = SELECTOR.exec(l.text);
      if (sel) row.selector = (sel[1] as string).replace(/[“”‘’']/g, '"');
      row.weak = row.confidence < WEAK_CONFIDENCE;
      rows.push(row);
    }
    out.push({ ...base, line: header.n, confidence: header.confidence, weak: false, rows });
  });
  return out;
}
