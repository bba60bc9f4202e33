import { commandOf } from './commands.ts';
import { type ScreenLine, tokenConfidence, WEAK_CONFIDENCE } from './lines.ts';
import type { NodeLabelView, ScreenNote, ScreenSource } from './types.ts';

type Base = Omit<ScreenSource, 'line' | 'confidence' | 'weak'>;

/** `kubectl get nodes -l key=value` (OCR reads `-l` as `-1` or `-I`). */
const GET_BY_LABEL =
  /^kubectl\s+get\s+(?:nodes?|no)\s+(?:-[l1I|]\s*|--selector[= ])([A-Za-z0-9][\w./-]*)=([\w.-]*)\s*$/;
const STATUS = /^(?:Ready|NotReady)\b/;

/**
 * Node labels a screenshot shows by listing the nodes a selector picks: every node listed under
 * `kubectl get nodes -l zone=east` carries `zone=east`. Node names are as read (the lab model maps
 * them to the cluster's nodes as it maps a report's names).
 */
export function nodeLabelViews(
  lines: readonly ScreenLine[],
  base: Base,
  notes: ScreenNote[],
): NodeLabelView[] {
  const out: NodeLabelView[] = [];
  lines.forEach((l, i) => {
    const cmd = commandOf(l.text);
    const m = cmd === undefined ? null : GET_BY_LABEL.exec(cmd);
    if (!m) return;
    const nodes: string[] = [];
    let confidence = tokenConfidence(l, `${m[1]}=${m[2]}`);
    for (let j = i + 1; j < lines.length; j++) {
      const row = lines[j] as ScreenLine;
      if (commandOf(row.text) !== undefined) break;
      const t = row.text
        .trim()
        .replace(/^[|[\]]\s*/, '')
        .split(/\s+/);
      if (t.length < 2 || !STATUS.test(t[1] as string)) continue;
      nodes.push(t[0] as string);
      confidence = Math.min(confidence, tokenConfidence(row, t[0] as string));
    }
    if (nodes.length === 0) return;
    const weak = confidence < WEAK_CONFIDENCE;
    if (weak)
      notes.push({
        image: base.image,
        line: l.n,
        message: `weak read of \`${cmd}\` and its nodes (confidence ${confidence})`,
      });
    out.push({
      ...base,
      line: l.n,
      confidence,
      weak,
      key: m[1] as string,
      value: m[2] as string,
      nodes,
      text: cmd as string,
    });
  });
  return out;
}
