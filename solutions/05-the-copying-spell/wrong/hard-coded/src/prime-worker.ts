/**
 * The copy's half of the spell: runs inside a worker thread, receives one
 * range of numbers, and returns the sum of the primes in it.
 *
 * @module
 */

/** One piece of the work: the numbers in [from, to). */
export interface Range {
  readonly from: number;
  readonly to: number;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let divisor = 3; divisor * divisor <= n; divisor += 2) {
    if (n % divisor === 0) return false;
  }
  return true;
}

/** Tinypool calls the default export once per task, with the task's value. */
export default function sumPrimesInRange({ from, to }: Range): number {
  let sum = 0;
  for (let n = from; n < to; n += 1) if (isPrime(n)) sum += n;
  return sum;
}
