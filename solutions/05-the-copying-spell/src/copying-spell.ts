/**
 * Chapter 5 — The Copying Spell (reference solution).
 *
 * @module
 */
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import type { Range } from './prime-worker.ts';

/** See chapter 4: past this limit the sum would no longer be exact. */
const MAX_EXACT_LIMIT = 500_000_000;

/** Options for {@link sumPrimesInParallel}. */
export interface CopyOptions {
  /** How many worker threads (copies) to make. Default: the number of cores. */
  copies?: number;
  /** How many pieces to cut the range into. Default: 8 per copy. */
  chunks?: number;
}

function wholeNumber(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${value}`);
  }
}

/**
 * The sum of the primes below `limit`, computed by a pool of worker threads.
 *
 * The range is cut into more chunks than there are copies. Numbers get
 * dearer to test as they grow (trial division goes up to √n), so a few equal
 * halves would leave the copy with the low half idle while the other
 * finishes; many small chunks let whichever copy is free take the next one.
 */
export async function sumPrimesInParallel(limit: number, options: CopyOptions = {}): Promise<number> {
  wholeNumber(limit, 'limit', 0);
  if (limit > MAX_EXACT_LIMIT) throw new RangeError(`limit must be at most ${MAX_EXACT_LIMIT}, got ${limit}`);
  const copies = options.copies ?? os.availableParallelism();
  wholeNumber(copies, 'copies', 1);
  const chunks = options.chunks ?? copies * 8;
  wholeNumber(chunks, 'chunks', 1);

  const ranges: Range[] = Array.from({ length: chunks }, (_, i) => ({
    from: Math.floor((limit * i) / chunks),
    to: Math.floor((limit * (i + 1)) / chunks),
  }));

  const pool = new Tinypool({
    filename: tsWorker(new URL('./prime-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    const sums = (await Promise.all(ranges.map((range) => pool.run(range)))) as number[];
    return sums.reduce((total, sum) => total + sum, 0);
  } finally {
    // Every copy is dismissed before we answer: no thread outlives the call.
    await pool.destroy();
  }
}
