/**
 * A fast reader for the plain block-style YAML that Kubernetes manifests are written in.
 *
 * Why: the `yaml` library reads about 3 MB/s here (a 2 KB submission costs ~0.8 ms), which alone
 * would use up the grader's per-submission budget. This reader handles the common subset — block
 * mappings and sequences, compact `- key: value` items, plain and simple quoted scalars, `[a, "b"]`,
 * `[]`, `{}`, comments, `---` — and returns `undefined` for ANYTHING else (anchors, aliases, tags,
 * block scalars, multi-line scalars, escapes, odd numbers, duplicate keys, tabs, errors), so the
 * caller falls back to the `yaml` library, which stays the reference. When it returns a result it is
 * the same data the library's `toJS()` gives (YAML 1.2 core schema), which the tests check.
 */

export interface FastDoc {
  /** The document's data; undefined for an empty document (a bare `---`). */
  value: unknown;
  /** 1-based line of the first content line (undefined for an empty document). */
  line?: number;
}

interface Line {
  indent: number;
  text: string;
  no: number;
}

/** Thrown inside the reader to give up; never escapes this module. */
class Unsupported {}
const UNSUPPORTED = new Unsupported();

const KEY = /^([A-Za-z0-9_][A-Za-z0-9_./-]*):(?: |$)/;
const SAFE_FLOW_ITEM = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const SIMPLE_INT = /^-?(?:0|[1-9][0-9]{0,14})$/;
const SIMPLE_FLOAT = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
/** The core schema's number forms (int, octal, hex, float, inf, nan): only the simple ones are read here. */
const CORE_NUMBER =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

export function fastParseYaml(text: string): FastDoc[] | undefined {
  try {
    return parseStream(text);
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}

function parseStream(text: string): FastDoc[] {
  const docs: Line[][] = [];
  let current: Line[] | undefined;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let no = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    let raw = text.slice(pos, end);
    pos = end + 1;
    no++;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent++;
    if (indent === raw.length) continue;
    const c = raw.charCodeAt(indent);
    if (c === 9) {
      // a tab in the indentation (or a line of blanks with tabs): let the library decide
      if (raw.trim() === '') continue;
      throw UNSUPPORTED;
    }
    if (c === 35 /* # */) continue;
    if (indent === 0 && raw.startsWith('---') && (raw.length === 3 || raw[3] === ' ' || raw[3] === '\t')) {
      const after = raw.slice(3).trim();
      if (after !== '' && !after.startsWith('#')) throw UNSUPPORTED;
      current = [];
      docs.push(current);
      continue;
    }
    if (indent === 0 && (raw.startsWith('...') || raw.startsWith('%'))) throw UNSUPPORTED;
    if (!current) {
      current = [];
      docs.push(current);
    }
    current.push({ indent, text: raw.slice(indent).trimEnd(), no });
  }
  return docs.map((lines) => {
    if (lines.length === 0) return { value: undefined };
    const [value, next] = parseBlock(lines, 0);
    if (next !== lines.length) throw UNSUPPORTED;
    return { value, line: (lines[0] as Line).no };
  });
}

function isSeqItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function parseBlock(lines: Line[], i: number): [unknown, number] {
  const line = lines[i] as Line;
  if (isSeqItem(line.text)) return parseSeq(lines, i, line.indent);
  if (KEY.test(line.text)) return parseMap(lines, i, line.indent);
  throw UNSUPPORTED;
}

function parseMap(lines: Line[], i: number, indent: number): [Record<string, unknown>, number] {
  const obj: Record<string, unknown> = {};
  while (i < lines.length) {
    const line = lines[i] as Line;
    if (line.indent < indent) break;
    if (line.indent > indent) throw UNSUPPORTED;
    const m = KEY.exec(line.text);
    if (!m) {
      if (isSeqItem(line.text)) break;
      throw UNSUPPORTED;
    }
    const key = m[1] as string;
    if (key === '__proto__' || Object.hasOwn(obj, key) || resolvesToNonString(key)) throw UNSUPPORTED;
    const rest = line.text.slice(m[0].length);
    i++;
    const valueText = stripComment(rest);
    if (valueText === '') {
      const next = lines[i];
      if (next && next.indent > indent) {
        const [value, after] = parseBlock(lines, i);
        obj[key] = value;
        i = after;
      } else if (next && next.indent === indent && isSeqItem(next.text)) {
        const [value, after] = parseSeq(lines, i, indent);
        obj[key] = value;
        i = after;
      } else {
        obj[key] = null;
      }
    } else {
      obj[key] = parseInline(valueText);
      if (lines[i] && (lines[i] as Line).indent > indent) throw UNSUPPORTED;
    }
  }
  return [obj, i];
}

function parseSeq(lines: Line[], i: number, indent: number): [unknown[], number] {
  const arr: unknown[] = [];
  while (i < lines.length) {
    const line = lines[i] as Line;
    if (line.indent < indent) break;
    if (line.indent > indent) throw UNSUPPORTED;
    if (!isSeqItem(line.text)) break;
    const rest = line.text === '-' ? '' : line.text.slice(2);
    const trimmed = rest.trimStart();
    const content = stripComment(trimmed);
    if (content === '') {
      i++;
      const next = lines[i];
      if (next && next.indent > indent) {
        const [value, after] = parseBlock(lines, i);
        arr.push(value);
        i = after;
      } else {
        arr.push(null);
      }
      continue;
    }
    if (isSeqItem(content)) throw UNSUPPORTED;
    if (KEY.test(trimmed)) {
      // `- name: x` starts a mapping whose keys line up with `name`
      const mapIndent = indent + 2 + (rest.length - trimmed.length);
      lines[i] = { indent: mapIndent, text: trimmed, no: line.no };
      const [value, after] = parseMap(lines, i, mapIndent);
      arr.push(value);
      i = after;
      continue;
    }
    arr.push(parseInline(content));
    i++;
    if (lines[i] && (lines[i] as Line).indent > indent) throw UNSUPPORTED;
  }
  return [arr, i];
}

/** The value text without a trailing ` # comment` (quotes respected), trimmed. */
function stripComment(s: string): string {
  const t = s.trim();
  if (t === '' || t.startsWith('#')) return '';
  const q = t[0];
  if (q === '"' || q === "'") {
    const close = closingQuote(t, q);
    const after = t.slice(close + 1).trim();
    if (after !== '' && !after.startsWith('#')) throw UNSUPPORTED;
    return t.slice(0, close + 1);
  }
  const hash = t.indexOf(' #');
  return (hash === -1 ? t : t.slice(0, hash)).trimEnd();
}

function closingQuote(t: string, q: string): number {
  if (q === '"') {
    const close = t.indexOf('"', 1);
    if (close === -1 || t.slice(1, close).includes('\\')) throw UNSUPPORTED;
    return close;
  }
  let k = 1;
  for (;;) {
    const close = t.indexOf("'", k);
    if (close === -1) throw UNSUPPORTED;
    if (t[close + 1] === "'") {
      k = close + 2;
      continue;
    }
    return close;
  }
}

function parseInline(v: string): unknown {
  const c = v[0];
  if (c === '"') return v.slice(1, -1);
  if (c === "'") return v.slice(1, -1).replaceAll("''", "'");
  if (c === '[') return parseFlowSeq(v);
  if (c === '{') {
    if (/^\{\s*\}$/.test(v)) return {};
    throw UNSUPPORTED;
  }
  return plainScalar(v);
}

function parseFlowSeq(v: string): unknown[] {
  if (!v.endsWith(']')) throw UNSUPPORTED;
  const inner = v.slice(1, -1).trim();
  if (inner === '') return [];
  const out: unknown[] = [];
  for (const part of inner.split(',')) {
    const item = part.trim();
    if (item === '') throw UNSUPPORTED;
    const q = item[0];
    if (q === '"' || q === "'") {
      if (closingQuote(item, q) !== item.length - 1) throw UNSUPPORTED;
      out.push(parseInline(item));
    } else if (SAFE_FLOW_ITEM.test(item)) {
      out.push(plainScalar(item));
    } else {
      throw UNSUPPORTED;
    }
  }
  return out;
}

/** A plain scalar under the YAML 1.2 core schema (null, booleans, simple numbers, else a string). */
function plainScalar(v: string): unknown {
  const c = v[0] as string;
  if ('[]{}#&*!|>\'"%@`,?:'.includes(c)) throw UNSUPPORTED;
  if ((c === '-' || c === ':') && (v.length === 1 || v[1] === ' ')) throw UNSUPPORTED;
  if (v.includes(': ') || v.endsWith(':') || v.includes('\t') || v.includes(' #')) throw UNSUPPORTED;
  switch (v) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  if (SIMPLE_INT.test(v) && v !== '-0') return Number(v);
  if (SIMPLE_FLOAT.test(v)) return Number(v);
  if (CORE_NUMBER.test(v)) throw UNSUPPORTED;
  return v;
}

function resolvesToNonString(key: string): boolean {
  return /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/.test(key) || CORE_NUMBER.test(key);
}
