import { describe, expect, it, vi } from 'vitest';
import { progressFor, spinnerProgress } from './progress.ts';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return {
    writes,
    stream: { isTTY, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream,
  };
}

describe('progress on a terminal', () => {
  it('draws a spinner with the step and its elapsed time, then a final line', () => {
    vi.useFakeTimers();
    try {
      const { writes, stream } = fakeStream(true);
      const p = spinnerProgress(stream);
      p.started('rollout', 'wait for the rollout');
      vi.advanceTimersByTime(1_250);
      expect(writes.at(-1)).toMatch(/^\r\x1b\[2K. rollout: wait for the rollout \d+\.\ds$/);
      p.ended('rollout', 'ok', 61_000, '2/2 replicas available');
      expect(writes.at(-1)).toBe('✔ rollout (61.0s) 2/2 replicas available\n');
      const count = writes.length;
      vi.advanceTimersByTime(1_000);
      expect(writes.length).toBe(count);
    } finally {
      vi.useRealTimers();
    }
  });

  it('uses plain lines when stderr is not a terminal (CI)', () => {
    const { writes, stream } = fakeStream(false);
    progressFor(stream).started('cluster', 'provision');
    expect(writes[0]).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] ▶ cluster: provision\n$/);
  });
});
