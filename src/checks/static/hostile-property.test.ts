/**
 * Property tests (issue 7, "Trust"): no mutation of the reference submission makes a static check
 * crash (`error`), throw, or print a value it did not understand.
 *
 * PROPERTY_RUNS sets the number of cases over both properties (70 % manifests, 30 % reports). A case
 * costs about 5 ms of CPU (the whole static pipeline), so the default, 2 000, keeps this file near 10 s
 * of CPU; `PROPERTY_RUNS=10000` is the full run (about 30 s of CPU).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveFacts } from '../../lab/facts.ts';
import { defaultRubric } from '../../rubric/rubric.ts';
import { buildSubmission } from '../../submission/read.ts';
import type { Submission } from '../../submission/types.ts';
import {
  damageLines,
  mutateDocs,
  mutateReport,
  nodeMutation,
  reportOp,
  textOp,
  toBlockYaml,
  yamlDocs,
} from '../../testing/hostile-mutations.ts';
import type { CheckResult } from '../types.ts';
import { runStaticChecks, STATIC_CHECKS } from './index.ts';

const TOTAL_RUNS = Number(process.env.PROPERTY_RUNS ?? 2_000);
const MANIFEST_RUNS = Math.max(1, Math.round(TOTAL_RUNS * 0.7));
const REPORT_RUNS = Math.max(1, TOTAL_RUNS - MANIFEST_RUNS);
/** A generous budget per case (a loaded CI machine), never below vitest's usual 30 s. */
const timeout = (runs: number) => Math.max(30_000, runs * 25);

const referenceDir = join(import.meta.dirname, '../../../fixtures/submissions/reference');
const reference = readdirSync(referenceDir)
  .sort()
  .map((name) => ({ path: name, text: readFileSync(join(referenceDir, name), 'utf8') }));
const manifests = reference
  .filter((f) => f.path.endsWith('.yaml'))
  .map((f) => ({ ...f, docs: yamlDocs(f.text) }));
const reportFile = reference.find((f) => f.path.endsWith('.md'));
if (!reportFile || manifests.length === 0)
  throw new Error(`reference submission not found in ${referenceDir}`);

function read(files: readonly { path: string; text: string }[]): Submission {
  return buildSubmission(
    '/sub',
    '/sub',
    files.map((f) => ({ path: f.path, text: f.text, size: f.text.length })),
  );
}

/**
 * The submission of manifests `m` and report `r`, each read alone: a property mutates one part and
 * reads the other once (reading is per file, so this is what reading both together gives).
 */
function join2(m: Submission, r: Submission): Submission {
  return {
    ...m,
    files: [...m.files, ...r.files],
    report: r.report,
    findings: [...m.findings, ...r.findings],
  };
}

const referenceManifests = read(manifests);
const referenceReport = read([reportFile]);
const grade = (submission: Submission): CheckResult[] =>
  runStaticChecks(deriveFacts(submission, defaultRubric));

/** What every result must be, whatever the input: graded, explained, and printable. */
function expectSound(results: CheckResult[]): void {
  expect(results.map((r) => r.id)).toEqual(STATIC_CHECKS.map(([id]) => id));
  for (const r of results) {
    expect(r.status, `${r.id}: ${r.message}`).not.toBe('error');
    if (r.status === 'fail') expect(r.hint, `${r.id} fails without a hint`).toBeTruthy();
    expect(`${r.message} ${r.hint ?? ''}`, r.id).not.toMatch(/\[object Object\]|\bNaN\b/);
  }
  expect(() => JSON.stringify(results)).not.toThrow();
}

/** A mutated manifest file: YAML, or (when `asJson`) JSON — one object, or a `kind: List` of several. */
function serialise(path: string, docs: unknown[], asJson: boolean): { path: string; text: string } {
  if (!asJson) return { path, text: docs.map((d) => toBlockYaml(d)).join('---\n') };
  const body = docs.length === 1 ? docs[0] : { apiVersion: 'v1', kind: 'List', items: docs };
  return { path: path.replace(/\.ya?ml$/, '.json'), text: JSON.stringify(body, null, 2) };
}

describe('static checks on hostile input (property)', () => {
  it('the reference itself passes every check (the property starts from full marks)', () => {
    const results = grade(join2(referenceManifests, referenceReport));
    expect(results.filter((r) => r.status !== 'pass').map((r) => r.id)).toEqual([]);
  });

  it(
    `never crash on mutated manifests (${MANIFEST_RUNS} cases)`,
    () => {
      const mutation = fc.record({
        edits: fc.array(fc.record({ file: fc.nat(), m: nodeMutation }), { minLength: 1, maxLength: 4 }),
        damage: fc.option(fc.record({ file: fc.nat(), op: textOp }), { freq: 3 }),
        json: fc.array(fc.boolean(), { minLength: manifests.length, maxLength: manifests.length }),
      });
      fc.assert(
        fc.property(mutation, ({ edits, damage, json }) => {
          const docs = manifests.map((f) => f.docs);
          for (const { file, m } of edits) {
            const i = file % docs.length;
            docs[i] = mutateDocs(docs[i] as unknown[], m);
          }
          const files = manifests.map((f, i) => serialise(f.path, docs[i] as unknown[], json[i] === true));
          if (damage) {
            const target = files[damage.file % files.length] as { path: string; text: string };
            target.text = damageLines(target.text, damage.op);
          }
          expectSound(grade(join2(read(files), referenceReport)));
        }),
        { numRuns: MANIFEST_RUNS },
      );
    },
    timeout(MANIFEST_RUNS),
  );

  it(
    `never crash on mutated reports (${REPORT_RUNS} cases)`,
    () => {
      const edits = fc.oneof(
        { weight: 9, arbitrary: fc.array(reportOp, { minLength: 1, maxLength: 6 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }).map((text) => text) },
      );
      fc.assert(
        fc.property(edits, (ops) => {
          const text =
            typeof ops === 'string' ? ops : ops.reduce((t, op) => mutateReport(t, op), reportFile.text);
          expectSound(grade(join2(referenceManifests, read([{ path: reportFile.path, text }]))));
        }),
        { numRuns: REPORT_RUNS },
      );
    },
    timeout(REPORT_RUNS),
  );
});
