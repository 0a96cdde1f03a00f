// Correct, another way: the same pool and chunks as the reference, but each
// copy finds the primes of its chunk with a sieve (see ./sieve-worker.ts).
// The tests judge a spell by its own one-copy speed and size the work to what
// the spell costs, so a faster method per chunk passes like trial division.
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';

export interface CopyOptions {
  copies?: number;
  chunks?: number;
}

function wholeNumber(value: number, name: string, least: number): number {
  if (!Number.isInteger(value) || value < least) {
    throw new RangeError(`${name} must be a whole number ≥ ${least}, got ${value}`);
  }
  return value;
}

export async function sumPrimesInParallel(limit: number, options: CopyOptions = {}): Promise<number> {
  wholeNumber(limit, 'limit', 0);
  if (limit > 500_000_000) throw new RangeError(`limit must be at most 500 000 000, got ${limit}`);
  const copies = wholeNumber(options.copies ?? os.availableParallelism(), 'copies', 1);
  const chunks = wholeNumber(options.chunks ?? copies * 8, 'chunks', 1);
  const pool = new Tinypool({
    filename: tsWorker(new URL('./sieve-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    const parts = Array.from({ length: chunks }, (_, i) =>
      pool.run([Math.floor((limit * i) / chunks), Math.floor((limit * (i + 1)) / chunks)]),
    );
    const sums = (await Promise.all(parts)) as number[];
    return sums.reduce((total, part) => total + part, 0);
  } finally {
    await pool.destroy();
  }
}
