import { type Dirent, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeText } from './decode.ts';
import { SubmissionError } from './errors.ts';
import { labNumber, parseHeaderText } from './header.ts';
import { readSmallFile } from './read-file.ts';

export { SubmissionError } from './errors.ts';

/** Buffers already read, by absolute path, so that later stages do not read a file twice. */
export type ReadCache = Map<string, Buffer>;

export interface LocateOptions {
  cache?: ReadCache;
}

export interface LabLocation {
  labDir: string;
  reason: string;
  /**
   * Set when `root` is a repository holding other labs' folders (`lab1`, `lab2`…) but nothing of Lab 4:
   * the message says what was looked for. `labDir` is then `root`, which must not be graded as the lab.
   */
  missing?: string;
}

const SEARCH_DEPTH = 3;
const MAX_DIRS = 400;
const MAX_PROBE_BYTES = 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', '__pycache__', 'venv']);

/** `lab4`, `lab_4`, `Lab 4`, `lab-04`, `LAB4`, `laba4`, `labwork4`, `лаб4`, `lr4`. */
const LAB4_EXACT = /^(?:lab(?:oratory)?(?:[\s_.-]*work)?|laba|лаб\p{L}*|lr|лр)[\s_.#№-]*0?4$/iu;
/** The same followed by more words: `lab4_calico`, `Lab4-report`. */
const LAB4_PREFIX = /^(?:lab(?:oratory)?(?:[\s_.-]*work)?|laba|лаб\p{L}*|lr|лр)[\s_.#№-]*0?4(?!\d)/iu;
/** Any lab's folder, by the same rules: `lab1`, `Lab_2`, `lab3-docker`. */
const LAB_ANY = /^(?:lab(?:oratory)?(?:[\s_.-]*work)?|laba|лаб\p{L}*|lr|лр)[\s_.#№-]*(\d{1,2})(?!\d)/iu;
/** What the name rules accept, in words, for the message when no folder matches. */
export const LAB4_NAMES =
  'lab4, lab_4, Lab 4, lab-4, lab04, laba4, labwork4, лаб4, lr4 (any case, up to 3 levels down)';
const IPPOOL_KIND =
  /^[ \t]*(?:-[ \t]+)?kind:[ \t]*["']?IPPool["']?[ \t]*(?:#.*)?\r?$|"kind"[ \t]*:[ \t]*"IPPool"/m;
const MANIFEST_EXT = /\.(?:ya?ml|json)$/i;
const MD_EXT = /\.(?:md|markdown)$/i;

interface DirInfo {
  abs: string;
  depth: number;
  entries: Dirent[];
}

/**
 * Finds the Lab 4 folder of a submission: `root` itself when it looks like the lab folder (an IPPool
 * manifest, or a report whose course header names Lab 4), else a sub-folder named like `lab4` (up to
 * 3 levels down, shallowest first), else the folder that holds an IPPool manifest or a Lab 4 report,
 * else `root` — unless `root` holds other labs' folders, when Lab 4 is `missing`.
 * Symlinked folders are not searched. (File system calls are synchronous: see read-file.ts.)
 */
export async function findLabDir(root: string, options: LocateOptions = {}): Promise<LabLocation> {
  const abs = path.resolve(root);
  assertDirectory(abs);
  const cache = options.cache ?? new Map();
  const top: DirInfo = { abs, depth: 0, entries: listDir(abs, true) };

  const own = labEvidence(top, cache);
  if (own) return { labDir: abs, reason: `the given folder ${own}` };

  const dirs = walkDirs(top);
  const named = dirs
    .filter((d) => d.depth > 0)
    .map((d) => ({
      d,
      exact: LAB4_EXACT.test(path.basename(d.abs)),
      prefix: LAB4_PREFIX.test(path.basename(d.abs)),
    }))
    .filter((x) => x.exact || x.prefix)
    .sort((a, b) => a.d.depth - b.d.depth || Number(b.exact) - Number(a.exact) || compare(a.d.abs, b.d.abs));
  const byName = named[0];
  if (byName) {
    return { labDir: byName.d.abs, reason: `folder named '${rel(abs, byName.d.abs)}'` };
  }

  for (const d of dirs) {
    if (d.depth === 0) continue;
    const file = firstMatchingFile(d, MANIFEST_EXT, cache, (text) => IPPOOL_KIND.test(text));
    if (file)
      return { labDir: d.abs, reason: `folder '${rel(abs, d.abs)}' holds an IPPool manifest (${file})` };
  }
  for (const d of dirs) {
    if (d.depth === 0) continue;
    const file = firstMatchingFile(d, MD_EXT, cache, isLab4Report);
    if (file) return { labDir: d.abs, reason: `folder '${rel(abs, d.abs)}' holds a Lab 4 report (${file})` };
  }
  const others = otherLabFolders(abs, dirs);
  if (others.length > 0) {
    const shown = others.slice(0, 5).join(', ') + (others.length > 5 ? ', …' : '');
    return {
      labDir: abs,
      reason: `no Lab 4 folder among the labs' folders (${shown})`,
      missing: `no Lab 4 folder; looked for ${LAB4_NAMES} and for a folder holding an IPPool manifest or a Lab 4 report, and found only ${shown}`,
    };
  }
  return { labDir: abs, reason: 'no Lab 4 folder found below it; using the given folder' };
}

/** Folders named for a lab other than 4 (`lab1`, `Lab_3`), shallowest first. */
function otherLabFolders(root: string, dirs: DirInfo[]): string[] {
  return dirs
    .filter((d) => d.depth > 0)
    .filter((d) => {
      const m = LAB_ANY.exec(path.basename(d.abs));
      return m !== null && Number(m[1]) !== 4;
    })
    .map((d) => rel(root, d.abs));
}

function assertDirectory(abs: string): void {
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(abs);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SubmissionError('not-found', abs, `submission path does not exist: ${abs}`, { cause });
    }
    throw new SubmissionError('unreadable', abs, `cannot read submission path ${abs}: ${String(cause)}`, {
      cause,
    });
  }
  if (!info?.isDirectory()) {
    throw new SubmissionError(
      'not-a-directory',
      abs,
      `submission path is not a directory: ${abs} (give the repository or the lab folder)`,
    );
  }
}

function listDir(abs: string, required = false): Dirent[] {
  try {
    const entries = readdirSync(abs, { withFileTypes: true });
    return entries.sort((a, b) => compare(a.name, b.name));
  } catch (cause) {
    if (required) {
      throw new SubmissionError('unreadable', abs, `cannot list submission folder ${abs}: ${String(cause)}`, {
        cause,
      });
    }
    return [];
  }
}

/** Breadth-first, name-sorted list of folders down to SEARCH_DEPTH (hidden, vendored, symlinked skipped). */
function walkDirs(top: DirInfo): DirInfo[] {
  const out: DirInfo[] = [top];
  for (let i = 0; i < out.length && out.length < MAX_DIRS; i++) {
    const d = out[i] as DirInfo;
    if (d.depth >= SEARCH_DEPTH) continue;
    for (const e of d.entries) {
      if (!e.isDirectory() || e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
      const abs = path.join(d.abs, e.name);
      out.push({ abs, depth: d.depth + 1, entries: listDir(abs) });
      if (out.length >= MAX_DIRS) break;
    }
  }
  return out;
}

function labEvidence(d: DirInfo, cache: ReadCache): string | undefined {
  const pool = firstMatchingFile(d, MANIFEST_EXT, cache, (text) => IPPOOL_KIND.test(text));
  if (pool) return `holds an IPPool manifest (${pool})`;
  const report = firstMatchingFile(d, MD_EXT, cache, isLab4Report);
  if (report) return `holds a Lab 4 report (${report})`;
  return undefined;
}

function isLab4Report(text: string): boolean {
  return labNumber(parseHeaderText(text).Lab) === 4;
}

function firstMatchingFile(
  d: DirInfo,
  ext: RegExp,
  cache: ReadCache,
  test: (text: string) => boolean,
): string | undefined {
  for (const e of d.entries) {
    if (!e.isFile() || !ext.test(e.name)) continue;
    const text = readSmall(path.join(d.abs, e.name), cache);
    if (text !== undefined && test(text)) return e.name;
  }
  return undefined;
}

function readSmall(abs: string, cache: ReadCache): string | undefined {
  let buf = cache.get(abs);
  if (!buf) {
    const read = readSmallFile(abs, MAX_PROBE_BYTES);
    if (read.kind !== 'read') return undefined;
    buf = read.buffer;
    cache.set(abs, buf);
  }
  return decodeText(buf) ?? undefined;
}

function rel(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
