/**
 * A static grade that reads screenshots, end to end (images → OCR → src/screens → the checks): a
 * screenshot can show what the report's text leaves out, and it names itself in the message; a
 * deliberately degraded copy of the same screenshot is a weak read and never a pass (issue 12).
 * The screenshot is fixtures/screenshots/delete-light-mono-2x.png (made by scripts/make-screenshots.ts).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../checks/types.ts';
import { createOcrEngine, type OcrEngine } from '../ocr/index.ts';
import { defaultRubric } from '../rubric/rubric.ts';
import { gradeStatic } from './static.ts';

const ROOT = path.join(import.meta.dirname, '../..');
const REFERENCE = path.join(ROOT, 'fixtures/submissions/reference');
const DELETE_SCREENSHOT = path.join(ROOT, 'fixtures/screenshots/delete-light-mono-2x.png');

let work: string;
let engine: OcrEngine;

/** The reference, its `calicoctl delete` line taken out of the report, the image linked instead. */
async function submissionShowing(name: string, image: Buffer): Promise<string> {
  const dir = path.join(work, name);
  await cp(REFERENCE, dir, { recursive: true });
  const reportPath = path.join(dir, 'lab4_report.md');
  const report = await readFile(reportPath, 'utf8');
  expect(report).toContain('calicoctl delete ippools default-ipv4-ippool');
  const without = report
    .split('\n')
    .filter((l) => !l.includes('calicoctl delete'))
    .join('\n');
  await mkdir(path.join(dir, 'images'));
  await writeFile(path.join(dir, 'images', 'delete.png'), image);
  await writeFile(reportPath, `${without}\n\n![the default pool deleted](images/delete.png)\n`);
  return dir;
}

const check = (checks: readonly CheckResult[], id: string) => checks.find((c) => c.id === id) as CheckResult;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'grade-screenshots-'));
  engine = createOcrEngine({ jobs: 1, cacheDir: path.join(work, 'cache') });
}, 60_000);
afterAll(async () => {
  await engine?.close();
  await rm(work, { recursive: true, force: true });
});

describe('a static grade with screenshots', () => {
  it('counts a delete the report shows only in a screenshot, and names the screenshot', async () => {
    const dir = await submissionShowing('clean', await readFile(DELETE_SCREENSHOT));
    const withOcr = await gradeStatic(dir, defaultRubric, Date.now, { engine });
    const removed = check(withOcr.checks, 'pools.default-removed');
    expect(removed.status).toBe('pass');
    expect(removed.message).toContain('images/delete.png');
    // Without OCR the same submission does not show it: the pass rests on the screenshot alone.
    const textOnly = await gradeStatic(dir, defaultRubric, Date.now, { noOcr: true });
    expect(check(textOnly.checks, 'pools.default-removed').status).not.toBe('pass');
  }, 60_000);

  it('never passes on a degraded copy of the same screenshot: a weak read is a note', async () => {
    const degraded = await sharp(DELETE_SCREENSHOT)
      .resize({ width: 260 })
      .blur(1.2)
      .linear(0.35, 150)
      .png()
      .toBuffer();
    const dir = await submissionShowing('degraded', degraded);
    const result = await gradeStatic(dir, defaultRubric, Date.now, { engine });
    const removed = check(result.checks, 'pools.default-removed');
    expect(removed.status).not.toBe('pass');
    expect(result.checks.every((c) => c.status !== 'error')).toBe(true);
    // …and says it looked: the image is named, with why it did not count.
    expect(removed.message).toMatch(
      /screenshots read too weakly to count: images\/delete\.png \(OCR confidence \d+\)/,
    );
  }, 60_000);
});
