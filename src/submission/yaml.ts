import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { fastParseYaml } from './fast-yaml.ts';
import { MAX_NESTING_DEPTH } from './limits.ts';
import { yamlTooDeep } from './nesting.ts';
import { isRecord } from './shape.ts';
import type { Finding, ManifestObject, YamlFileInfo } from './types.ts';

export { isRecord } from './shape.ts';

/**
 * The yaml library, loaded on the first file the fast parser leaves to it: most submissions' manifests
 * never need it, and loading it costs a tenth of `check`'s cold start. Required (synchronous: this
 * loader is), not bundled, so the CLI's bundle leaves it in node_modules.
 */
let yamlLib: typeof Yaml | undefined;
function yaml(): typeof Yaml {
  yamlLib ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlLib;
}

export interface LoadedYaml {
  info: YamlFileInfo;
  objects: ManifestObject[];
  findings: Finding[];
}

export interface LoadYamlOptions {
  /** Alias expansions allowed per document before it is rejected as an alias bomb (default 100). */
  maxAliasCount?: number;
  /** Nesting allowed before the file is rejected unparsed (default MAX_NESTING_DEPTH). */
  maxDepth?: number;
}

/**
 * Loads every document of a YAML file (multi-document, CRLF, BOM). A syntax error becomes a finding
 * with its line:col (and `info.error`), never an exception; the documents that do parse are kept.
 * Documents that are not mappings with a string apiVersion and kind are skipped with an info finding.
 * A file nested deeper than `maxDepth` is not parsed at all.
 */
export function loadYamlText(file: string, text: string, options: LoadYamlOptions = {}): LoadedYaml {
  const maxDepth = options.maxDepth ?? MAX_NESTING_DEPTH;
  const tooDeep = yamlTooDeep(text, maxDepth);
  if (tooDeep) return rejected(file, text, `nesting deeper than ${maxDepth} levels; not parsed`, tooDeep);
  try {
    return parseYaml(file, text, options);
  } catch (e) {
    // The library reports syntax errors as data; anything thrown is unexpected, but still the
    // student's file that cannot be read, not a reason to stop grading.
    const message = `cannot be parsed: ${firstLine(String((e as Error)?.message ?? e))}`;
    return rejected(file, text, message, { line: 1, col: 1 });
  }
}

/** A file none of whose documents is read, with one error finding at `pos`. */
export function rejected(
  file: string,
  text: string,
  message: string,
  pos: { line: number; col: number },
  prefix = 'YAML',
): LoadedYaml {
  return {
    info: { file, documents: 0, error: { message, ...pos }, failedKinds: kindsNamed(text) },
    objects: [],
    findings: [{ severity: 'error', file, ...pos, message: `${prefix}: ${message}` }],
  };
}

function parseYaml(file: string, text: string, options: LoadYamlOptions): LoadedYaml {
  const maxAliasCount = options.maxAliasCount ?? 100;
  const info: YamlFileInfo = { file, documents: 0 };
  const objects: ManifestObject[] = [];
  const findings: Finding[] = [];
  const failed = (from: number, to: number) => {
    info.failedKinds = [...new Set([...(info.failedKinds ?? []), ...kindsNamed(text.slice(from, to))])];
  };
  const add = (data: unknown, docIndex: number, line: number) => {
    info.documents++;
    const object = toManifestObject(file, data, docIndex, line, findings);
    if (object) objects.push(object);
  };

  const fast = fastParseYaml(text);
  if (fast) {
    fast.forEach((doc, docIndex) => {
      if (doc.value !== undefined) add(doc.value, docIndex, doc.line ?? 1);
    });
    return { info, objects, findings };
  }

  const { LineCounter, parseAllDocuments } = yaml();
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  docs.forEach((doc, docIndex) => {
    const start = doc.contents?.range?.[0] ?? doc.range[0];
    const line = lineCounter.linePos(start).line;
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      const message = firstLine(error.message);
      info.error ??= { message, line: pos?.line, col: pos?.col };
      findings.push({ severity: 'error', file, line: pos?.line, col: pos?.col, message: `YAML: ${message}` });
      failed(doc.range[0], doc.range[2]);
      return;
    }
    if (doc.contents === null) return;
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount });
    } catch (e) {
      info.documents++;
      const message =
        e instanceof ReferenceError && /alias/i.test(e.message)
          ? `document ${docIndex + 1} expands too many aliases (more than ${maxAliasCount}); rejected as an alias bomb`
          : `document ${docIndex + 1} cannot be loaded: ${firstLine(String((e as Error).message ?? e))}`;
      info.error ??= { message, line, col: 1 };
      findings.push({ severity: 'error', file, line, col: 1, message });
      failed(doc.range[0], doc.range[2]);
      return;
    }
    // an empty document (`---` followed by nothing) reads as null: not a document to report
    if (data === null || data === undefined) return;
    add(data, docIndex, line);
  });
  return { info, objects, findings };
}

export function toManifestObject(
  file: string,
  data: unknown,
  docIndex: number,
  line: number,
  findings: Finding[],
): ManifestObject | undefined {
  if (!isRecord(data)) {
    findings.push({
      severity: 'info',
      file,
      line,
      message: `document ${docIndex + 1} is not a mapping; skipped`,
    });
    return undefined;
  }
  const { apiVersion, kind } = data;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) {
    findings.push({
      severity: 'info',
      file,
      line,
      message: `document ${docIndex + 1} is not a Kubernetes object (no apiVersion/kind); skipped`,
    });
    return undefined;
  }
  const metadata = isRecord(data.metadata) ? data.metadata : {};
  const object: ManifestObject = { file, docIndex, line, apiVersion, kind, body: data };
  if (typeof metadata.name === 'string') object.name = metadata.name;
  if (typeof metadata.namespace === 'string') object.namespace = metadata.namespace;
  return object;
}

const KIND_LINE =
  /^[ \t]*(?:-[ \t]+)?["']?kind["']?[ \t]*:[ \t]*["']?([A-Za-z][A-Za-z0-9]*)["']?[ \t]*,?[ \t]*(?:#.*)?\r?$/gm;
const KIND_JSON = /"kind"[ \t]*:[ \t]*"([A-Za-z][A-Za-z0-9]*)"/g;

/** Kinds a text names, in order: `kind: X` lines (YAML) and `"kind": "X"` pairs (JSON, flow YAML). */
export function kindsNamed(text: string): string[] {
  const kinds = new Set<string>();
  for (const m of text.matchAll(KIND_LINE)) kinds.add(m[1] as string);
  for (const m of text.matchAll(KIND_JSON)) kinds.add(m[1] as string);
  return [...kinds];
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return (nl === -1 ? message : message.slice(0, nl)).replace(/:$/, '').trim();
}
