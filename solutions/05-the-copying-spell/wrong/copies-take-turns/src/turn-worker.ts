// The copy's half, behind a lock every copy shares: a copy waits (asleep, in
// Atomics.wait) until no other copy is summing, like threads under one big lock.
export interface Piece {
  readonly from: number;
  readonly to: number;
  readonly lock: SharedArrayBuffer;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) {
    if (n % d === 0) return false;
  }
  return true;
}

export default function sumPiece({ from, to, lock }: Piece): number {
  const cell = new Int32Array(lock);
  while (Atomics.compareExchange(cell, 0, 0, 1) !== 0) Atomics.wait(cell, 0, 1);
  try {
    let sum = 0;
    for (let n = from; n < to; n += 1) {
      if (isPrime(n)) sum += n;
    }
    return sum;
  } finally {
    Atomics.store(cell, 0, 0);
    Atomics.notify(cell, 0, 1);
  }
}
