/**
 * Chapter 5 — The Copying Spell.
 *
 * Master Fenwick makes copies of himself, each taking a part of the numbers.
 * In Node, the copies are worker threads, kept in a Tinypool pool.
 *
 * @module Exercise 5: The Copying Spell
 */
// These are the imports the solution needs; use them as you like.
// import os from 'node:os';
// import { tsWorker } from '@spellbook/ts-worker';
// import { Tinypool } from 'tinypool';

/** Options for {@link sumPrimesInParallel}. */
export interface CopyOptions {
  /** How many worker threads (copies) to make: a whole number ≥ 1. Default: `os.availableParallelism()`. */
  copies?: number;
  /** How many pieces to cut the range into: a whole number ≥ 1. Default: 8 per copy. */
  chunks?: number;
}

/**
 * The sum of the primes below `limit` (exclusive), computed by a pool of
 * worker threads.
 *
 * - It uses tinypool, with `copies` threads, and gives each thread chunks of
 *   the range to sum through the worker module in `./prime-worker.ts`.
 * - When the promise resolves, the pool has been destroyed: no worker thread
 *   is left running.
 *
 * @param limit - a whole number ≥ 0.
 * @param options - how many copies and chunks; see {@link CopyOptions}.
 * @throws RangeError for a bad `limit`, `copies` or `chunks`.
 *
 * @example
 * ```ts
 * await sumPrimesInParallel(10_000_000, { copies: 2 }); // about twice as fast as one thread, on 2 cores
 * ```
 */
export async function sumPrimesInParallel(limit: number, options: CopyOptions = {}): Promise<number> {
  // TODO: check the arguments (RangeError).
  // TODO: make a Tinypool with `copies` threads running ./prime-worker.ts
  // (through tsWorker), run one task per chunk, add up the results.
  // TODO: destroy the pool before returning, even if a task fails.
  throw new Error('Not implemented: sumPrimesInParallel');
}
