/**
 * Hostile submissions (issue 7, "Trust"): every fixtures/hostile/static-* folder is graded through the
 * CLI's entry point (gradeStatic) and must never crash (`error`), must fail exactly the checks its
 * expected.json lists, with the messages it quotes, and exit with its code.
 */
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeStatic } from '../../grade/static.ts';
import { exitCodeFor } from '../../report/model.ts';
import { defaultRubric } from '../../rubric/rubric.ts';
import { isSubmissionError } from '../../submission/errors.ts';

interface Expected {
  description: string;
  static: {
    /** 0 full marks, 1 a graded failure, 2 unreadable input (no grade). */
    exit: 0 | 1 | 2;
    /** Exactly the checks that fail (skips are not listed: they depend on the rubric's policy). */
    fail: string[];
    /** A substring of each named check's message. */
    messageIncludes?: Record<string, string>;
  };
  /** Cases too big to commit are made at test time from the committed base files. */
  generate?: {
    append?: { file: string; line: string; count: number; head?: string; tail?: string };
    /** Empty stray files named 0000.txt… that sort before the report and the manifests. */
    strays?: number;
  };
}

/** The folder to grade: the fixture itself, or a temp copy grown as `generate` says. */
function materialize(name: string, gen: Expected['generate']): { dir: string; dispose(): void } {
  const src = join(root, name);
  if (!gen) return { dir: src, dispose: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), `hostile-${name}-`));
  cpSync(src, dir, { recursive: true });
  if (gen.append) {
    const a = gen.append;
    appendFileSync(join(dir, a.file), `${a.head ?? ''}${`${a.line}\n`.repeat(a.count)}${a.tail ?? ''}`);
  }
  for (let i = 0; i < (gen.strays ?? 0); i++)
    writeFileSync(join(dir, `${String(i).padStart(4, '0')}.txt`), '');
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const root = join(import.meta.dirname, '../../../fixtures/hostile');
const cases = readdirSync(root)
  .filter((d) => d.startsWith('static-'))
  .sort()
  .map((name) => ({
    name,
    expected: JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as Expected,
  }));

describe('hostile submissions, graded statically', () => {
  it('there is a fixture for each case of issue 7', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const { name, expected } of cases) {
    it(`${name}: ${expected.description}`, async () => {
      const want = expected.static;
      const folder = materialize(name, expected.generate);
      try {
        await gradeCase(folder.dir, want);
      } finally {
        folder.dispose();
      }
    });
  }

  async function gradeCase(dir: string, want: Expected['static']): Promise<void> {
    if (want.exit === 2) {
      const error = await gradeStatic(dir, defaultRubric).catch((e: unknown) => e);
      expect(isSubmissionError(error), String(error)).toBe(true);
      return;
    }
    const result = await gradeStatic(dir, defaultRubric);
    const byId = new Map(result.checks.map((c) => [c.id, c]));
    const errors = result.checks.filter((c) => c.status === 'error');
    expect(errors.map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    const failed = result.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    expect(failed.sort()).toEqual([...want.fail].sort());
    for (const c of result.checks.filter((x) => x.status === 'fail')) {
      expect(c.hint, `${c.id} fails without a hint`).toBeTruthy();
    }
    for (const [id, text] of Object.entries(want.messageIncludes ?? {})) {
      expect(byId.get(id)?.message, id).toContain(text);
    }
    expect(exitCodeFor(result)).toBe(want.exit);
  }

  it('an empty folder is a graded failure (exit 1), not an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-empty-'));
    try {
      const result = await gradeStatic(dir, defaultRubric);
      expect(result.checks.filter((c) => c.status === 'error')).toEqual([]);
      expect(result.score).toBe(0);
      expect(exitCodeFor(result)).toBe(1);
      expect(result.checks.find((c) => c.id === 'service.selects-pods')?.evidence).toMatchObject({
        notShown: true,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a path that is not a folder is unreadable input (exit 2), not a grade', async () => {
    const error = await gradeStatic(join(root, 'no-such-submission'), defaultRubric).catch((e: unknown) => e);
    expect(isSubmissionError(error)).toBe(true);
    expect(String((error as Error).message)).toContain('does not exist');
  });
});
