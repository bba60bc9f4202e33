import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './main.ts';
import { ocrOptionsOf } from './ocr-options.ts';

describe('ocrOptionsOf', () => {
  it('turns the flags into the OCR engine options', () => {
    expect(ocrOptionsOf({ ocr: false, jobs: '8', cacheDir: '/c' })).toEqual({ noOcr: true });
    expect(ocrOptionsOf({ ocr: true }, 8)).toEqual({
      noOcr: false,
      jobs: 2,
      cacheDir: undefined,
      fetchImages: false,
    });
    expect(ocrOptionsOf({ ocr: true }, 1).jobs).toBe(1);
    expect(ocrOptionsOf({ jobs: '64' }, 4).jobs).toBe(4);
    expect(ocrOptionsOf({ ocr: true, jobs: '3', cacheDir: 'rel/dir', fetchImages: true }, 8)).toEqual({
      noOcr: false,
      jobs: 3,
      cacheDir: path.resolve('rel/dir'),
      fetchImages: true,
    });
  });

  it('refuses bad values as RangeError (the commands make them usage errors)', () => {
    expect(() => ocrOptionsOf({ jobs: '0' })).toThrow(RangeError);
    expect(() => ocrOptionsOf({ jobs: 'two' })).toThrow(RangeError);
    expect(() => ocrOptionsOf({ cacheDir: ' ' })).toThrow(RangeError);
  });
});

describe('the screenshot flags', () => {
  it('are on check: --no-ocr, --cache-dir, --fetch-images, and --jobs', () => {
    const command = buildProgram().commands.find((c) => c.name() === 'check');
    const flags = command?.options.map((o) => o.long);
    expect(flags).toEqual(expect.arrayContaining(['--no-ocr', '--cache-dir', '--fetch-images', '--jobs']));
    command?.parseOptions(['--no-ocr', '--cache-dir', '/tmp/c', '--fetch-images']);
    expect(command?.opts()).toMatchObject({ ocr: false, cacheDir: '/tmp/c', fetchImages: true });
  });

  it('are not on grade: a live grade reads no screenshots (the cluster shows what they would)', () => {
    const command = buildProgram().commands.find((c) => c.name() === 'grade');
    const flags = command?.options.map((o) => o.long);
    expect(flags).not.toContain('--no-ocr');
    expect(flags).not.toContain('--fetch-images');
  });
});
