/**
 * Writes what is generated from the check registry (src/checks/registry.ts):
 *
 * - the README's two "Check catalogue" tables, between `<!-- catalogue:static -->` …
 *   `<!-- /catalogue:static -->` and `<!-- catalogue:live -->` … `<!-- /catalogue:live -->`;
 * - the `checks` section of the bundled rubric, src/rubric/lab4.json (a full copy of the
 *   registry's defaults, kept as a template for staff).
 *
 *   npx tsx scripts/catalogue.ts            prints the two tables
 *   npx tsx scripts/catalogue.ts --write    rewrites README.md and src/rubric/lab4.json
 *   npx tsx scripts/catalogue.ts --check    exit 1 when either is out of date
 *
 * scripts/catalogue.test.ts fails when they are out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CHECK_REGISTRY,
  type CheckEntry,
  type CheckPhase,
  defaultCheckSpecs,
} from '../src/checks/registry.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const README = join(ROOT, 'README.md');
export const RUBRIC_JSON = join(ROOT, 'src/rubric/lab4.json');
export const WRITE_COMMAND = 'npx tsx scripts/catalogue.ts --write';

/** Biome's line width (biome.json), for the inline arrays of lab4.json. */
const LINE_WIDTH = 110;

/** The README's "passes when" of a check: the registry's sentence, after what a live check replaces. */
export function passesWhen(entry: CheckEntry): string {
  if (!entry.replaces) return entry.passesWhen;
  const what = entry.replaces === entry.id ? 'the static check' : `the static \`${entry.replaces}\``;
  return `(replaces ${what}) ${entry.passesWhen}`;
}

/** A Markdown table with its columns padded to their widest cell. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The catalogue table of one phase: id, points (the registry's defaults), passes when. */
export function catalogueTable(phase: CheckPhase): string {
  const rows = CHECK_REGISTRY.filter((c) => c.phase === phase).map((c) => [
    `\`${c.id}\``,
    String(c.points),
    passesWhen(c),
  ]);
  return markdownTable(['id', 'points', 'passes when'], rows);
}

function markers(phase: CheckPhase): [string, string] {
  return [`<!-- catalogue:${phase} -->`, `<!-- /catalogue:${phase} -->`];
}

/** The README with both tables regenerated between their markers; a marker missing is an error. */
export function updateReadme(text: string): string {
  let out = text;
  for (const phase of ['static', 'live'] as const) {
    const [open, close] = markers(phase);
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start === -1 || end === -1 || end < start || out.indexOf(open, start + 1) !== -1)
      throw new Error(`README.md needs exactly one ${open} … ${close} pair`);
    // Blank lines around the table: the comments are HTML blocks of their own, not table rows.
    out = `${out.slice(0, start + open.length)}\n\n${catalogueTable(phase)}\n\n${out.slice(end)}`;
  }
  return out;
}

/**
 * JSON as biome formats lab4.json: objects one key a line, arrays of scalars on one line when they
 * fit in the line width. `column` is where the value starts.
 */
export function formatJson(value: unknown, indent = 0, column = 0): string {
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const inline = `[${value.map((v) => formatJson(v)).join(', ')}]`;
    if (!inline.includes('\n') && column + inline.length + 1 <= LINE_WIDTH) return inline;
    const items = value.map((v) => `${pad}${formatJson(v, indent + 2, pad.length)}`);
    return `[\n${items.join(',\n')}\n${' '.repeat(indent)}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const items = entries.map(([k, v]) => {
      const key = `${pad}${JSON.stringify(k)}: `;
      return `${key}${formatJson(v, indent + 2, key.length)}`;
    });
    return `{\n${items.join(',\n')}\n${' '.repeat(indent)}}`;
  }
  return JSON.stringify(value);
}

/** lab4.json with its `checks` section set to the registry's defaults (the rest as it is). */
export function updateRubricJson(text: string): string {
  const rubric = JSON.parse(text) as Record<string, unknown>;
  return `${formatJson({ ...rubric, checks: defaultCheckSpecs() })}\n`;
}

/** The generated files that differ from what the registry gives, with their new text. */
export function outOfDate(): { path: string; text: string }[] {
  return [
    { path: README, update: updateReadme },
    { path: RUBRIC_JSON, update: updateRubricJson },
  ].flatMap(({ path, update }) => {
    const current = readFileSync(path, 'utf8');
    const text = update(current);
    return text === current ? [] : [{ path, text }];
  });
}

export function main(argv: readonly string[]): number {
  const { values } = parseArgs({
    args: [...argv],
    options: { write: { type: 'boolean' }, check: { type: 'boolean' } },
  });
  if (!values.write && !values.check) {
    for (const phase of ['static', 'live'] as const)
      process.stdout.write(`${markers(phase)[0]}\n${catalogueTable(phase)}\n${markers(phase)[1]}\n\n`);
    return 0;
  }
  const stale = outOfDate();
  for (const { path, text } of stale) {
    if (values.write) writeFileSync(path, text, 'utf8');
    process.stderr.write(`${values.write ? 'wrote' : 'out of date:'} ${path}\n`);
  }
  if (values.check && !values.write && stale.length > 0) {
    process.stderr.write(`run: ${WRITE_COMMAND}\n`);
    return 1;
  }
  if (stale.length === 0) process.stderr.write('the catalogue is up to date\n');
  return 0;
}

// Run as a script (tsx scripts/catalogue.ts …), not when a test imports it.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`catalogue: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
