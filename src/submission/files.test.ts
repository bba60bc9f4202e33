import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTree } from '../testing/submission-tree.ts';
import { collectFiles, decodeText } from './files.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function tree(files: Record<string, string | Buffer>) {
  const t = makeTree(files);
  cleanups.push(t.cleanup);
  return t.root;
}

describe('collectFiles', () => {
  it('lists regular files breadth-first with texts for YAML and Markdown, skipping images and .git', async () => {
    const root = tree({
      'README.md': '# r',
      'pool.yaml': 'kind: IPPool\n',
      'notes.txt': 'hello',
      'images/shot.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
      'images/pods.yml': 'a: 1\n',
      '.git/config': 'x',
      'node_modules/m/index.js': 'x',
    });
    const { files, findings } = await collectFiles(root);
    expect(files.map((f) => [f.path, f.text])).toEqual([
      ['README.md', '# r'],
      ['notes.txt', undefined],
      ['pool.yaml', 'kind: IPPool\n'],
      ['images/pods.yml', 'a: 1\n'],
    ]);
    expect(findings).toEqual([]);
  });

  it('skips files over 1 MiB and binary files with a finding', async () => {
    const root = tree({
      'big.yaml': `a: ${'x'.repeat(1024 * 1024)}\n`,
      'tool.bin': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]),
      'ok.md': 'fine',
    });
    const { files, findings } = await collectFiles(root);
    expect(files.map((f) => f.path)).toEqual(['ok.md']);
    expect(findings).toEqual([
      {
        severity: 'warning',
        file: 'big.yaml',
        message: 'big.yaml is 1048580 bytes, over the 1 MiB limit; not read',
        unread: true,
      },
      { severity: 'info', file: 'tool.bin', message: expect.stringMatching(/binary/) },
    ]);
  });

  it('does not follow a symlink that leads outside the submission', async () => {
    const outside = tree({ 'secret.yaml': 'kind: Secret\n', 'dir/x.yaml': 'a: 1\n' });
    const root = tree({ 'lab4/pool.yaml': 'kind: IPPool\n', 'shared.yaml': 'kind: ConfigMap\n' });
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'lab4/secret.yaml'));
    symlinkSync(path.join(outside, 'dir'), path.join(root, 'lab4/dir'));
    symlinkSync(path.join(root, 'shared.yaml'), path.join(root, 'lab4/shared.yaml'));
    symlinkSync(path.join(root, 'missing.yaml'), path.join(root, 'lab4/broken.yaml'));
    symlinkSync(path.join(root, 'lab4'), path.join(root, 'lab4/loop'));
    const { files, findings } = await collectFiles(path.join(root, 'lab4'), { boundary: root });
    expect(files.map((f) => [f.path, f.text])).toEqual([
      ['pool.yaml', 'kind: IPPool\n'],
      ['shared.yaml', 'kind: ConfigMap\n'],
    ]);
    expect(findings.map((f) => [f.severity, f.file, f.message])).toEqual([
      ['info', 'broken.yaml', 'broken symlink skipped'],
      ['warning', 'dir', 'symlink points outside the submission; not followed'],
      ['warning', 'secret.yaml', 'symlink points outside the submission; not followed'],
    ]);
  });

  it('bounds the number of files and the depth', async () => {
    const files: Record<string, string> = { 'a/b/c/d/e/deep.md': 'x', 'a/b/c/d/ok.md': 'x' };
    for (let i = 0; i < 12; i++) files[`f${String(i).padStart(2, '0')}.md`] = 'x';
    const root = tree(files);
    const few = await collectFiles(root, { maxFiles: 5 });
    expect(few.files.map((f) => f.path)).toEqual(['f00.md', 'f01.md', 'f02.md', 'f03.md', 'f04.md']);
    expect(few.findings.map((f) => f.message)).toEqual([
      'more than 5 files: 8 not read, among them 8 Markdown/YAML/JSON file(s): f05.md, f06.md, f07.md, …',
      'folders more than 4 levels deep were not read',
    ]);
    const all = await collectFiles(root);
    expect(all.files.map((f) => f.path)).toContain('a/b/c/d/ok.md');
    expect(all.files.map((f) => f.path)).not.toContain('a/b/c/d/e/deep.md');
    expect(all.findings.map((f) => f.message)).toEqual(['folders more than 4 levels deep were not read']);
  });

  it('reads Markdown, YAML and JSON first when the cap bites, and says what it left out', async () => {
    const files: Record<string, string> = {
      'report.md': 'r',
      'pool.yaml': 'p',
      'svc.json': '{}',
      'z.txt': 'z',
    };
    for (let i = 0; i < 30; i++) files[`${String(i).padStart(3, '0')}.txt`] = '';
    const root = tree(files);
    const { files: read, findings } = await collectFiles(root, { maxFiles: 5 });
    expect(read.map((f) => f.path)).toEqual(['000.txt', '001.txt', 'pool.yaml', 'report.md', 'svc.json']);
    expect(findings).toEqual([
      {
        severity: 'info',
        file: '',
        message:
          'more than 5 files: 29 other file(s) not read (002.txt, 003.txt, 004.txt, …); every Markdown, YAML and JSON file was read',
        unread: true,
      },
    ]);
  });

  it('decodes UTF-16 without a BOM and names a report that is not text', async () => {
    const root = tree({
      'report.md': Buffer.from('Lab: Lab4\n', 'utf16le'),
      'svc.yaml': Buffer.from('kind: Service\n', 'utf16le').swap16(),
      'bad.md': Buffer.from([0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x03, 0x04]),
    });
    const { files, findings } = await collectFiles(root);
    expect(files.map((f) => [f.path, f.text])).toEqual([
      ['report.md', 'Lab: Lab4\n'],
      ['svc.yaml', 'kind: Service\n'],
    ]);
    expect(findings).toEqual([
      {
        severity: 'warning',
        file: 'bad.md',
        message: 'bad.md is not text (NUL bytes that are not UTF-16); not read — save it as UTF-8',
        unread: true,
      },
      {
        severity: 'info',
        file: 'report.md',
        message: 'report.md is UTF-16LE without a byte-order mark; read as such (UTF-8 is safer)',
      },
      {
        severity: 'info',
        file: 'svc.yaml',
        message: 'svc.yaml is UTF-16BE without a byte-order mark; read as such (UTF-8 is safer)',
      },
    ]);
  });

  it('reads an empty folder', async () => {
    const root = tree({});
    mkdirSync(path.join(root, 'empty'));
    writeFileSync(path.join(root, 'empty.md'), '');
    expect((await collectFiles(root)).files).toEqual([
      { path: 'empty.md', absPath: path.join(root, 'empty.md'), size: 0, text: '' },
    ]);
  });
});

describe('decodeText', () => {
  it('drops a UTF-8 BOM and reads UTF-16 with a BOM', () => {
    expect(decodeText(Buffer.from('\ufeffkind: Pod', 'utf8'))).toBe('kind: Pod');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: Pod', 'utf16le')]))).toBe(
      'kind: Pod',
    );
    const be = Buffer.from('kind', 'utf16le').swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe('kind');
  });
  it('calls a NUL byte binary', () => {
    expect(decodeText(Buffer.from([0x61, 0x00, 0x62]))).toBeNull();
  });
});
