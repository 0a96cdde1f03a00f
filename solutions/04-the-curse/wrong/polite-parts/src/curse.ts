// Wrong on purpose: the concurrent parts yield to the event loop between
// batches, which hides the starvation the chapter is about. Everything else
// is the reference solution.
import { isPrime } from '../../../src/curse.ts';

export { isPrime, MAX_EXACT_LIMIT, sumPrimesBelow, sumPrimesPolitely } from '../../../src/curse.ts';

export async function sumPrimesConcurrently(limit: number, parts: number): Promise<number> {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
  }
  if (!Number.isInteger(parts) || parts < 1) {
    throw new RangeError(`parts must be a whole number ≥ 1, got ${parts}`);
  }
  const sums = await Promise.all(
    Array.from({ length: parts }, async (_, i) => {
      let sum = 0;
      for (let n = Math.floor((limit * i) / parts); n < Math.floor((limit * (i + 1)) / parts); n += 1) {
        if (isPrime(n)) sum += n;
        if (n % 5_000 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      return sum;
    }),
  );
  return sums.reduce((total, sum) => total + sum, 0);
}
