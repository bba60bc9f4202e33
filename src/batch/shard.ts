/**
 * `--shard i/n`: the part of a class one CI job grades. Shards are numbered from 1 (as in vitest and
 * Playwright); item k of the roster (0-based) goes to shard (k mod n) + 1, so every item lands in
 * exactly one shard, shards differ in size by at most one, and the split does not depend on the
 * machine or on the items' content.
 */
export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export const MAX_SHARDS = 256;

export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ShardError(`--shard must look like i/n (e.g. 1/4), got ${JSON.stringify(text)}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) {
    throw new ShardError(`--shard ${text.trim()}: the shard count must be between 1 and ${MAX_SHARDS}`);
  }
  if (index < 1 || index > count) {
    throw new ShardError(`--shard ${text.trim()}: the shard number must be between 1 and ${count}`);
  }
  return { index, count };
}

/** The items of one shard, each with its index in the whole list (to keep roster order and names). */
export function selectShard<T>(items: readonly T[], shard: Shard): { item: T; index: number }[] {
  const out: { item: T; index: number }[] = [];
  for (let k = shard.index - 1; k < items.length; k += shard.count)
    out.push({ item: items[k] as T, index: k });
  return out;
}
