/**
 * The segmented sieve itself (reference solution). It runs on the main
 * thread for `sumPrimesBelowSieve` and inside each worker thread for
 * `sumPrimesBelowSieveInParallel`, whose tasks call the default export.
 *
 * @module
 */

/** Odd numbers per segment: 32 KiB of flags, small enough to stay in a core's fastest cache. */
const SEGMENT_ODDS = 32 * 1024;

/** The primes up to and including `n`, by a plain sieve (n is at most √limit, so this is small). */
export function basePrimesUpTo(n: number): number[] {
  const composite = new Uint8Array(n + 1);
  const primes: number[] = [];
  for (let k = 2; k <= n; k += 1) {
    if (composite[k] === 1) continue;
    primes.push(k);
    for (let multiple = k * k; multiple <= n; multiple += k) composite[multiple] = 1;
  }
  return primes;
}

/**
 * The sum of the primes p with from ≤ p < to. `primes` must hold every prime
 * up to √(to − 1). Works through the odd numbers one segment at a time, so
 * its memory is one segment however wide the span.
 */
export function sumPrimesInSpan(from: number, to: number, primes: readonly number[]): number {
  let sum = from <= 2 && to > 2 ? 2 : 0;
  const flags = new Uint8Array(SEGMENT_ODDS);
  // `low` is the first odd number of the segment; flag i stands for low + 2i.
  for (let low = Math.max(from, 3) | 1; low < to; low += 2 * SEGMENT_ODDS) {
    const high = Math.min(low + 2 * SEGMENT_ODDS, to);
    const count = Math.ceil((high - low) / 2);
    flags.fill(0, 0, count);
    for (const p of primes) {
      if (p === 2) continue;
      if (p * p >= high) break;
      // The first odd multiple of p in the segment, and never p itself.
      let multiple = Math.max(p * p, Math.ceil(low / p) * p);
      if (multiple % 2 === 0) multiple += p;
      for (; multiple < high; multiple += 2 * p) flags[(multiple - low) / 2] = 1;
    }
    for (let i = 0; i < count; i += 1) if (flags[i] === 0) sum += low + 2 * i;
  }
  return sum;
}

/** One task for a worker: the numbers in [from, to). */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** Tinypool calls this once per task: the sum of the primes in the span. */
export default function sumSpan({ from, to }: Span): number {
  return sumPrimesInSpan(from, to, basePrimesUpTo(Math.floor(Math.sqrt(Math.max(to - 1, 0)))));
}
