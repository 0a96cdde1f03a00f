/**
 * Chapter 10 — Breaking the Spell.
 *
 * A spell that can be stopped: a deadline, or an `AbortSignal`, ends the sum
 * at once with an `AbortError`, and no worker thread goes on computing a
 * result nobody will read.
 *
 * @module Exercise 10: Breaking the Spell
 */
// These are the imports the solution needs; use them as you like.
// import os from 'node:os';
// import { tsWorker } from '@spellbook/ts-worker';
// import { Tinypool } from 'tinypool';

/** Options for {@link sumPrimesWithDeadline}. */
export interface BreakOptions {
  /**
   * Give up this many milliseconds after the call: a whole number from 0 to 2 147 483 647, because Node's timers
   * run any longer delay after 1 ms.
   */
  deadlineMs?: number;
  /** Give up when this signal is aborted. */
  signal?: AbortSignal;
  /** How many worker threads to use: a whole number ≥ 1. Default: `os.availableParallelism()`. */
  copies?: number;
}

/**
 * The sum of the primes below `limit`, on a Tinypool of `copies` worker
 * threads running `./sum-range-worker.ts`, that can be broken off.
 *
 * - When `deadlineMs` passes or `signal` is aborted, the promise rejects
 *   with an error whose `name` is `'AbortError'` (a
 *   `new DOMException(message, 'AbortError')`), within 100 ms.
 * - By then every worker thread has been stopped, even in the middle of a
 *   chunk: none may go on computing.
 * - A signal that is already aborted rejects at once, before any work.
 * - With neither, or with a deadline it meets, it resolves to the sum.
 *
 * @param limit - a whole number ≥ 0 (at most 500 000 000, so the sum stays exact).
 * @param options - see {@link BreakOptions}.
 * @throws RangeError for a bad `limit`, `deadlineMs` or `copies`.
 *
 * @example
 * ```ts
 * const moonrise = new AbortController();
 * setTimeout(() => moonrise.abort(), 500);
 * await sumPrimesWithDeadline(50_000_000, { signal: moonrise.signal }); // rejects with an AbortError after ~500 ms
 * ```
 */
export async function sumPrimesWithDeadline(limit: number, options: BreakOptions = {}): Promise<number> {
  // TODO: check the arguments (RangeError); reject at once if the signal is already aborted.
  // TODO: one AbortController for "stop", aborted by the caller's signal or
  // by a setTimeout of deadlineMs, whichever comes first.
  // TODO: cut [0, limit) into chunks, pool.run([from, to], { signal }) for
  // each, and race the sum against the stop signal.
  // TODO: in a finally block, clear the timer, remove your listener from the
  // caller's signal, and destroy the pool: that ends every worker thread.
  throw new Error('Not implemented: sumPrimesWithDeadline');
}
