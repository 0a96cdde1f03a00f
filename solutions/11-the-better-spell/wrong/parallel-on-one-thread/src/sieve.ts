// Wrong on purpose: the "parallel" sieve is the single-threaded one behind a
// promise. No copies, no speed-up.
export { sumPrimesBelowSieve } from '../../../src/sieve.ts';
import { sumPrimesBelowSieve } from '../../../src/sieve.ts';

export async function sumPrimesBelowSieveInParallel(
  limit: number,
  options: { copies?: number } = {},
): Promise<number> {
  const copies = options.copies ?? 2;
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`bad copies ${copies}`);
  return sumPrimesBelowSieve(limit);
}
