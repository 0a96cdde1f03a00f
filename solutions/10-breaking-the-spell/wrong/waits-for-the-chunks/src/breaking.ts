// Wrong on purpose: each copy checks the signal only between chunks, so the
// spell breaks when the chunks in hand are finished, seconds too late.
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import type { BreakOptions } from '../../../src/breaking.ts';

export type { BreakOptions } from '../../../src/breaking.ts';

export async function sumPrimesWithDeadline(limit: number, options: BreakOptions = {}): Promise<number> {
  const copies = options.copies ?? os.availableParallelism();
  if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(copies) || copies < 1) {
    throw new RangeError('bad arguments');
  }
  if (options.deadlineMs !== undefined && !(options.deadlineMs >= 0)) throw new RangeError('bad deadline');
  const deadline = options.deadlineMs === undefined ? Infinity : performance.now() + options.deadlineMs;
  const broken = () => options.signal?.aborted === true || performance.now() >= deadline;
  if (broken()) throw new DOMException('aborted', 'AbortError');

  const pool = new Tinypool({
    filename: tsWorker(new URL('../../../src/sum-range-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  const chunks = copies * 8;
  let next = 0;
  let total = 0;
  async function copy(): Promise<void> {
    while (next < chunks) {
      if (broken()) throw new DOMException('broken', 'AbortError');
      const i = next;
      next += 1;
      total += (await pool.run([
        Math.floor((limit * i) / chunks),
        Math.floor((limit * (i + 1)) / chunks),
      ])) as number;
    }
  }
  try {
    await Promise.all(Array.from({ length: copies }, copy));
    if (broken()) throw new DOMException('broken', 'AbortError');
    return total;
  } finally {
    await pool.destroy();
  }
}
