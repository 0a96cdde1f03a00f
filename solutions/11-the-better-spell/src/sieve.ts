/**
 * Chapter 11 — The Better Spell (reference solution).
 *
 * @module
 */
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import sumSpan, { type Span } from './sieve-worker.ts';

/**
 * The sum of the primes below 500 000 000 is about 6.4e15, under
 * Number.MAX_SAFE_INTEGER (9.0e15); below 1e9 it would be 2.5e16 and no
 * longer exact.
 */
const MAX_EXACT_LIMIT = 500_000_000;

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_EXACT_LIMIT) {
    throw new RangeError(`limit must be a whole number from 0 to ${MAX_EXACT_LIMIT}, got ${limit}`);
  }
}

/**
 * The sum of the primes below `limit` by a segmented sieve of Eratosthenes:
 * crossing out multiples instead of testing divisors, one 64 Ki-number
 * stretch at a time, so memory stays the same however large the limit.
 */
export function sumPrimesBelowSieve(limit: number): number {
  checkLimit(limit);
  return sumSpan({ from: 0, to: limit });
}

/**
 * The same sum with the stretches shared out among `copies` worker threads.
 * Sieving costs about the same for every stretch, so equal spans balance;
 * a few per copy still help when one thread is slowed by something else.
 */
export async function sumPrimesBelowSieveInParallel(
  limit: number,
  options: { copies?: number } = {},
): Promise<number> {
  checkLimit(limit);
  const copies = options.copies ?? os.availableParallelism();
  if (!Number.isInteger(copies) || copies < 1) {
    throw new RangeError(`copies must be a whole number ≥ 1, got ${copies}`);
  }
  const parts = copies * 4;
  const spans: Span[] = Array.from({ length: parts }, (_, i) => ({
    from: Math.floor((limit * i) / parts),
    to: Math.floor((limit * (i + 1)) / parts),
  }));
  const pool = new Tinypool({
    filename: tsWorker(new URL('./sieve-worker.ts', import.meta.url)),
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
