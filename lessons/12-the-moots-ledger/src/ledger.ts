/**
 * Chapter 12 — The Moot's Ledger.
 *
 * One pool for the whole Moot: made once, shared by every scroll that comes
 * in, fed from the road as the pages arrive, never with more than a few
 * tasks waiting, stopped per call without ending a thread, and closed without
 * losing a page.
 *
 * @module Exercise 12: The Moot's Ledger
 */
// These are the imports the solution needs; use them as you like.
// import { tsWorker } from '@spellbook/ts-worker';
// import { Tinypool } from 'tinypool';

/** Options for {@link openLedger}. */
export interface LedgerOptions {
  /** How many worker threads the pool keeps: a whole number ≥ 1. */
  copies: number;
  /** How many tasks may wait in the pool for a free thread: a whole number ≥ 0 (not `Infinity`). */
  maxWaiting: number;
}

/** One page, tallied. */
export interface Tally {
  /** The page's URL, as it was given. */
  url: string;
  /** The sum of the primes below the page's number. */
  sum: number;
}

/** Options for {@link Ledger.tallyScroll}. */
export interface TallyOptions {
  /** Stops this call (and only this call) when aborted. */
  signal?: AbortSignal;
}

/** A long-lived pool that tallies scrolls: see {@link openLedger}. */
export interface Ledger {
  /**
   * Fetches every page of `urls`, tallies each on the pool, and yields each
   * `{ url, sum }` as soon as it is ready (in the order they finish, not the
   * scroll's order).
   *
   * - A page's body is a whole number n from 0 to 100 000 000, in digits
   *   (white space around it does not count); its tally is
   *   the sum of the primes below n, computed by `./tally-worker.ts` on one
   *   of the pool's threads.
   * - It fetches up to `copies + maxWaiting` pages at once, counted over
   *   every call of the ledger, and no more: a page takes a place before it
   *   is fetched and gives it back when the caller takes its tally (or the
   *   call ends). So the pool never has more than `maxWaiting` tasks
   *   waiting, no page is fetched while it is full, and a caller that reads
   *   slowly holds the road back.
   * - A page that cannot be read (a response that is not ok, a failed fetch,
   *   or a body that is not such a number, as `12 sheaves` is not) makes the
   *   iteration throw an `Error` whose message names the page's URL (even
   *   if the caller was busy with a tally as it failed); the call fetches no
   *   more pages, and the ledger stays usable.
   * - When `signal` aborts, the iteration throws an error named
   *   `'AbortError'` within 100 ms, the pages being fetched are abandoned
   *   (give `fetch` the signal) and no more are fetched. Tasks already in
   *   the pool finish and their results are thrown away: no thread is
   *   ended, and the next call finds the same threads waiting, and every
   *   place the call held. A signal already aborted throws at once, without
   *   fetching anything. A caller that leaves its loop early (`break`) ends
   *   the call the same way: nothing more is fetched, its places come back
   *   (those of the pages still being tallied as they finish). However a
   *   call ends, it leaves no listener on `signal`.
   * - Once {@link Ledger.close} has been called, iterating a new call
   *   throws an `Error` saying the ledger is closed.
   */
  tallyScroll(urls: readonly string[], options?: TallyOptions): AsyncIterable<Tally>;
  /**
   * Closes the ledger: new calls throw from now on, while the others drain;
   * every call already begun (its iteration started), however many, runs to
   * its end with nothing lost; then
   * the pool is destroyed, and no thread is left. Resolves when all that is
   * done. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Opens a ledger: one Tinypool of exactly `copies` threads, running
 * `./tally-worker.ts`, made here and kept until {@link Ledger.close} — never
 * one pool per call, and its threads stay through any pause between calls.
 * Every page is one task on it, however small: none is tallied on the main
 * thread.
 *
 * @param options - see {@link LedgerOptions}.
 * @throws RangeError when `copies` or `maxWaiting` is not such a whole
 *   number; the message names the one that was wrong.
 *
 * @example
 * ```ts
 * const ledger = openLedger({ copies: 2, maxWaiting: 2 });
 * for await (const { url, sum } of ledger.tallyScroll(pagesOfTheMoot)) {
 *   console.log(url, sum); // as each page is tallied
 * }
 * await ledger.close();
 * ```
 */
export function openLedger(options: LedgerOptions): Ledger {
  // TODO: check copies (≥ 1) and maxWaiting (≥ 0): RangeError naming the bad one.
  // TODO: make the Tinypool here, once, with minThreads = maxThreads = copies.
  // TODO: a count of places (copies + maxWaiting) shared by every call.
  // TODO: tallyScroll: an async generator that takes a place per page,
  // fetches it, runs its number on the pool, and yields each result as it
  // arrives, giving the place back as the caller takes it; an abort throws an
  // AbortError at once.
  // TODO: close: refuse new calls, wait for the calls in progress, destroy the pool.
  void options;
  throw new Error('Not implemented: openLedger');
}
