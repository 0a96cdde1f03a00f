/**
 * The copy's half of the spell. This module runs inside a worker thread: it
 * receives one range of numbers and returns the sum of the primes in it.
 *
 * A worker thread shares no variables with the main thread, so everything it
 * needs (an `isPrime`, for instance) must be here or imported here.
 *
 * @module
 */

/** One piece of the work: the numbers in [from, to). */
export interface Range {
  readonly from: number;
  readonly to: number;
}

/**
 * Tinypool calls the default export once per task, with the value given to
 * `pool.run(...)`, and sends back what it returns.
 *
 * @param range - the numbers to look at: `from` included, `to` excluded.
 * @returns the sum of the primes in the range.
 */
export default function sumPrimesInRange(range: Range): number {
  // TODO: add up the primes n with range.from <= n < range.to.
  throw new Error('Not implemented: sumPrimesInRange (the worker)');
}
