import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { imageLinks } from './links.ts';
import type { ImageNote } from './types.ts';

/**
 * Which images of a submission to read: every image the report links (relative paths, `/`-rooted
 * paths, full GitHub URLs into a repository, GitHub's upload service) and every image file in the lab
 * folder, deduplicated by real path. Nothing outside the submission root is ever opened.
 */

export type ImageTarget =
  | { kind: 'local'; abs: string; path: string; line?: number }
  | { kind: 'remote'; url: string; path: string; line?: number }
  | { kind: 'skipped'; path: string; line?: number; note: ImageNote };

export const IMAGE_FILE = /\.(?:png|jpe?g|gif|webp|bmp|tiff?)$/i;
/** Folder levels below the lab folder searched for images. */
const MAX_DEPTH = 4;
/** Images read per submission at most: a folder of thousands is listed, not read. */
export const MAX_IMAGES = 100;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.svn', '.hg', '.idea', '.vscode', '__pycache__']);

/** GitHub's upload service: where images pasted into a README or issue go (any scheme). */
export function isUploadServiceUrl(url: URL): boolean {
  return (
    url.hostname === 'user-images.githubusercontent.com' ||
    (url.hostname === 'github.com' && url.pathname.startsWith('/user-attachments/'))
  );
}

/**
 * The path inside a repository that a GitHub URL names (`github.com/o/r/blob/ref/p`, `…/raw/ref/p`,
 * `raw.githubusercontent.com/o/r/ref/p`), or undefined. The ref is taken to be one path segment.
 */
export function repoPathOfGitHubUrl(url: URL): string | undefined {
  const parts = url.pathname.split('/').filter(Boolean).map(safeDecode);
  if (url.hostname === 'github.com' && (parts[2] === 'blob' || parts[2] === 'raw') && parts.length > 4)
    return parts.slice(4).join('/');
  if (url.hostname === 'raw.githubusercontent.com' && parts.length > 3) return parts.slice(3).join('/');
  return undefined;
}

export function findImages(
  submissionRoot: string,
  labDir: string,
  reportText: string,
  opts: { reportPath?: string } = {},
): ImageTarget[] {
  const root = realpathSync(submissionRoot);
  const lab = realpathSync(labDir);
  const reportDir = path.resolve(lab, path.dirname(opts.reportPath ?? 'report.md'));
  const seen = new Set<string>();
  const targets: ImageTarget[] = [];
  const rel = (abs: string) => path.relative(lab, abs).split(path.sep).join('/');
  const addLocal = (abs: string, line?: number) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    targets.push({ kind: 'local', abs, path: rel(abs), line });
  };

  for (const link of imageLinks(reportText)) {
    const shown = link.target.length > 200 ? `${link.target.slice(0, 200)}…` : link.target;
    const skip = (severity: ImageNote['severity'], message: string) =>
      targets.push({ kind: 'skipped', path: shown, line: link.line, note: { severity, message } });
    const url = parseUrl(link.target);
    if (url) {
      if (url.protocol === 'data:') {
        skip('info', 'an inline data: image; not read');
        continue;
      }
      if (isUploadServiceUrl(url)) {
        const key = url.href;
        if (seen.has(key)) continue;
        seen.add(key);
        targets.push({ kind: 'remote', url: url.href, path: url.href, line: link.line });
        continue;
      }
      const repoPath = repoPathOfGitHubUrl(url);
      const found = repoPath === undefined ? undefined : resolveRepoPath(root, lab, repoPath);
      if (found) addLocal(found, link.line);
      else if (repoPath !== undefined)
        skip('info', 'linked from a GitHub repository but not in this submission; not fetched');
      else skip('info', `linked from ${url.hostname || url.protocol}; only local images are read`);
      continue;
    }
    const local = stripQuery(safeDecode(link.target));
    if (!IMAGE_FILE.test(local)) {
      if (/\.svg$/i.test(local)) skip('info', 'an SVG drawing; not read');
      continue;
    }
    const direct = local.startsWith('/') ? path.join(root, local) : path.resolve(reportDir, local);
    const found = existingInside(root, direct) ?? resolveRepoPath(root, lab, local);
    if (found) addLocal(found, link.line);
    else skip('warning', 'the report links this image, but it is not in the submission');
  }

  for (const abs of listImages(lab, root)) addLocal(abs);
  let readable = 0;
  return targets.map((t): ImageTarget => {
    if (t.kind === 'skipped' || ++readable <= MAX_IMAGES) return t;
    const message = `more than ${MAX_IMAGES} images in the submission; not read`;
    return { kind: 'skipped', path: t.path, line: t.line, note: { severity: 'info', message } };
  });
}

/**
 * A path as written in another tree (`lab4/images/x.png` in a URL, `../lab4/img/x.png` from a
 * report copied elsewhere): the longest suffix of it that names an existing file in the lab folder,
 * else in the submission root.
 */
function resolveRepoPath(root: string, lab: string, written: string): string | undefined {
  const parts = written.split(/[\\/]+/).filter((p) => p && p !== '.' && p !== '..');
  for (let i = 0; i < parts.length; i++) {
    const tail = parts.slice(i).join('/');
    const found = existingInside(root, path.join(lab, tail)) ?? existingInside(root, path.join(root, tail));
    if (found) return found;
  }
  return undefined;
}

/** The real path of a regular file when it lies inside `root` (symlinks resolved), else undefined. */
function existingInside(root: string, abs: string): string | undefined {
  try {
    const real = realpathSync(abs);
    if (!inside(root, real) || !statSync(real).isFile()) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

/** Image files under the lab folder, breadth-first in name order, bounded in depth and number. */
function listImages(lab: string, root: string): string[] {
  const out: string[] = [];
  const visited = new Set<string>([lab]);
  const queue: { abs: string; depth: number }[] = [{ abs: lab, depth: 0 }];
  for (let qi = 0; qi < queue.length && out.length < MAX_IMAGES * 2; qi++) {
    const dir = queue[qi] as { abs: string; depth: number };
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.abs, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
      const abs = path.join(dir.abs, e.name);
      if (e.isDirectory() || e.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(abs);
        } catch {
          continue;
        }
        if (!inside(root, real)) continue;
        let isDir = false;
        try {
          isDir = statSync(real).isDirectory();
        } catch {
          continue;
        }
        if (isDir) {
          if (dir.depth < MAX_DEPTH && !visited.has(real)) {
            visited.add(real);
            queue.push({ abs: real, depth: dir.depth + 1 });
          }
          continue;
        }
        if (IMAGE_FILE.test(e.name)) out.push(real);
      } else if (e.isFile() && IMAGE_FILE.test(e.name)) out.push(abs);
    }
  }
  return out;
}

function inside(root: string, p: string): boolean {
  const r = path.relative(root, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

function parseUrl(target: string): URL | undefined {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(target) || /^[a-z]:[\\/]/i.test(target)) return undefined;
  try {
    return new URL(target);
  } catch {
    return undefined;
  }
}

function stripQuery(p: string): string {
  return p.replace(/[?#].*$/, '');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
