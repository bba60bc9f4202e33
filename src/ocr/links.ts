/**
 * The images a Markdown report links (pure): `![alt](target "title")`, `![alt](<target>)`,
 * reference images (`![alt][ref]` with `[ref]: target`) and HTML `<img src=…>`. Links inside fenced
 * code blocks are not images (GitHub shows them as text).
 */

export interface ImageLink {
  /** The link target as written, without `<…>` or a title. */
  target: string;
  /** 1-based line of the report. */
  line: number;
}

const INLINE =
  /!\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|[^\s)]+)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/g;
const REFERENCE = /!\[((?:[^\]\\]|\\.)*)\](?:\[([^\]\n]*)\])?/g;
const DEFINITION = /^ {0,3}\[([^\]\n]+)\]:\s*(<[^>\n]*>|\S+)/;
const IMG_TAG = /<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function imageLinks(markdown: string): ImageLink[] {
  const lines = markdown.split(/\r?\n/);
  const definitions = new Map<string, string>();
  const prose: { text: string; line: number }[] = [];
  let fence: string | undefined;
  lines.forEach((text, i) => {
    const f = FENCE.exec(text)?.[1];
    if (fence) {
      if (f && f[0] === fence[0] && f.length >= fence.length && text.trim() === f) fence = undefined;
      return;
    }
    if (f) {
      fence = f;
      return;
    }
    const def = DEFINITION.exec(text);
    if (def) definitions.set(normaliseLabel(def[1] as string), unwrap(def[2] as string));
    else prose.push({ text, line: i + 1 });
  });

  const links: ImageLink[] = [];
  for (const { text, line } of prose) {
    const found: { at: number; target: string }[] = [];
    const inlineSpans: [number, number][] = [];
    for (const m of text.matchAll(INLINE)) {
      found.push({ at: m.index, target: unwrap(m[1] as string) });
      inlineSpans.push([m.index, m.index + m[0].length]);
    }
    for (const m of text.matchAll(REFERENCE)) {
      if (inlineSpans.some(([a, b]) => m.index >= a && m.index < b)) continue;
      const label = normaliseLabel(m[2] || (m[1] as string));
      const target = definitions.get(label);
      if (target !== undefined) found.push({ at: m.index, target });
    }
    for (const m of text.matchAll(IMG_TAG)) {
      found.push({ at: m.index, target: decodeEntities((m[1] ?? m[2] ?? m[3] ?? '').trim()) });
    }
    found.sort((a, b) => a.at - b.at);
    for (const f of found) if (f.target) links.push({ target: f.target, line });
  }
  return links;
}

function unwrap(target: string): string {
  return target.startsWith('<') && target.endsWith('>') ? target.slice(1, -1).trim() : target;
}

function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
