// Wrong on purpose: a segmented sieve that carries each small prime's next
// multiple from one segment to the next, but crosses out at least once per
// segment (a do…while). A prime whose stride is wider than a segment then
// steps over a multiple it never marked: right below a few hundred million,
// wrong above, where such primes first appear.
export { sumPrimesBelowSieveInParallel } from '../../../src/sieve.ts';
import { basePrimesUpTo } from '../../../src/sieve-worker.ts';

const SEGMENT_ODDS = 16 * 1024;

export function sumPrimesBelowSieve(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) {
    throw new RangeError(`bad limit ${limit}`);
  }
  if (limit < 3) return 0;
  const primes = basePrimesUpTo(Math.floor(Math.sqrt(limit - 1))).filter((p) => p !== 2);
  // For each odd prime, its next odd multiple still to cross out.
  const next = primes.map((p) => p * p);
  const flags = new Uint8Array(SEGMENT_ODDS);
  let sum = 2;
  // Flag i of the segment starting at `low` stands for the odd number low + 2i.
  for (let low = 3; low < limit; low += 2 * SEGMENT_ODDS) {
    const count = Math.min(SEGMENT_ODDS, Math.ceil((limit - low) / 2));
    const high = low + 2 * count;
    flags.fill(0, 0, count);
    for (let k = 0; k < primes.length; k += 1) {
      const p = primes[k]!;
      if (p * p >= high) break;
      let j = (next[k]! - low) / 2;
      // The mistake: a do…while steps once even when the next multiple lies
      // beyond this segment, as it can for a prime wider than a segment.
      do {
        if (j < count) flags[j] = 1;
        j += p;
      } while (j < count);
      next[k] = low + 2 * j;
    }
    for (let i = 0; i < count; i += 1) if (flags[i] === 0) sum += low + 2 * i;
  }
  return sum;
}
