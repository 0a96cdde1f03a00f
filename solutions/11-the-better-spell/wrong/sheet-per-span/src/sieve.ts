// Wrong on purpose: the one-thread sieve is the reference's, segment by
// segment; the copies each sieve a span on one sheet as long as the span.
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';

export { sumPrimesBelowSieve } from '../../../src/sieve.ts';

export async function sumPrimesBelowSieveInParallel(
  limit: number,
  options: { copies?: number } = {},
): Promise<number> {
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) {
    throw new RangeError(`bad limit ${limit}`);
  }
  const copies = options.copies ?? os.availableParallelism();
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`bad copies ${copies}`);
  const parts = copies * 4;
  const spans = Array.from({ length: parts }, (_, i) => ({
    from: Math.floor((limit * i) / parts),
    to: Math.floor((limit * (i + 1)) / parts),
  }));
  const pool = new Tinypool({
    filename: tsWorker(new URL('./sheet-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    const sums = (await Promise.all(spans.map((span) => pool.run(span)))) as number[];
    return sums.reduce((total, sum) => total + sum, 0);
  } finally {
    await pool.destroy();
  }
}
