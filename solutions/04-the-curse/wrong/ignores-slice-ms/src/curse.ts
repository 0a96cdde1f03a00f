// Wrong on purpose: sumPrimesPolitely checks sliceMs and then ignores it: it
// always yields (with setImmediate, as it should) after 8 ms. With the slices
// a test happens to ask for (10 or 25 ms) the heartbeat looks fine.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { isPrime } from '../../../src/curse.ts';

export { isPrime, MAX_EXACT_LIMIT, sumPrimesBelow, sumPrimesConcurrently } from '../../../src/curse.ts';

const SLICE_MS = 8;

export async function sumPrimesPolitely(limit: number, options: { sliceMs?: number } = {}): Promise<number> {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
  }
  const sliceMs = options.sliceMs ?? 10;
  if (!(Number.isFinite(sliceMs) && sliceMs > 0)) throw new RangeError(`bad sliceMs ${sliceMs}`);
  let sum = 0;
  let sliceStart = performance.now();
  for (let n = 0; n < limit; n += 1) {
    if (isPrime(n)) sum += n;
    if (n % 1_000 === 0 && performance.now() - sliceStart >= SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  return sum;
}
