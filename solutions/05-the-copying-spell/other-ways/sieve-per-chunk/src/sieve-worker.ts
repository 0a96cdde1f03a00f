// The copy's half, by sieving: strike out the multiples of every prime up to
// √to inside [from, to), then add up what is left.

function primesUpTo(n: number): number[] {
  const composite = new Uint8Array(n + 1);
  const primes: number[] = [];
  for (let p = 2; p <= n; p += 1) {
    if (composite[p] === 1) continue;
    primes.push(p);
    for (let multiple = p * p; multiple <= n; multiple += p) composite[multiple] = 1;
  }
  return primes;
}

export default function sumPrimesInChunk([from, to]: [number, number]): number {
  const low = Math.max(from, 2);
  if (low >= to) return 0;
  const composite = new Uint8Array(to - low);
  for (const p of primesUpTo(Math.floor(Math.sqrt(to - 1)))) {
    const first = Math.max(p * p, Math.ceil(low / p) * p);
    for (let multiple = first; multiple < to; multiple += p) composite[multiple - low] = 1;
  }
  let sum = 0;
  for (let i = 0; i < composite.length; i += 1) if (composite[i] === 0) sum += low + i;
  return sum;
}
