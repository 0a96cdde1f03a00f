// Wrong on purpose: below 150 000 the spell sums on the main thread and
// makes no pool at all; only larger limits go to the copies.
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';

export interface CopyOptions {
  copies?: number;
  chunks?: number;
}

function check(limit: number, copies: number, chunks: number): void {
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) {
    throw new RangeError(`bad limit ${limit}`);
  }
  if (!Number.isInteger(copies) || copies < 1 || !Number.isInteger(chunks) || chunks < 1) {
    throw new RangeError('bad options');
  }
}

const ranges = (from: number, to: number, chunks: number) =>
  Array.from({ length: chunks }, (_, i) => ({
    from: from + Math.floor(((to - from) * i) / chunks),
    to: from + Math.floor(((to - from) * (i + 1)) / chunks),
  }));

function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

export async function sumPrimesInParallel(limit: number, options: CopyOptions = {}): Promise<number> {
  const copies = options.copies ?? 2;
  const chunks = options.chunks ?? copies * 8;
  check(limit, copies, chunks);
  if (limit < 150_000) {
    let sum = 0;
    for (let n = 0; n < limit; n += 1) if (isPrime(n)) sum += n;
    return sum;
  }
  const pool = new Tinypool({
    filename: tsWorker(new URL('../../../src/prime-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    const sums = (await Promise.all(ranges(0, limit, chunks).map((range) => pool.run(range)))) as number[];
    return sums.reduce((total, part) => total + part, 0);
  } finally {
    await pool.destroy();
  }
}
