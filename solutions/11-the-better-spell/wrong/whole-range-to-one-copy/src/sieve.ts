// Wrong on purpose: a pool of `copies` threads and one span per copy, but the
// first span is the whole range and the others are empty: the threads all
// start, and one of them does all the sieving.
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
  const copies = options.copies ?? 2;
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`bad copies ${copies}`);
  const spans = Array.from({ length: copies }, (_, i) =>
    i === 0 ? { from: 0, to: limit } : { from: limit, to: limit },
  );
  const pool = new Tinypool({
    filename: tsWorker(new URL('../../../src/sieve-worker.ts', import.meta.url)),
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
