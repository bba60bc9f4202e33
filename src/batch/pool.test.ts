import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unsafeLines } from '../report/safe-text.ts';
import { estimateEta, formatDuration, type PoolProgress, parseJobs, progressLine, runPool } from './pool.ts';

/** A promise with its resolver, to finish tasks in a chosen order. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('runPool', () => {
  it('never runs more than `jobs` tasks at once, and runs them all', async () => {
    let running = 0;
    let peak = 0;
    const outcomes = await runPool(
      Array.from({ length: 12 }, (_, i) => i),
      async (i) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, (i * 7) % 5));
        running -= 1;
        return i * 10;
      },
      { jobs: 3 },
    );
    expect(peak).toBe(3);
    expect(outcomes.map((o) => (o.status === 'done' ? o.value : null))).toEqual(
      Array.from({ length: 12 }, (_, i) => i * 10),
    );
  });

  it('keeps input order whatever order tasks finish in', async () => {
    const gates = [deferred(), deferred(), deferred()];
    const pending = runPool(
      ['a', 'b', 'c'],
      async (s, i) => {
        await gates[i]?.promise;
        return s.toUpperCase();
      },
      { jobs: 3 },
    );
    gates[2]?.resolve();
    await tick();
    gates[0]?.resolve();
    await tick();
    gates[1]?.resolve();
    const outcomes = await pending;
    expect(outcomes.map((o) => o.status === 'done' && o.value)).toEqual(['A', 'B', 'C']);
  });

  it('turns a throwing task into an ungraded outcome and grades the others', async () => {
    const outcomes = await runPool(
      ['ok', 'boom', 'ok2', 'reject'],
      async (s) => {
        if (s === 'boom') throw Object.assign(new Error('cluster did not start'), { step: 'cluster' });
        if (s === 'reject') return Promise.reject('plain rejection');
        return s;
      },
      { jobs: 2 },
    );
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'ungraded', 'done', 'ungraded']);
    expect(outcomes[1]).toMatchObject({ error: { step: 'cluster', message: 'cluster did not start' } });
    expect(outcomes[3]).toMatchObject({ error: { message: 'plain rejection' }, cause: 'plain rejection' });
  });

  it('reports progress k/N with elapsed time and an ETA from the mean duration', async () => {
    let clock = 0;
    const seen: PoolProgress<number, number>[] = [];
    await runPool(
      [10, 20, 30, 40],
      async (ms) => {
        clock += ms;
        return ms;
      },
      { jobs: 1, now: () => clock, onProgress: (p) => seen.push(p) },
    );
    expect(seen.map((p) => [p.done, p.total, p.index, p.elapsedMs, p.etaMs])).toEqual([
      [1, 4, 0, 10, 30], // mean 10 × 3 left
      [2, 4, 1, 30, 30], // mean 15 × 2 left
      [3, 4, 2, 60, 20], // mean 20 × 1 left
      [4, 4, 3, 100, 0],
    ]);
  });

  it('ignores a progress callback that throws', async () => {
    const outcomes = await runPool([1, 2], async (n) => n, {
      jobs: 1,
      onProgress: () => {
        throw new Error('broken terminal');
      },
    });
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done']);
  });

  it('does not start tasks after the signal aborts; they come out cancelled', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const outcomes = await runPool(
      [0, 1, 2, 3],
      async (i) => {
        started.push(i);
        if (i === 1) controller.abort();
        return i;
      },
      { jobs: 1, signal: controller.signal },
    );
    expect(started).toEqual([0, 1]);
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'ungraded', 'ungraded']);
    expect(outcomes[2]).toMatchObject({ error: { message: 'cancelled' } });
  });

  it('returns nothing for no items and validates jobs', async () => {
    await expect(runPool([], async () => 1, { jobs: 4 })).resolves.toEqual([]);
    await expect(runPool([1], async () => 1, { jobs: 0 })).rejects.toThrow(/--jobs must be between 1 and/);
  });

  it('property: every item gets exactly one outcome, in order, whatever jobs and failures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { maxLength: 20 }),
        fc.integer({ min: 1, max: 8 }),
        async (fails, jobs) => {
          const calls = new Map<number, number>();
          const outcomes = await runPool(
            fails,
            async (fail, i) => {
              calls.set(i, (calls.get(i) ?? 0) + 1);
              await Promise.resolve();
              if (fail) throw new Error(`task ${i}`);
              return i;
            },
            { jobs },
          );
          expect(outcomes).toHaveLength(fails.length);
          outcomes.forEach((o, i) => {
            expect(calls.get(i)).toBe(1);
            if (fails[i]) expect(o).toMatchObject({ status: 'ungraded', error: { message: `task ${i}` } });
            else expect(o).toMatchObject({ status: 'done', value: i });
          });
        },
      ),
    );
  });
});

describe('estimateEta', () => {
  it('is mean × remaining ÷ jobs, using only as many slots as tasks remain', () => {
    expect(estimateEta(60_000, 8, 4)).toBe(120_000);
    expect(estimateEta(60_000, 2, 4)).toBe(60_000);
    expect(estimateEta(60_000, 0, 4)).toBe(0);
  });
});

describe('parseJobs', () => {
  it.each([
    ['1', 1],
    [' 8 ', 8],
    ['64', 64],
  ])('%j → %d', (text, n) => {
    expect(parseJobs(text)).toBe(n);
  });

  it.each(['0', '-1', '1.5', 'four', '', '65', '1e2'])('rejects %j', (text) => {
    expect(() => parseJobs(text)).toThrow(/--jobs/);
  });
});

describe('progressLine', () => {
  it('shows k/N, outcome, durations and the ETA', () => {
    const line = progressLine(
      {
        done: 3,
        total: 40,
        index: 2,
        item: null,
        outcome: { status: 'done', value: null, durationMs: 2_000 },
        elapsedMs: 9_000,
        etaMs: 70_000,
      },
      'alice',
    );
    expect(line).toBe('[3/40] alice graded in 2s, elapsed 9s, about 1m 10s left');
  });

  it('keeps an ungraded error on its line, unable to act as a workflow command', () => {
    const line = progressLine(
      {
        done: 1,
        total: 1,
        index: 0,
        item: null,
        outcome: {
          status: 'ungraded',
          error: { message: 'bad\n::add-mask::secret ##[set-output]' },
          cause: null,
          durationMs: 0,
        },
        elapsedMs: 0,
        etaMs: 0,
      },
      'bob',
    );
    expect(line).not.toContain('\n');
    expect(unsafeLines(line)).toEqual([]);
    expect(line).toBe('[1/1] bob ungraded (bad\\n::add-mask::secret ##\\x5bset-output]) in 0s, elapsed 0s');
  });

  it('shows the outcome it is given in place of "graded", made safe', () => {
    const p = {
      done: 2,
      total: 3,
      index: 1,
      item: null,
      outcome: { status: 'done' as const, value: null, durationMs: 1_000 },
      elapsedMs: 2_000,
      etaMs: 1_000,
    };
    expect(progressLine(p, 'alice', '21/23')).toBe('[2/3] alice 21/23 in 1s, elapsed 2s, about 1s left');
    expect(progressLine(p, 'bob', 'not graded: read: x\n::add-mask::y')).toBe(
      '[2/3] bob not graded: read: x\\n::add-mask::y in 1s, elapsed 2s, about 1s left',
    );
  });

  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59_400)).toBe('59s');
    expect(formatDuration(65_000)).toBe('1m 05s');
  });
});
