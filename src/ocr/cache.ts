import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { ImageNote, OcrLine } from './types.ts';

/**
 * OCR results on disk, keyed by content: sha256 of the image bytes with the preprocessing version and
 * the engine (tesseract.js, traineddata, parameters). The same screenshot in two submissions, or a
 * second run, is read once. Writes are atomic (a temp file renamed over); an entry that does not
 * parse or does not match its key is ignored, as is a cache folder that cannot be written.
 */

export interface CachedRead {
  text: string;
  confidence: number;
  lines: OcrLine[];
  /** What the guard said of an image it let through (an animated GIF's first frame). */
  notes: ImageNote[];
}

const FORMAT = 1;

/** `$XDG_CACHE_HOME` or ~/.cache (Linux), ~/Library/Caches (macOS), %LOCALAPPDATA% (Windows). */
export function defaultCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  let base: string;
  if (platform === 'win32') base = env.LOCALAPPDATA || path.win32.join(home, 'AppData', 'Local');
  else if (platform === 'darwin') base = path.posix.join(home, 'Library', 'Caches');
  else
    base =
      env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
        ? env.XDG_CACHE_HOME
        : path.join(home, '.cache');
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return join(base, 'kube-lab-grader', 'ocr');
}

export function cacheKey(bytes: Uint8Array, recipe: string): string {
  return createHash('sha256').update(recipe).update('\0').update(bytes).digest('hex');
}

export class OcrCache {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): CachedRead | undefined {
    let raw: string;
    try {
      raw = readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(raw) as { format?: unknown; key?: unknown; read?: unknown };
      if (entry.format !== FORMAT || entry.key !== key || !isRead(entry.read)) return undefined;
      return entry.read;
    } catch {
      return undefined;
    }
  }

  /** Stores an entry; false when the cache folder cannot be written (the read still counts). */
  set(key: string, read: CachedRead): boolean {
    const file = this.file(key);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(tmp, JSON.stringify({ format: FORMAT, key, read }));
      renameSync(tmp, file);
      return true;
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // The folder itself is unusable: there is no temp file to remove.
      }
      return false;
    }
  }
}

function isRead(v: unknown): v is CachedRead {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.text === 'string' &&
    typeof r.confidence === 'number' &&
    Array.isArray(r.lines) &&
    r.lines.every(
      (l) =>
        typeof l === 'object' &&
        l !== null &&
        typeof (l as OcrLine).text === 'string' &&
        typeof (l as OcrLine).confidence === 'number' &&
        Array.isArray((l as OcrLine).words),
    ) &&
    Array.isArray(r.notes)
  );
}
