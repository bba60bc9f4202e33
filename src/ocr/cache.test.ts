import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CachedRead, cacheKey, defaultCacheDir, OcrCache } from './cache.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'ocr-cache-'));
  dirs.push(d);
  return d;
}

const READ: CachedRead = {
  text: 'Successfully deleted 1 pool\n',
  confidence: 91.5,
  lines: [
    {
      text: 'Successfully deleted 1 pool',
      confidence: 91.5,
      words: [{ text: 'Successfully', confidence: 95 }],
    },
  ],
  notes: [],
};

describe('defaultCacheDir', () => {
  // XDG Base Directory spec (https://specifications.freedesktop.org/basedir-spec/latest/): a relative
  // $XDG_CACHE_HOME is invalid and ignored. macOS: ~/Library/Caches; Windows: %LOCALAPPDATA%.
  it("is under each platform's user cache folder", () => {
    expect(defaultCacheDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/kube-lab-grader/ocr');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/c' }, 'linux', '/home/u')).toBe('/x/c/kube-lab-grader/ocr');
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'rel' }, 'linux', '/home/u')).toBe(
      '/home/u/.cache/kube-lab-grader/ocr',
    );
    expect(defaultCacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/kube-lab-grader/ocr');
    expect(defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toBe(
      'C:\\Users\\u\\AppData\\Local\\kube-lab-grader\\ocr',
    );
    expect(defaultCacheDir({}, 'win32', 'C:\\Users\\u')).toBe(
      'C:\\Users\\u\\AppData\\Local\\kube-lab-grader\\ocr',
    );
  });
});

describe('OcrCache', () => {
  it('keys by content and recipe', () => {
    const a = Buffer.from('image');
    expect(cacheKey(a, 'r1')).toBe(cacheKey(Buffer.from('image'), 'r1'));
    expect(cacheKey(a, 'r1')).not.toBe(cacheKey(a, 'r2'));
    expect(cacheKey(a, 'r1')).not.toBe(cacheKey(Buffer.from('imagf'), 'r1'));
    expect(cacheKey(a, 'r1')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives back what it stored, and leaves no temporary file', () => {
    const dir = tempDir();
    const cache = new OcrCache(dir);
    const key = cacheKey(Buffer.from('x'), 'r');
    expect(cache.get(key)).toBeUndefined();
    expect(cache.set(key, READ)).toBe(true);
    expect(cache.get(key)).toEqual(READ);
    expect(readdirSync(path.join(dir, key.slice(0, 2)))).toEqual([`${key}.json`]);
  });

  it('ignores a corrupt, truncated, foreign or mismatched entry', () => {
    const dir = tempDir();
    const cache = new OcrCache(dir);
    const key = cacheKey(Buffer.from('x'), 'r');
    const file = path.join(dir, key.slice(0, 2), `${key}.json`);
    mkdirSync(path.dirname(file), { recursive: true });
    const good = JSON.stringify({ format: 1, key, read: READ });
    for (const bad of [
      'not json',
      good.slice(0, good.length / 2),
      JSON.stringify({ format: 1, key: 'other', read: READ }),
      JSON.stringify({ format: 2, key, read: READ }),
      JSON.stringify({ format: 1, key, read: { ...READ, lines: [{ text: 1 }] } }),
      JSON.stringify({ format: 1, key, read: null }),
    ]) {
      writeFileSync(file, bad);
      expect(cache.get(key)).toBeUndefined();
    }
    writeFileSync(file, good);
    expect(cache.get(key)).toEqual(READ);
  });

  it('reports a folder it cannot write instead of throwing', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'file'), '');
    // A path under a regular file can never be created, whoever runs the test (root included).
    expect(new OcrCache(path.join(dir, 'file', 'sub')).set(cacheKey(Buffer.from('x'), 'r'), READ)).toBe(
      false,
    );
  });
});
