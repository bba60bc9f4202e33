import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OcrPool, pageOf, watchSignals } from './pool.ts';

afterEach(() => vi.restoreAllMocks());

describe('watchSignals', () => {
  it('stops the workers on SIGINT/SIGTERM and leaves the exit to the signal owner', () => {
    // During a live grade src/cluster/cleanup.ts trapSignals owns the signals: here, `owner`.
    const owner = vi.fn();
    process.on('SIGTERM', owner);
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    const stop = vi.fn();
    const unwatch = watchSignals(stop);
    try {
      process.emit('SIGTERM', 'SIGTERM');
      expect(stop).toHaveBeenCalledTimes(1);
      expect(owner).toHaveBeenCalledTimes(1);
      expect(kill).not.toHaveBeenCalled();
    } finally {
      unwatch();
      process.off('SIGTERM', owner);
    }
    expect(process.listeners('SIGINT')).not.toContain(stop);
  });

  it('raises the signal again when nobody else listens, so the process ends as it would have', () => {
    const before = process.listeners('SIGINT');
    for (const l of before) process.off('SIGINT', l);
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    const stop = vi.fn();
    watchSignals(stop);
    try {
      process.emit('SIGINT', 'SIGINT');
      expect(stop).toHaveBeenCalledTimes(1);
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGINT');
      expect(process.listenerCount('SIGINT')).toBe(0); // removed before raising again
    } finally {
      for (const l of before) process.on('SIGINT', l);
    }
  });
});

describe('OcrPool', () => {
  it('starts no worker until there is work, and refuses work once closed', async () => {
    const pool = new OcrPool({ jobs: 2, signals: false });
    expect(pool.started).toBe(0);
    await pool.close();
    await expect(pool.recognize(Buffer.alloc(0))).rejects.toThrow('the OCR pool is closed');
    await pool.close(); // twice is fine
  });

  it('gives up on an image after the time limit and replaces the worker', async () => {
    const image = readFileSync(
      path.join(import.meta.dirname, '../../fixtures/screenshots/delete-light-mono-2x.png'),
    );
    const pool = new OcrPool({ jobs: 1, signals: false, timeoutMs: 1 });
    try {
      await expect(pool.recognize(image)).rejects.toThrow('took longer than 0 s');
      expect(pool.started).toBe(0); // retired: the next image gets a fresh worker
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('pageOf', () => {
  it("flattens tesseract's blocks into lines with their words and rounded confidences", () => {
    const word = (text: string, confidence: number) => ({ text, confidence });
    expect(
      pageOf({
        text: 'a b\nc\n',
        confidence: 88.456,
        blocks: [
          {
            paragraphs: [
              { lines: [{ text: 'a  b\n', confidence: 90.04, words: [word('a', 91), word('b', 89.06)] }] },
              { lines: [{ text: 'c\n\n', confidence: 70, words: [word('c', 70)] }] },
            ],
          },
        ],
      }),
    ).toEqual({
      text: 'a b\nc\n',
      confidence: 88.5,
      lines: [
        { text: 'a  b', confidence: 90, words: [word('a', 91), word('b', 89.1)] },
        { text: 'c', confidence: 70, words: [word('c', 70)] },
      ],
    });
    expect(pageOf({ text: '', confidence: 0, blocks: null }).lines).toEqual([]);
  });
});
