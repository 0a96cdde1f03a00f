/**
 * The segmented sieve, another way: each segment is a bit set with one bit
 * per odd number (8 KiB of words covers 131 072 numbers).
 */

const SEGMENT_WORDS = 2048;
const SEGMENT_ODDS = SEGMENT_WORDS * 32;

export function basePrimesUpTo(n: number): number[] {
  const composite = new Uint8Array(n + 1);
  const primes: number[] = [];
  for (let k = 2; k <= n; k += 1) {
    if (composite[k]) continue;
    primes.push(k);
    for (let m = k * k; m <= n; m += k) composite[m] = 1;
  }
  return primes;
}

export function sumPrimesInSpan(from: number, to: number, primes: readonly number[]): number {
  let sum = from <= 2 && to > 2 ? 2 : 0;
  const bits = new Uint32Array(SEGMENT_WORDS);
  for (let low = Math.max(from, 3) | 1; low < to; low += 2 * SEGMENT_ODDS) {
    const high = Math.min(low + 2 * SEGMENT_ODDS, to);
    const count = Math.ceil((high - low) / 2);
    bits.fill(0);
    for (const p of primes) {
      if (p === 2) continue;
      if (p * p >= high) break;
      let m = Math.max(p * p, Math.ceil(low / p) * p);
      if (m % 2 === 0) m += p;
      for (let i = (m - low) / 2; i < count; i += p) bits[i >>> 5]! |= 1 << (i & 31);
    }
    for (let i = 0; i < count; i += 1) if ((bits[i >>> 5]! & (1 << (i & 31))) === 0) sum += low + 2 * i;
  }
  return sum;
}

export default function sumSpan({ from, to }: { from: number; to: number }): number {
  return sumPrimesInSpan(from, to, basePrimesUpTo(Math.floor(Math.sqrt(Math.max(to - 1, 0)))));
}
