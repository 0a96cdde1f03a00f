// Wrong on purpose: called a sieve, but it still tests every number by
// dividing (odd divisors only, which is quicker, and nowhere near enough).
export { sumPrimesBelowSieveInParallel } from '../../../src/sieve.ts';

export function sumPrimesBelowSieve(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) {
    throw new RangeError(`bad limit ${limit}`);
  }
  let sum = limit > 2 ? 2 : 0;
  for (let n = 3; n < limit; n += 2) {
    let prime = true;
    for (let d = 3; d * d <= n; d += 2) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) sum += n;
  }
  return sum;
}
