// The work the test kit's own reference copies do, in plain JavaScript so
// that a worker thread loads it on every Node version without a compiler.
// The same functions run on the main thread for the kit's one-thread
// timings, so "one thread" and "copies" always do exactly the same sums.
//
// None of this shares code with the lessons' solutions: it is the yardstick
// a student's copies are held against, measured in the same run.

/** The sum of the primes in [from, to) by trial division, odd divisors up to √n: the course's baseline method. */
export function trialDivisionSpan(from, to) {
  let sum = 0;
  for (let n = Math.max(from, 2); n < to; n += 1) {
    let prime = n === 2 || n % 2 === 1;
    for (let divisor = 3; prime && divisor * divisor <= n; divisor += 2) {
      if (n % divisor === 0) prime = false;
    }
    if (prime) sum += n;
  }
  return sum;
}

/** Odd numbers per segment of the kit's sieve: 64 KiB of flags. */
const SEGMENT_ODDS = 1 << 16;

/** The odd primes up to `n` inclusive, by a plain sieve over the odd numbers. */
function oddPrimesUpTo(n) {
  const primes = [];
  if (n < 3) return primes;
  const size = (n - 1) >> 1; // flag i stands for 2i + 3
  const composite = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) {
    if (composite[i]) continue;
    const p = 2 * i + 3;
    primes.push(p);
    for (let j = (p * p - 3) >> 1; j < size; j += p) composite[j] = 1;
  }
  return primes;
}

/**
 * The sum of the primes in [from, to) by a segmented sieve of the odd
 * numbers. Each base prime remembers its next odd multiple from one segment
 * to the next, so no division is made inside the loop.
 */
export function sieveSpan(from, to) {
  let sum = from <= 2 && to > 2 ? 2 : 0;
  const start = Math.max(from, 3) | 1; // the first odd number ≥ max(from, 3)
  if (start >= to) return sum;
  const primes = oddPrimesUpTo(Math.floor(Math.sqrt(to - 1)));
  // next[k]: the next odd multiple of primes[k] that is ≥ start, and never the prime itself.
  const next = primes.map((p) => {
    let multiple = Math.max(p * p, Math.ceil(start / p) * p);
    if (multiple % 2 === 0) multiple += p;
    return multiple;
  });
  const flags = new Uint8Array(SEGMENT_ODDS);
  for (let low = start; low < to; low += 2 * SEGMENT_ODDS) {
    const high = Math.min(low + 2 * SEGMENT_ODDS, to);
    const count = (high - low + 1) >> 1;
    flags.fill(0, 0, count);
    for (let k = 0; k < primes.length; k += 1) {
      const step = 2 * primes[k];
      let multiple = next[k];
      for (; multiple < high; multiple += step) flags[(multiple - low) >> 1] = 1;
      next[k] = multiple;
    }
    for (let i = 0; i < count; i += 1) if (flags[i] === 0) sum += low + 2 * i;
  }
  return sum;
}

/**
 * Adds 1 to `counter[0]` `increments` times with a plain read and write: two
 * threads doing this at the same moment lose some of each other's marks.
 * Waits at `gate[0]` (after counting itself in `gate[1]`) so that every
 * thread starts together.
 */
export function tallyUnsafely(counter, gate, increments) {
  Atomics.add(gate, 1, 1);
  Atomics.wait(gate, 0, 0);
  for (let i = 0; i < increments; i += 1) counter[0] = counter[0] + 1;
  return counter[0];
}

/** Fetches one page and gives its text, or throws on an error status. */
async function fetchPage(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}

/** Runs one task of the kit's reference copies (see copies.ts). */
export function runTask(task) {
  switch (task.kind) {
    case 'trial':
      return trialDivisionSpan(task.from, task.to);
    case 'sieve':
      return sieveSpan(task.from, task.to);
    case 'tally':
      return tallyUnsafely(new Int32Array(task.counter), new Int32Array(task.gate), task.increments);
    case 'fetch':
      return fetchPage(task.url);
    default:
      throw new Error(`unknown reference task ${JSON.stringify(task)}`);
  }
}
