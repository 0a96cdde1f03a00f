// Correct, another way: the bit-set segments of sieve-worker.ts, on this
// thread and on a Tinypool of `copies` threads with three spans per copy.
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import sumSpan from './sieve-worker.ts';

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) {
    throw new RangeError(`limit must be a whole number from 0 to 500 000 000, got ${limit}`);
  }
}

export function sumPrimesBelowSieve(limit: number): number {
  checkLimit(limit);
  return sumSpan({ from: 0, to: limit });
}

export async function sumPrimesBelowSieveInParallel(
  limit: number,
  options: { copies?: number } = {},
): Promise<number> {
  checkLimit(limit);
  const copies = options.copies ?? os.availableParallelism();
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`copies must be a whole number ≥ 1`);
  const parts = copies * 3;
  const pool = new Tinypool({
    filename: tsWorker(new URL('./sieve-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    const sums = (await Promise.all(
      Array.from({ length: parts }, (_, i) =>
        pool.run({ from: Math.floor((limit * i) / parts), to: Math.floor((limit * (i + 1)) / parts) }),
      ),
    )) as number[];
    return sums.reduce((total, sum) => total + sum, 0);
  } finally {
    await pool.destroy();
  }
}
