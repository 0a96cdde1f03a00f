// Wrong on purpose: a true sieve, and a frugal one (one bit per odd number),
// but a single sheet for the whole range: an eighth of a byte per number is
// still memory that grows with the limit.
export { sumPrimesBelowSieveInParallel } from '../../../src/sieve.ts';

export function sumPrimesBelowSieve(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) {
    throw new RangeError(`bad limit ${limit}`);
  }
  if (limit < 3) return 0;
  // Bit i stands for the odd number 2i + 1.
  const odds = Math.ceil(limit / 2);
  const sheet = new Uint32Array(Math.ceil(odds / 32));
  let sum = 2;
  for (let i = 1; i < odds; i += 1) {
    if ((sheet[i >>> 5]! & (1 << (i & 31))) !== 0) continue;
    const p = 2 * i + 1;
    sum += p;
    for (let multiple = p * p; multiple < limit; multiple += 2 * p) {
      const j = (multiple - 1) / 2;
      sheet[j >>> 5]! |= 1 << (j & 31);
    }
  }
  return sum;
}
