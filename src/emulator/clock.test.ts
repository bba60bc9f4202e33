import { describe, expect, it } from 'vitest';
import { SimClock } from './clock.ts';

describe('SimClock', () => {
  it('scales delays by timeFactor', () => {
    expect(new SimClock({ timeFactor: 0.01 }).delay(60)).toBe(600);
    expect(new SimClock({ timeFactor: 1 }).delay(2.5)).toBe(2500);
    expect(new SimClock({ timeFactor: 0 }).delay(600)).toBe(0);
  });

  it('rejects a negative timeFactor', () => {
    expect(() => new SimClock({ timeFactor: -1 })).toThrow(RangeError);
  });

  it('reports the pinned wall clock', () => {
    const fixed = new Date('2024-12-04T10:00:00Z');
    expect(new SimClock({ timeFactor: 0, now: () => fixed }).now()).toBe(fixed);
  });

  it('runs timers and forgets them once fired', async () => {
    const clock = new SimClock({ timeFactor: 0 });
    const fired = await new Promise<string>((resolve) => clock.after(5, () => resolve('done')));
    expect(fired).toBe('done');
    expect(clock.pending()).toBe(0);
  });

  it('cancels single timers and, with stopAll, every pending one and every later one', async () => {
    const clock = new SimClock({ timeFactor: 0 });
    const calls: string[] = [];
    const a = clock.setTimeout(() => calls.push('a'), 0);
    clock.setTimeout(() => calls.push('b'), 0);
    clock.clearTimeout(a);
    expect(clock.pending()).toBe(1);
    clock.stopAll();
    clock.setTimeout(() => calls.push('c'), 0);
    expect(clock.pending()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toEqual([]);
  });
});
