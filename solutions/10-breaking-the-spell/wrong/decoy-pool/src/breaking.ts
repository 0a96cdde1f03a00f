// Wrong on purpose: it makes a Tinypool of `copies` threads and gives each an
// empty range, so the pool looks used, but sums the real range on the main
// thread, a slice at a time between timers so that it can still be stopped.
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import type { BreakOptions } from '../../../src/breaking.ts';

export type { BreakOptions } from '../../../src/breaking.ts';

function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

export async function sumPrimesWithDeadline(limit: number, options: BreakOptions = {}): Promise<number> {
  const copies = options.copies ?? os.availableParallelism();
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) throw new RangeError('bad limit');
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError('bad copies');
  const { deadlineMs, signal } = options;
  if (deadlineMs !== undefined && !(deadlineMs >= 0 && Number.isFinite(deadlineMs))) {
    throw new RangeError('bad deadline');
  }
  if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
  const started = performance.now();
  const broken = () =>
    signal?.aborted === true || (deadlineMs !== undefined && performance.now() - started >= deadlineMs);

  const pool = new Tinypool({
    filename: tsWorker(new URL('../../../src/sum-range-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    // The decoys: one empty range per thread.
    await Promise.all(Array.from({ length: copies }, () => pool.run([0, 0])));
    let sum = 0;
    for (let from = 0; from < limit; from += 20_000) {
      if (broken()) throw new DOMException('broken', 'AbortError');
      for (let n = from; n < Math.min(limit, from + 20_000); n += 1) if (isPrime(n)) sum += n;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return sum;
  } finally {
    await pool.destroy();
  }
}
