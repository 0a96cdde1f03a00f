// Wrong on purpose: with more than one copy, the range is cut into three
// pieces of equal cost; the pool gets two of them, one task per copy so that
// no copy waits for the main thread to hand it more, and the main thread sums
// the third itself. The pool looks busy and the answer is right, but a third
// of the work never left home.
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
  // Trial division below x costs about x^1.5: this cut leaves a third of the cost below it.
  // One copy works alone, as it should: only the copies' run keeps work home.
  const home = copies > 1 ? Math.round(limit * (1 / 3) ** (2 / 3)) : 0;
  const pool = new Tinypool({
    filename: tsWorker(new URL('../../../src/prime-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    const away = Promise.all(ranges(home, limit, copies).map((range) => pool.run(range)));
    // Let the tasks reach the workers before the main thread gets busy.
    await new Promise((resolve) => setTimeout(resolve, 0));
    let sum = 0;
    for (let n = 0; n < home; n += 1) if (isPrime(n)) sum += n;
    const sums = (await away) as number[];
    return sums.reduce((total, part) => total + part, sum);
  } finally {
    await pool.destroy();
  }
}
