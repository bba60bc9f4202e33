import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findImages, isUploadServiceUrl, repoPathOfGitHubUrl } from './images.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A repository with files (path → content) under a fresh temp folder; returns its root. */
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ocr-images-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const brief = (targets: ReturnType<typeof findImages>) =>
  targets.map((t) =>
    t.kind === 'skipped'
      ? `skipped ${t.path}: ${t.note.message}`
      : `${t.kind} ${t.path}${t.line ? `@${t.line}` : ''}`,
  );

describe('findImages', () => {
  it('reads linked images first, then the other images of the lab folder, each once', () => {
    const root = repo({
      'lab4/images/pods.png': 'x',
      'lab4/images/ping.png': 'x',
      'lab4/images/unlinked.jpg': 'x',
      'lab4/notes.txt': 'x',
      'lab4/.git/x.png': 'x',
      'lab4/node_modules/y.png': 'x',
      'imgs/shared.png': 'x',
    });
    const md = [
      '![](images/ping.png)',
      '![again](./images/ping.png)',
      '![](images/pods%20.png)',
      '![](images/pods.png?raw=true)',
      '![up](../imgs/shared.png)',
    ].join('\n');
    expect(brief(findImages(root, path.join(root, 'lab4'), md, { reportPath: 'report.md' }))).toEqual([
      'local images/ping.png@1',
      'skipped images/pods%20.png: the report links this image, but it is not in the submission',
      'local images/pods.png@4',
      'local ../imgs/shared.png@5',
      'local images/unlinked.jpg',
    ]);
  });

  it('resolves links relative to the report, `/` from the repository root', () => {
    const root = repo({ 'lab4/docs/a.png': 'x', 'lab4/b.png': 'x' });
    const md = '![](a.png)\n![](/lab4/b.png)';
    expect(brief(findImages(root, path.join(root, 'lab4'), md, { reportPath: 'docs/README.md' }))).toEqual([
      'local docs/a.png@1',
      'local b.png@2',
    ]);
  });

  it('maps GitHub URLs into a repository, and paths written from another tree, onto its files', () => {
    // The corpus keeps a lab folder without its repository: `../lab4/source/x.png` and a blob URL
    // of `lab4/images/y.png` both name files of the lab folder (/work/shared/corpus/README.md).
    const root = repo({ 'source/x.png': 'x', 'images/y 1.PNG': 'x' });
    const md = [
      '![](../lab4/source/x.png)',
      '![](https://github.com/st/repo/blob/main/lab4/images/y%201.PNG?raw=true)',
      '![](https://raw.githubusercontent.com/st/repo/main/lab4/images/missing.png)',
    ].join('\n');
    expect(brief(findImages(root, root, md))).toEqual([
      'local source/x.png@1',
      'local images/y 1.PNG@2',
      'skipped https://raw.githubusercontent.com/st/repo/main/lab4/images/missing.png: linked from a GitHub repository but not in this submission; not fetched',
    ]);
  });

  it("keeps GitHub's upload service as remote images and skips other hosts and data: URIs", () => {
    const root = repo({});
    const md = [
      '![](https://user-images.githubusercontent.com/1/abc.png)',
      '<img src="https://github.com/user-attachments/assets/0b1c-uuid">',
      '![](https://imgur.com/x.png)',
      '![](data:image/png;base64,AAAA)',
      '![](https://user-images.githubusercontent.com/1/abc.png)',
    ].join('\n');
    expect(brief(findImages(root, root, md))).toEqual([
      'remote https://user-images.githubusercontent.com/1/abc.png@1',
      'remote https://github.com/user-attachments/assets/0b1c-uuid@2',
      'skipped https://imgur.com/x.png: linked from imgur.com; only local images are read',
      'skipped data:image/png;base64,AAAA: an inline data: image; not read',
    ]);
  });

  it('never opens a file outside the submission root, through `..` or a symlink', () => {
    const outside = repo({ 'secret.png': 'x', 'dir/inner.png': 'x' });
    const root = repo({ 'lab4/ok.png': 'x' });
    symlinkSync(path.join(outside, 'secret.png'), path.join(root, 'lab4', 'link.png'));
    symlinkSync(path.join(outside, 'dir'), path.join(root, 'lab4', 'linkdir'));
    const md = `![](../../${path.basename(outside)}/secret.png)\n![](${path.join(outside, 'secret.png')})\n![](link.png)`;
    const found = findImages(root, path.join(root, 'lab4'), md);
    expect(found.filter((t) => t.kind === 'local').map((t) => t.path)).toEqual(['ok.png']);
    for (const t of found)
      if (t.kind === 'local') expect(path.relative(root, t.abs).startsWith('..')).toBe(false);
  });
});

describe('GitHub URLs', () => {
  it("knows GitHub's upload service (any scheme: fetch.ts insists on https)", () => {
    expect(isUploadServiceUrl(new URL('https://user-images.githubusercontent.com/1/a.png'))).toBe(true);
    expect(isUploadServiceUrl(new URL('https://github.com/user-attachments/assets/x'))).toBe(true);
    expect(isUploadServiceUrl(new URL('https://github.com/st/repo/blob/main/a.png'))).toBe(false);
    expect(isUploadServiceUrl(new URL('https://user-images.githubusercontent.com.evil.io/a.png'))).toBe(
      false,
    );
  });

  it('reads the path of blob, raw and raw.githubusercontent.com URLs', () => {
    expect(repoPathOfGitHubUrl(new URL('https://github.com/o/r/blob/main/lab4/a%20b.png'))).toBe(
      'lab4/a b.png',
    );
    expect(repoPathOfGitHubUrl(new URL('https://github.com/o/r/raw/main/a.png'))).toBe('a.png');
    expect(repoPathOfGitHubUrl(new URL('https://raw.githubusercontent.com/o/r/main/x/a.png'))).toBe(
      'x/a.png',
    );
    expect(repoPathOfGitHubUrl(new URL('https://github.com/o/r/tree/main/x'))).toBeUndefined();
  });
});
