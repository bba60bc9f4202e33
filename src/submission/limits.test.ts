import { describe, expect, it } from 'vitest';
import { formatBytes, tooLargeMessage } from './limits.ts';

describe('size messages', () => {
  it('formats sizes rounded down, so a file over a limit never reads as the limit', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(12 * 1024 + 1000)).toBe('12 KiB');
    expect(formatBytes(1024 * 1024)).toBe('1 MiB');
    expect(formatBytes(1.36 * 1024 * 1024)).toBe('1.3 MiB');
  });
  it('names the file, its size and the limit', () => {
    expect(tooLargeMessage('report.md', 1.3 * 1024 * 1024, 1024 * 1024)).toBe(
      'report.md is 1.3 MiB, over the 1 MiB limit; not read',
    );
    expect(tooLargeMessage('a.yaml', 1024 * 1024 + 5, 1024 * 1024)).toBe(
      'a.yaml is 1048581 bytes, over the 1 MiB limit; not read',
    );
  });
});
