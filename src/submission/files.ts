import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ReadCache } from './locate.ts';
import { readSmallFile } from './read-file.ts';
import type { Finding } from './types.ts';

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
  /** At most this many files are listed (default 500). */
  maxFiles?: number;
  /** Larger files are skipped with a finding (default 1 MiB). */
  maxBytes?: number;
  /** Which files get their text loaded (default: .yaml, .yml, .md, .markdown). */
  wantText?: (relPath: string) => boolean;
  cache?: ReadCache;
}

export const MAX_FILE_BYTES = 1024 * 1024;
const BINARY_PROBE_BYTES = 8 * 1024;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.svn', '.hg', '.idea', '.vscode', '__pycache__']);
/** Screenshots are expected in a report folder: skipped silently, never read. */
const IMAGE_EXT =
  /\.(?:png|jpe?g|gif|svg|webp|bmp|ico|tiff?|heic|avif|mp4|mov|webm|avi|mkv|drawio|excalidraw|psd|xcf)$/i;
const TEXT_EXT = /\.(?:ya?ml|md|markdown)$/i;

export function defaultWantText(relPath: string): boolean {
  return TEXT_EXT.test(relPath);
}

/**
 * Lists the regular files under `labDir` breadth-first (name order within a folder), without images,
 * `.git` or `node_modules`. Symlinks are followed only when they resolve inside `boundary`; files over
 * `maxBytes` and binary files (a NUL byte in the first 8 KiB) are left out. Each skip is a finding.
 * (File system calls are synchronous: see read-file.ts.)
 */
export async function collectFiles(
  labDir: string,
  options: CollectOptions = {},
): Promise<{ files: SubmissionFile[]; findings: Finding[] }> {
  const maxDepth = options.maxDepth ?? 4;
  const maxFiles = options.maxFiles ?? 500;
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  const wantText = options.wantText ?? defaultWantText;
  const cache = options.cache;
  const findings: Finding[] = [];
  const files: SubmissionFile[] = [];
  const realLab = realpathSync(labDir);
  const boundary = options.boundary ? realpathSync(options.boundary) : realLab;
  const visited = new Set<string>([realLab]);
  const queue: { abs: string; rel: string; depth: number }[] = [{ abs: labDir, rel: '', depth: 0 }];
  let truncated = false;
  let tooDeep = false;

  for (let qi = 0; qi < queue.length && !truncated; qi++) {
    const dir = queue[qi] as { abs: string; rel: string; depth: number };
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.abs, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name));
    } catch (e) {
      findings.push({ severity: 'warning', file: dir.rel, message: `cannot list folder: ${errText(e)}` });
      continue;
    }
    const candidates: { abs: string; rel: string }[] = [];
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
        candidates.push({ abs, rel });
      }
    }
    if (files.length + candidates.length > maxFiles) {
      candidates.length = Math.max(0, maxFiles - files.length);
      truncated = true;
    }
    for (const c of candidates) {
      const r = loadFile(c.abs, c.rel, maxBytes, wantText(c.rel), cache);
      if ('finding' in r) findings.push(r.finding);
      else files.push(r.file);
    }
  }
  if (truncated) {
    findings.push({
      severity: 'warning',
      file: '',
      message: `more than ${maxFiles} files; the rest were not read`,
    });
  }
  if (tooDeep) {
    findings.push({
      severity: 'info',
      file: '',
      message: `folders more than ${maxDepth} levels deep were not read`,
    });
  }
  return { files, findings };
}

function loadFile(
  abs: string,
  rel: string,
  maxBytes: number,
  withText: boolean,
  cache: ReadCache | undefined,
): { file: SubmissionFile } | { finding: Finding } {
  const cached = cache?.get(abs);
  if (cached && cached.length <= maxBytes) return classifyContent(abs, rel, cached.length, cached, withText);
  const read = readSmallFile(abs, maxBytes, withText ? undefined : BINARY_PROBE_BYTES);
  if (read.kind === 'too-large') {
    return {
      finding: {
        severity: 'warning',
        file: rel,
        message: `file is larger than ${maxBytes} bytes (${read.size}); skipped`,
      },
    };
  }
  if (read.kind === 'error')
    return { finding: { severity: 'warning', file: rel, message: `cannot read file: ${read.code}` } };
  return classifyContent(abs, rel, read.size, read.buffer, withText);
}

function classifyContent(
  abs: string,
  rel: string,
  size: number,
  buf: Buffer,
  withText: boolean,
): { file: SubmissionFile } | { finding: Finding } {
  const decoded = decodeText(buf);
  if (decoded === null) {
    return {
      finding: { severity: 'info', file: rel, message: 'binary file (NUL byte in the first 8 KiB); skipped' },
    };
  }
  const file: SubmissionFile = { path: rel, absPath: abs, size };
  if (withText) file.text = decoded;
  return { file };
}

/**
 * Text of a file: UTF-8 (BOM dropped) or UTF-16 with a BOM (what Windows PowerShell's `>` writes).
 * Returns null for binary content: a NUL byte in the first 8 KiB.
 */
export function decodeText(buf: Buffer): string | null {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.toString('utf16le', 2);
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return swapped.swap16().toString('utf16le');
  }
  const probe = buf.subarray(0, BINARY_PROBE_BYTES);
  if (probe.includes(0)) return null;
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  return buf.toString('utf8', start);
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
