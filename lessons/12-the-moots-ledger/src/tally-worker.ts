/**
 * The worker for this chapter, finished for you: it tallies one page, the sum
 * of the primes below the page's number. This chapter is about the pool that
 * runs it, not about the sum.
 *
 * @module
 */

function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let divisor = 3; divisor * divisor <= n; divisor += 2) {
    if (n % divisor === 0) return false;
  }
  return true;
}

/**
 * The sum of the primes below `n`. Tinypool calls it once per task.
 *
 * @param n - a page's number, a whole number from 0 to 100 000 000.
 * @returns the sum of the primes p with p < n.
 */
export default function tallyPage(n: number): number {
  let sum = 0;
  for (let candidate = 2; candidate < n; candidate += 1) if (isPrime(candidate)) sum += candidate;
  return sum;
}
