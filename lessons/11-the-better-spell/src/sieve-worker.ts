/**
 * The segmented sieve itself. It runs on the main thread for
 * `sumPrimesBelowSieve` and inside each worker thread for
 * `sumPrimesBelowSieveInParallel`, whose tasks call the default export.
 *
 * @module
 */

/**
 * The primes up to and including `n`, by a plain sieve of Eratosthenes.
 * `n` is at most √limit, so this list is short.
 *
 * @example
 * ```ts
 * basePrimesUpTo(20); // [2, 3, 5, 7, 11, 13, 17, 19]
 * ```
 */
export function basePrimesUpTo(n: number): number[] {
  // TODO: a Uint8Array of n + 1 flags; for each k from 2 that is not crossed
  // out, keep it and cross out k*k, k*k + k, … up to n.
  throw new Error('Not implemented: basePrimesUpTo');
}

/**
 * The sum of the primes p with from ≤ p < to, sieving one fixed-size
 * segment at a time, so that the memory used does not grow with the span.
 *
 * @param primes - every prime up to √(to − 1), from {@link basePrimesUpTo}.
 */
export function sumPrimesInSpan(from: number, to: number, primes: readonly number[]): number {
  // TODO: one Uint8Array segment (say 32 Ki flags), reused for each stretch
  // [low, high) of the span. For each base prime p with p*p < high, cross out
  // its multiples from max(p*p, the first multiple ≥ low). Add up what is left.
  throw new Error('Not implemented: sumPrimesInSpan');
}

/** One task for a worker: the numbers in [from, to). */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** Tinypool calls this once per task: the sum of the primes in the span. */
export default function sumSpan({ from, to }: Span): number {
  // TODO: the base primes up to √(to − 1), then sumPrimesInSpan.
  throw new Error('Not implemented: sumSpan (the worker)');
}
