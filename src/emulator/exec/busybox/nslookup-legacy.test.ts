/**
 * Which busybox images print the pre-1.29 nslookup format (/work/shared/reference/container-tools-output.md §3:
 * "Old busybox (<=1.28, e.g. busybox:1.28 image) has a different format"). The format itself is
 * checked end to end with the real kubectl in src/emulator/api/portforward-attach.kubectl.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { isLegacyBusybox } from './nslookup-legacy.ts';

describe('isLegacyBusybox', () => {
  it('is busybox up to 1.28 only', () => {
    const legacy = (image: string, kind: 'busybox' | 'alpine' = 'busybox') =>
      isLegacyBusybox({ image, kind });
    expect(legacy('busybox:1.28')).toBe(true);
    expect(legacy('busybox:1.28.4-uclibc')).toBe(true);
    expect(legacy('docker.io/library/busybox:1.27.2')).toBe(true);
    expect(legacy('busybox:1.29')).toBe(false);
    expect(legacy('busybox:1.36')).toBe(false);
    expect(legacy('busybox')).toBe(false);
    expect(legacy('alpine:1.28', 'alpine')).toBe(false);
  });
});
