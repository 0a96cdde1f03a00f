// Wrong on purpose: a correct and fast sieve, but on one sheet as long as the
// limit, so its memory grows with the limit.
export { sumPrimesBelowSieveInParallel } from '../../../src/sieve.ts';

export function sumPrimesBelowSieve(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) {
    throw new RangeError(`bad limit ${limit}`);
  }
  const composite = new Uint8Array(limit);
  let sum = 0;
  for (let n = 2; n < limit; n += 1) {
    if (composite[n] === 1) continue;
    sum += n;
    for (let multiple = n * n; multiple < limit; multiple += n) composite[multiple] = 1;
  }
  return sum;
}
