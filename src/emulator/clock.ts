/**
 * The emulator's time source: real wall-clock time for timestamps, emulated delays scaled by
 * `timeFactor`, and every pending timer tracked so `stopAll()` leaves nothing behind.
 */

export interface SimClockOptions {
  timeFactor: number;
  /** Wall clock for timestamps; tests may pin it. */
  now?: () => Date;
}

export type TimerHandle = number;

export class SimClock {
  readonly timeFactor: number;
  private readonly nowFn: () => Date;
  private readonly timers = new Map<TimerHandle, ReturnType<typeof setTimeout>>();
  private nextHandle = 1;
  private stopped = false;

  constructor(opts: SimClockOptions) {
    if (!Number.isFinite(opts.timeFactor) || opts.timeFactor < 0) {
      throw new RangeError(`timeFactor must be a finite number >= 0, got ${opts.timeFactor}`);
    }
    this.timeFactor = opts.timeFactor;
    this.nowFn = opts.now ?? (() => new Date());
  }

  now(): Date {
    return this.nowFn();
  }

  /** Milliseconds to wait for something that takes `realSeconds` on a real cluster. */
  delay(realSeconds: number): number {
    return Math.max(0, realSeconds * 1000 * this.timeFactor);
  }

  /** Runs `fn` after `ms` real milliseconds unless cancelled or the clock is stopped. */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = this.nextHandle++;
    if (this.stopped) return handle;
    const timer = setTimeout(() => {
      this.timers.delete(handle);
      fn();
    }, ms);
    this.timers.set(handle, timer);
    return handle;
  }

  /** `setTimeout(fn, delay(realSeconds))`. A floor (ms) keeps retry loops from spinning when timeFactor is 0. */
  after(realSeconds: number, fn: () => void, floorMs = 0): TimerHandle {
    return this.setTimeout(fn, Math.max(floorMs, this.delay(realSeconds)));
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    const timer = this.timers.get(handle);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(handle);
  }

  /** Number of timers still pending. */
  pending(): number {
    return this.timers.size;
  }

  /** Cancels every pending timer; later `setTimeout` calls are ignored. */
  stopAll(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
