// Wrong on purpose: the promise rejects on time, but the pool is left
// running; it is only destroyed two seconds later. Rejecting is not stopping.
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
  if (options.signal?.aborted) throw new DOMException('aborted', 'AbortError');
  const pool = new Tinypool({
    filename: tsWorker(new URL('../../../src/sum-range-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  const chunks = copies * 8;
  const work = Promise.all(
    Array.from(
      { length: chunks },
      (_, i) =>
        pool.run([
          Math.floor((limit * i) / chunks),
          Math.floor((limit * (i + 1)) / chunks),
        ]) as Promise<number>,
    ),
  );
  const broken = new Promise<never>((_resolve, reject) => {
    const fail = () => reject(new DOMException('broken', 'AbortError'));
    options.signal?.addEventListener('abort', fail, { once: true });
    if (options.deadlineMs !== undefined) setTimeout(fail, options.deadlineMs);
  });
  try {
    const parts = await Promise.race([work, broken]);
    await pool.destroy();
    return parts.reduce((total, sum) => total + sum, 0);
  } catch (error) {
    work.catch(() => undefined);
    setTimeout(() => void pool.destroy(), 2_000);
    throw error;
  }
}
