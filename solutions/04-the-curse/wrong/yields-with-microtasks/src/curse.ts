// Wrong on purpose: sumPrimesPolitely "yields" with await Promise.resolve(),
// which runs only microtasks and never lets a timer fire. Everything else is
// the reference solution.
import { isPrime } from '../../../src/curse.ts';

export { isPrime, MAX_EXACT_LIMIT, sumPrimesBelow, sumPrimesConcurrently } from '../../../src/curse.ts';

export async function sumPrimesPolitely(limit: number, options: { sliceMs?: number } = {}): Promise<number> {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
  }
  const sliceMs = options.sliceMs ?? 10;
  let sum = 0;
  let sliceStart = performance.now();
  for (let n = 0; n < limit; n += 1) {
    if (isPrime(n)) sum += n;
    if (n % 1_000 === 0 && performance.now() - sliceStart >= sliceMs) {
      await Promise.resolve();
      sliceStart = performance.now();
    }
  }
  return sum;
}
