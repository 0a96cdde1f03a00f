// Wrong on purpose: the concurrent parts sum their ranges with a sieve, a
// faster algorithm than the trial division of sumPrimesBelow, so the async
// version comes out faster and hides what the chapter shows: async adds no
// speed to CPU work. Everything else is the reference solution.
import { isPrime } from '../../../src/curse.ts';

export { isPrime, MAX_EXACT_LIMIT, sumPrimesBelow, sumPrimesPolitely } from '../../../src/curse.ts';

/** The sum of the primes in [from, to), crossing out the multiples of every prime below √to. */
function sievedSum(from: number, to: number): number {
  const start = Math.max(from, 2);
  if (to <= start) return 0;
  const crossed = new Uint8Array(to - start);
  for (let p = 2; p * p < to; p += 1) {
    if (!isPrime(p)) continue;
    for (let multiple = Math.max(p * p, Math.ceil(start / p) * p); multiple < to; multiple += p) {
      crossed[multiple - start] = 1;
    }
  }
  let sum = 0;
  for (let n = start; n < to; n += 1) if (crossed[n - start] === 0) sum += n;
  return sum;
}

export async function sumPrimesConcurrently(limit: number, parts: number): Promise<number> {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
  }
  if (!Number.isInteger(parts) || parts < 1) {
    throw new RangeError(`parts must be a whole number ≥ 1, got ${parts}`);
  }
  const sums = await Promise.all(
    Array.from({ length: parts }, async (_, i) =>
      sievedSum(Math.floor((limit * i) / parts), Math.floor((limit * (i + 1)) / parts)),
    ),
  );
  return sums.reduce((total, sum) => total + sum, 0);
}
