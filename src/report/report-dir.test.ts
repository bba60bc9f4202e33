import { chmod, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareReportDir, ReportDirError } from './report-dir.ts';

describe('prepareReportDir', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'report-dir-'));
  });
  afterEach(async () => {
    await chmod(join(base, 'locked'), 0o755).catch(() => undefined);
    await rm(base, { recursive: true, force: true });
  });

  /** The ReportDirError a call throws, failing the test if it takes more than a second. */
  async function refusal(dir: string): Promise<string> {
    const started = performance.now();
    const error = await prepareReportDir(dir).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(ReportDirError);
    return (error as Error).message;
  }

  it('creates the directory with its parents, leaves no probe, and returns its absolute path', async () => {
    const dir = join(base, 'a', 'b');
    expect(await prepareReportDir(dir)).toBe(dir);
    expect(await readdir(dir)).toEqual([]);
    expect(await prepareReportDir(dir)).toBe(dir);
  });

  it('refuses /proc, /sys and /dev at once, also through a symlink (Node spins on /proc)', async () => {
    expect(await refusal('/proc/x')).toBe(
      'report directory /proc/x is under /proc, a kernel pseudo-filesystem',
    );
    expect(await refusal('/sys/x/y')).toContain('under /sys');
    expect(await refusal('/dev')).toContain('under /dev');
    await symlink('/proc/self', join(base, 'p'));
    expect(await refusal(join(base, 'p', 'out'))).toContain('under /proc');
  });

  it('refuses a file, or a path under a file', async () => {
    await writeFile(join(base, 'f'), '');
    expect(await refusal(join(base, 'f'))).toBe(
      `report directory ${join(base, 'f')} is a file, not a directory`,
    );
    expect(await refusal(join(base, 'f', 'x'))).toContain('is a file');
  });

  it('gives up on a dangling symlink instead of looping', async () => {
    await symlink(join(base, 'nowhere'), join(base, 'dangling'));
    expect(await refusal(join(base, 'dangling', 'out'))).toContain('exists and is not a directory');
  });

  // root writes anywhere, so there is no unwritable directory to test with.
  it.skipIf(process.getuid?.() === 0)('refuses a directory it cannot write to', async () => {
    await mkdir(join(base, 'locked'), { mode: 0o555 });
    expect(await refusal(join(base, 'locked'))).toMatch(/not writable \(EACCES\)/);
    expect(await refusal(join(base, 'locked', 'sub'))).toMatch(/EACCES/);
  });
});
