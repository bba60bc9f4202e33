import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/*
 * Node built-ins only: the CLI validates --report-dir before it loads the graders and writers.
 */

/** A report directory that cannot be used; the CLI reports it as bad usage (exit 2). */
export class ReportDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportDirError';
  }
}

// Kernel pseudo-filesystems: nothing there is a place for reports (and /proc made Node spin, below).
const PSEUDO_FS = ['/proc', '/sys', '/dev'];

/**
 * Validates a report directory before grading starts and returns its absolute path: refuses /proc,
 * /sys and /dev (also through symlinks), creates it with its parents, and proves it writable by
 * creating and removing a probe file. Throws ReportDirError with a one-line reason.
 */
export async function prepareReportDir(dir: string): Promise<string> {
  const abs = await ensureReportDir(dir);
  const probe = join(abs, `.lab-grader-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (e) {
    throw new ReportDirError(`report directory ${abs} is not writable (${codeOf(e)})`);
  }
  await rm(probe, { force: true });
  return abs;
}

/** Resolves `dir`, refuses pseudo-filesystems, creates it with its parents; returns the absolute path. */
export async function ensureReportDir(dir: string): Promise<string> {
  const abs = resolve(dir);
  refusePseudoFs(abs, abs);
  const missing: string[] = [];
  let existing = abs;
  for (;;) {
    const found = await statOrMissing(existing, abs);
    if (found) {
      if (!found.isDirectory()) {
        const what = existing === abs ? 'is a file' : `is under ${existing}, a file`;
        throw new ReportDirError(`report directory ${abs} ${what}, not a directory`);
      }
      break;
    }
    missing.unshift(existing);
    existing = dirname(existing);
  }
  refusePseudoFs(abs, await realpath(existing).catch(() => existing));
  await makeDirs(abs, missing);
  return abs;
}

/**
 * `mkdir -p` one level at a time, each level once. Node 20's `mkdir(…, { recursive: true })` never
 * returns for a path under /proc: mkdir of the child gives ENOENT, of the parent EEXIST, and it
 * retries the child forever at 100% CPU. Here an ENOENT after the parent exists is final.
 */
async function makeDirs(abs: string, missing: readonly string[]): Promise<void> {
  for (const dir of missing) {
    try {
      await mkdir(dir);
    } catch (e) {
      const code = codeOf(e);
      if (code !== 'EEXIST')
        throw new ReportDirError(`cannot create report directory ${abs}: ${dir} (${code})`);
      // Created meanwhile by someone else, or a dangling symlink.
      if (!(await statOrMissing(dir, abs))?.isDirectory())
        throw new ReportDirError(
          `cannot create report directory ${abs}: ${dir} exists and is not a directory`,
        );
    }
  }
}

async function statOrMissing(path: string, abs: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (e) {
    const code = codeOf(e);
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR')
      throw new ReportDirError(`report directory ${abs}: a parent of ${path} is a file`);
    throw new ReportDirError(`report directory ${abs}: cannot read ${path} (${code})`);
  }
}

function refusePseudoFs(abs: string, real: string): void {
  const root = PSEUDO_FS.find((p) => real === p || real.startsWith(`${p}${sep}`));
  if (root) throw new ReportDirError(`report directory ${abs} is under ${root}, a kernel pseudo-filesystem`);
}

function codeOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}
