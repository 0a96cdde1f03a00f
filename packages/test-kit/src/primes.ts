/**
 * An independent answer for the prime lessons: a sieve of Eratosthenes,
 * which shares no code and no method with the trial division the lessons
 * teach, so a mistake in one is not repeated in the other.
 *
 * @module
 */
import { trialDivisionSpan } from './reference/work.mjs';

/** The sum of the primes below `limit` (exclusive), by a plain sieve. Fine up to ~1e8. */
export function primeSumOracle(limit: number): number {
  if (limit < 3) return 0;
  const composite = new Uint8Array(limit);
  let sum = 0;
  for (let n = 2; n < limit; n += 1) {
    if (composite[n] === 1) continue;
    sum += n;
    for (let multiple = n * n; multiple < limit; multiple += n) composite[multiple] = 1;
  }
  return sum;
}

/** True when `n` is prime, by the same sieve's rule (for checking `isPrime` on small n). */
export function primesBelow(limit: number): Set<number> {
  const primes = new Set<number>();
  const composite = new Uint8Array(Math.max(limit, 0));
  for (let n = 2; n < limit; n += 1) {
    if (composite[n] === 1) continue;
    primes.add(n);
    for (let multiple = n * n; multiple < limit; multiple += n) composite[multiple] = 1;
  }
  return primes;
}

/**
 * The course's baseline: trial division on this thread, the way chapter 4
 * computes the sum. Parallel solutions are timed against this, in the same
 * run, so the speed-up they show is the speed-up of the copies alone. It is
 * the very function the kit's reference copies run on their spans.
 */
export function trialDivisionSum(limit: number): number {
  return trialDivisionSpan(0, limit);
}
