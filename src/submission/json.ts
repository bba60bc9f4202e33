import { findJsonError } from './json-syntax.ts';
import { MAX_NESTING_DEPTH } from './limits.ts';
import { jsonTooDeep } from './nesting.ts';
import type { Finding, ManifestObject, YamlFileInfo } from './types.ts';
import { type LoadedYaml, rejected, toManifestObject } from './yaml.ts';

/**
 * Loads a `.json` manifest as kubectl reads one: a single object (a `kind: List` is expanded later,
 * with the YAML ones). A syntax error becomes a finding with its line:col, never an exception.
 */
export function loadJsonText(file: string, text: string, maxDepth = MAX_NESTING_DEPTH): LoadedYaml {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { info: { file, documents: 0 }, objects: [], findings: [] };
  const tooDeep = jsonTooDeep(body, maxDepth);
  if (tooDeep)
    return rejected(file, body, `nesting deeper than ${maxDepth} levels; not parsed`, tooDeep, 'JSON');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    const { message, pos } = syntaxError(body, String((e as Error)?.message ?? e));
    return rejected(file, body, message, pos, 'JSON');
  }
  const info: YamlFileInfo = { file, documents: 1 };
  const findings: Finding[] = [];
  const objects: ManifestObject[] = [];
  const object = toManifestObject(file, data, 0, firstContentLine(body), findings);
  if (object) objects.push(object);
  return { info, objects, findings };
}

/** The first syntax error with its line:col (our own scan; V8's message is the fallback). */
function syntaxError(text: string, raw: string): { message: string; pos: { line: number; col: number } } {
  const found = findJsonError(text);
  if (found) return { message: found.message, pos: lineCol(text, found.offset) };
  return { message: raw.replace(/\s+/g, ' ').slice(0, 200), pos: { line: 1, col: 1 } };
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: end - lineStart + 1 };
}

function firstContentLine(text: string): number {
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  let line = 1;
  for (const ch of lead) if (ch === '\n') line++;
  return line;
}
