/**
 * Chapter 4 — The Curse.
 *
 * The counter-spell needs the sum of every prime below a large number. You
 * will compute it on one thread three ways and see what async can and cannot
 * do for work that thinks rather than waits.
 *
 * Sums stay exact as plain numbers well past 1e8: the sum of the primes below
 * 1e8 is 279,209,790,387,276, under 2^53.
 *
 * @module Exercise 4: The Curse
 */

/**
 * Whether `n` is a prime number, by trial division.
 *
 * @param n - a whole number ≥ 0.
 * @returns `true` for 2, 3, 5, 7, 11, …; `false` for 0, 1 and composites.
 * @throws RangeError when `n` is negative, not a whole number, NaN or Infinity.
 *
 * @example
 * ```ts
 * isPrime(7); // true
 * isPrime(9); // false
 * ```
 */
export function isPrime(n: number): boolean {
  // TODO: reject bad input with a RangeError, then test divisors up to √n.
  throw new Error('Not implemented: isPrime');
}

/**
 * The sum of every prime below `limit` (exclusive), on this thread.
 *
 * @param limit - a whole number ≥ 0.
 * @throws RangeError when `limit` is negative, not a whole number, NaN or Infinity.
 *
 * @example
 * ```ts
 * sumPrimesBelow(10); // 2 + 3 + 5 + 7 = 17
 * ```
 */
export function sumPrimesBelow(limit: number): number {
  // TODO: add up every n below limit for which isPrime(n) is true.
  throw new Error('Not implemented: sumPrimesBelow');
}

/**
 * The same sum, with the range cut into `parts` async tasks that run "at
 * once" through `Promise.all` — the trick that made chapter 2 fast.
 *
 * Expect it to be **no faster** than {@link sumPrimesBelow}, and to keep every
 * timer in the process waiting until it is done: the tests check both.
 *
 * @param limit - a whole number ≥ 0.
 * @param parts - how many async tasks to cut the work into: a whole number ≥ 1.
 * @throws RangeError for a bad `limit` or `parts`.
 */
export async function sumPrimesConcurrently(limit: number, parts: number): Promise<number> {
  // TODO: split [0, limit) into `parts` ranges, sum each in an async function,
  // and combine the results of Promise.all.
  throw new Error('Not implemented: sumPrimesConcurrently');
}

/**
 * The same sum, computed in slices of at most `sliceMs` milliseconds, letting
 * the event loop run (timers, requests, everything else) between slices.
 *
 * @param limit - a whole number ≥ 0.
 * @param options.sliceMs - the longest stretch to compute before yielding (default 10).
 * @throws RangeError for a bad `limit`.
 */
export async function sumPrimesPolitely(limit: number, options: { sliceMs?: number } = {}): Promise<number> {
  // TODO: compute in small batches; when sliceMs has passed, yield to the
  // event loop (so timers can fire) before carrying on.
  throw new Error('Not implemented: sumPrimesPolitely');
}
