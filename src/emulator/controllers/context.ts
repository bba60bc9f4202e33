/** What every controller gets besides the store: options, the clock, seeded randomness, events. */

import type { SimClock } from '../clock.ts';
import type { SimOptions } from '../config.ts';
import { derivedPrng } from '../network/prng.ts';
import type { ClusterStore } from '../store/types.ts';
import { EventRecorder } from './events.ts';
import type { ContainerProcesses } from './processes.ts';

export interface ControllerContext {
  opts: SimOptions;
  clock: SimClock;
  /** An independent seeded stream per purpose (names, IPs, ...): stable given opts.seed. */
  random(purpose: string): () => number;
  events: EventRecorder;
  /** Containers' own commands (pods that run to completion); absent: every container runs on. */
  processes?: ContainerProcesses;
}

/** A controller subscribes to the store, reacts, and returns its stop function. */
export type Controller = (store: ClusterStore, ctx: ControllerContext) => () => void;

export function createContext(
  store: ClusterStore,
  opts: SimOptions,
  clock: SimClock,
  processes?: ContainerProcesses,
): ControllerContext {
  const seed = opts.seed ?? 1;
  const streams = new Map<string, () => number>();
  const random = (purpose: string): (() => number) => {
    let stream = streams.get(purpose);
    if (!stream) {
      stream = derivedPrng(seed, `controllers:${purpose}`);
      streams.set(purpose, stream);
    }
    return stream;
  };
  return { opts, clock, random, events: new EventRecorder(store, clock, random('events')), processes };
}
