import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { BINARY_PROBE_BYTES, decodeBytes } from './decode.ts';
import { MAX_FILE_BYTES, MAX_FILES, MAX_LISTED_FILES, tooLargeMessage } from './limits.ts';
import type { ReadCache } from './locate.ts';
import { readSmallFile } from './read-file.ts';
import type { Finding } from './types.ts';

export { decodeText } from './decode.ts';
export { MAX_FILE_BYTES } from './limits.ts';

/** A regular file of the submission. `text` is loaded for the files the reader needs (YAML, Markdown). */
export interface SubmissionFile {
  /** Relative to the lab folder, `/`-separated. */
  path: string;
  absPath: string;
  size: number;
  text?: string;
}

export interface CollectOptions {
  /** Symlinks may point anywhere inside this folder (the submission root); default: the lab folder. */
  boundary?: string;
  /** Folder levels below the lab folder that are read (default 4). */
  maxDepth?: number;
  /** At most this many files are read (default 500): Markdown, YAML and JSON first. */
  maxFiles?: number;
  /** Larger files are skipped with a finding (default 1 MiB). */
  maxBytes?: number;
  /** Which files get their text loaded (default: .yaml, .yml, .json, .md, .markdown). */
  wantText?: (relPath: string) => boolean;
  cache?: ReadCache;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.svn', '.hg', '.idea', '.vscode', '__pycache__']);
/** Screenshots are expected in a report folder: skipped silently, never read. */
const IMAGE_EXT =
  /\.(?:png|jpe?g|gif|svg|webp|bmp|ico|tiff?|heic|avif|mp4|mov|webm|avi|mkv|drawio|excalidraw|psd|xcf)$/i;
/** The files the grader reads: the report and the manifests. They go first when the file cap bites. */
const TEXT_EXT = /\.(?:ya?ml|json|md|markdown)$/i;

export function defaultWantText(relPath: string): boolean {
  return TEXT_EXT.test(relPath);
}

interface Candidate {
  abs: string;
  rel: string;
}

/**
 * Lists the regular files under `labDir` breadth-first (name order within a folder), without images,
 * `.git` or `node_modules`. Symlinks are followed only when they resolve inside `boundary`; files over
 * `maxBytes` and binary files (NUL bytes in the first 8 KiB that are not UTF-16) are left out. Each skip
 * is a finding. (File system calls are synchronous: see read-file.ts.)
 */
export async function collectFiles(
  labDir: string,
  options: CollectOptions = {},
): Promise<{ files: SubmissionFile[]; findings: Finding[] }> {
  const maxFiles = options.maxFiles ?? MAX_FILES;
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  const wantText = options.wantText ?? defaultWantText;
  const listed = listCandidates(labDir, options);
  const findings = listed.findings;
  const files: SubmissionFile[] = [];
  const { kept, left } = applyCap(listed.candidates, maxFiles, wantText);
  for (const c of kept) {
    const r = loadFile(c.abs, c.rel, maxBytes, wantText(c.rel), options.cache);
    findings.push(...r.findings);
    if (r.file) files.push(r.file);
  }
  if (left.length > 0 || listed.listCapped)
    findings.push(capFinding(maxFiles, left, wantText, listed.listCapped));
  if (listed.tooDeep) {
    findings.push({
      severity: 'info',
      file: '',
      message: `folders more than ${options.maxDepth ?? 4} levels deep were not read`,
    });
  }
  return { files, findings };
}

/** Breadth-first listing of the files (not their content), bounded by depth and MAX_LISTED_FILES. */
function listCandidates(
  labDir: string,
  options: CollectOptions,
): { candidates: Candidate[]; findings: Finding[]; tooDeep: boolean; listCapped: boolean } {
  const maxDepth = options.maxDepth ?? 4;
  const findings: Finding[] = [];
  const candidates: Candidate[] = [];
  const realLab = realpathSync(labDir);
  const boundary = options.boundary ? realpathSync(options.boundary) : realLab;
  const visited = new Set<string>([realLab]);
  const queue: { abs: string; rel: string; depth: number }[] = [{ abs: labDir, rel: '', depth: 0 }];
  let tooDeep = false;
  let listCapped = false;

  for (let qi = 0; qi < queue.length && !listCapped; qi++) {
    const dir = queue[qi] as { abs: string; rel: string; depth: number };
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.abs, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name));
    } catch (e) {
      findings.push({ severity: 'warning', file: dir.rel, message: `cannot list folder: ${errText(e)}` });
      continue;
    }
    for (const e of entries) {
      const abs = path.join(dir.abs, e.name);
      const rel = dir.rel ? `${dir.rel}/${e.name}` : e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const target = resolveLink(abs);
        if (!target) {
          findings.push({ severity: 'info', file: rel, message: 'broken symlink skipped' });
          continue;
        }
        if (!inside(boundary, target.real)) {
          findings.push({
            severity: 'warning',
            file: rel,
            message: 'symlink points outside the submission; not followed',
          });
          continue;
        }
        isDir = target.isDir;
        isFile = target.isFile;
        if (isDir && visited.has(target.real)) continue;
        if (isDir) visited.add(target.real);
      }
      if (isDir) {
        if (SKIP_DIRS.has(e.name)) continue;
        if (dir.depth + 1 > maxDepth) {
          tooDeep = true;
          continue;
        }
        queue.push({ abs, rel, depth: dir.depth + 1 });
      } else if (isFile && !IMAGE_EXT.test(e.name)) {
        if (candidates.length >= MAX_LISTED_FILES) {
          listCapped = true;
          break;
        }
        candidates.push({ abs, rel });
      }
    }
  }
  return { candidates, findings, tooDeep, listCapped };
}

/**
 * The files read when there are more than `maxFiles`: the report and manifests (wanted text) first,
 * then the rest, each in listing order, so stray files can never push the graded ones out. The kept
 * files stay in listing order.
 */
function applyCap(
  candidates: Candidate[],
  maxFiles: number,
  wanted: (rel: string) => boolean,
): { kept: Candidate[]; left: Candidate[] } {
  if (candidates.length <= maxFiles) return { kept: candidates, left: [] };
  const first = candidates.filter((c) => wanted(c.rel));
  const rest = candidates.filter((c) => !wanted(c.rel));
  const chosen = new Set([...first, ...rest].slice(0, maxFiles));
  return {
    kept: candidates.filter((c) => chosen.has(c)),
    left: candidates.filter((c) => !chosen.has(c)),
  };
}

function capFinding(
  maxFiles: number,
  left: Candidate[],
  wanted: (rel: string) => boolean,
  listCapped: boolean,
): Finding {
  const graded = left.filter((c) => wanted(c.rel));
  const listed = listCapped ? ` (listing stopped after ${MAX_LISTED_FILES} files)` : '';
  const shown = (cs: Candidate[]) =>
    cs
      .slice(0, 3)
      .map((c) => c.rel)
      .join(', ') + (cs.length > 3 ? ', …' : '');
  const message = graded.length
    ? `more than ${maxFiles} files${listed}: ${left.length} not read, among them ${graded.length} Markdown/YAML/JSON file(s): ${shown(graded)}`
    : `more than ${maxFiles} files${listed}: ${left.length} other file(s) not read (${shown(left)}); every Markdown, YAML and JSON file was read`;
  return { severity: graded.length ? 'warning' : 'info', file: '', message, unread: true };
}

function loadFile(
  abs: string,
  rel: string,
  maxBytes: number,
  withText: boolean,
  cache: ReadCache | undefined,
): { file?: SubmissionFile; findings: Finding[] } {
  const cached = cache?.get(abs);
  if (cached && cached.length <= maxBytes) return classifyContent(abs, rel, cached.length, cached, withText);
  const read = readSmallFile(abs, maxBytes, withText ? undefined : BINARY_PROBE_BYTES);
  if (read.kind === 'too-large') {
    const message = tooLargeMessage(rel, read.size, maxBytes);
    const finding: Finding = { severity: withText ? 'warning' : 'info', file: rel, message };
    if (withText) finding.unread = true;
    return { findings: [finding] };
  }
  if (read.kind === 'error')
    return {
      findings: [
        { severity: 'warning', file: rel, message: `cannot read ${rel}: ${read.code}`, unread: true },
      ],
    };
  return classifyContent(abs, rel, read.size, read.buffer, withText);
}

function classifyContent(
  abs: string,
  rel: string,
  size: number,
  buf: Buffer,
  withText: boolean,
): { file?: SubmissionFile; findings: Finding[] } {
  const decoded = decodeBytes(buf);
  if (decoded.kind === 'binary') {
    // A report or manifest that is not text is worth a warning: the student meant it to be read.
    const message = withText
      ? `${rel} is not text (NUL bytes that are not UTF-16); not read — save it as UTF-8`
      : 'binary file (NUL byte in the first 8 KiB); skipped';
    const finding: Finding = { severity: withText ? 'warning' : 'info', file: rel, message };
    if (withText) finding.unread = true;
    return { findings: [finding] };
  }
  const file: SubmissionFile = { path: rel, absPath: abs, size };
  if (withText) file.text = decoded.text;
  const findings: Finding[] = [];
  if (withText && decoded.encoding !== 'utf-8' && !decoded.bom) {
    findings.push({
      severity: 'info',
      file: rel,
      message: `${rel} is ${decoded.encoding.toUpperCase()} without a byte-order mark; read as such (UTF-8 is safer)`,
    });
  }
  return { file, findings };
}

function resolveLink(abs: string): { real: string; isDir: boolean; isFile: boolean } | undefined {
  try {
    const real = realpathSync(abs);
    const info = statSync(real);
    return { real, isDir: info.isDirectory(), isFile: info.isFile() };
  } catch {
    return undefined;
  }
}

function inside(parent: string, child: string): boolean {
  const r = path.relative(parent, child);
  return r === '' || (r !== '..' && !r.startsWith(`..${path.sep}`) && !path.isAbsolute(r));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message ?? String(e);
}
