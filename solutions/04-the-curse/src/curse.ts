/**
 * Chapter 4 — The Curse (reference solution).
 *
 * @module
 */

/**
 * The largest limit whose prime sum stays exact as a JavaScript number: the
 * sum of the primes below 5e8 is about 6.2e15, under 2^53 ≈ 9.0e15. Past it,
 * additions would start to round.
 */
export const MAX_EXACT_LIMIT = 500_000_000;

function checkLimit(limit: number, name = 'limit'): void {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`${name} must be a whole number ≥ 0, got ${limit}`);
  }
  if (limit > MAX_EXACT_LIMIT) {
    throw new RangeError(
      `${name} must be at most ${MAX_EXACT_LIMIT} for the sum to stay exact, got ${limit}`,
    );
  }
}

/** True when `n` is prime. Trial division by 2 and the odd numbers up to √n. */
export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number ≥ 0, got ${n}`);
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let divisor = 3; divisor * divisor <= n; divisor += 2) {
    if (n % divisor === 0) return false;
  }
  return true;
}

/** The sum of the primes in [from, to). */
function sumPrimesBetween(from: number, to: number): number {
  let sum = 0;
  for (let n = from; n < to; n += 1) if (isPrime(n)) sum += n;
  return sum;
}

/** The sum of every prime below `limit`, on this thread, one number after another. */
export function sumPrimesBelow(limit: number): number {
  checkLimit(limit);
  return sumPrimesBetween(0, limit);
}

/** Splits [0, limit) into `parts` ranges of (nearly) equal width. */
function equalParts(limit: number, parts: number): Array<[number, number]> {
  return Array.from({ length: parts }, (_, i) => [
    Math.floor((limit * i) / parts),
    Math.floor((limit * (i + 1)) / parts),
  ]);
}

/**
 * The same sum, cut into `parts` async tasks run with `Promise.all`.
 *
 * It is no faster, and it is the lesson: each task is an async function with
 * no `await` inside its loop, so once it starts it runs to the end on the one
 * thread there is. The parts take turns only at their edges, and no timer,
 * request or click in the process gets a turn until all of them are done.
 */
export async function sumPrimesConcurrently(limit: number, parts: number): Promise<number> {
  checkLimit(limit);
  if (!Number.isInteger(parts) || parts < 1) {
    throw new RangeError(`parts must be a whole number ≥ 1, got ${parts}`);
  }
  const sums = await Promise.all(
    // eslint-disable-next-line @typescript-eslint/require-await -- an async function with no await is the point
    equalParts(limit, parts).map(async ([from, to]) => sumPrimesBetween(from, to)),
  );
  return sums.reduce((total, sum) => total + sum, 0);
}

/** Lets the event loop run everything that is waiting (timers, IO) before coming back. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The same sum, computed in slices of at most `sliceMs` milliseconds, giving
 * the event loop a turn between slices.
 *
 * `setImmediate` resumes us after the loop has been round once, timers and
 * IO included; `await Promise.resolve()` would not, because promise callbacks
 * run before the loop moves on. The clock is read every 1 000 numbers, not
 * every number, so checking the time costs almost nothing.
 */
export async function sumPrimesPolitely(limit: number, options: { sliceMs?: number } = {}): Promise<number> {
  checkLimit(limit);
  const sliceMs = options.sliceMs ?? 10;
  if (!(Number.isFinite(sliceMs) && sliceMs > 0)) {
    throw new RangeError(`sliceMs must be a positive number, got ${sliceMs}`);
  }
  const step = 1_000;
  let sum = 0;
  let sliceStart = performance.now();
  for (let from = 0; from < limit; from += step) {
    sum += sumPrimesBetween(from, Math.min(limit, from + step));
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  return sum;
}
