/**
 * A deduplicating work queue driven by the SimClock: store events only mark keys dirty, the
 * reconcile runs once per key on the next tick (so a burst of writes costs one pass).
 */
import type { SimClock, TimerHandle } from '../clock.ts';

export class WorkQueue {
  private readonly dirty = new Set<string>();
  private scheduled: TimerHandle | undefined;
  private readonly delayed = new Map<string, TimerHandle>();
  private stopped = false;

  constructor(
    private readonly clock: SimClock,
    private readonly handler: (key: string) => void,
    private readonly name: string,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.dirty.add(key);
    if (this.scheduled === undefined) this.scheduled = this.clock.setTimeout(() => this.flush(), 0);
  }

  /** Re-queues `key` after an emulated delay (real seconds, scaled); a later call replaces an earlier one. */
  addAfter(key: string, realSeconds: number, floorMs = 0): void {
    if (this.stopped) return;
    this.clock.clearTimeout(this.delayed.get(key));
    this.delayed.set(
      key,
      this.clock.after(
        realSeconds,
        () => {
          this.delayed.delete(key);
          this.add(key);
        },
        floorMs,
      ),
    );
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.scheduled);
    for (const handle of this.delayed.values()) this.clock.clearTimeout(handle);
    this.delayed.clear();
    this.dirty.clear();
  }

  private flush(): void {
    this.scheduled = undefined;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        this.handler(key);
      } catch (err) {
        console.error(`${this.name} controller failed on ${key}:`, err);
      }
    }
  }
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function splitKey(key: string): [string | undefined, string] {
  const slash = key.indexOf('/');
  return slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
}
