// Correct, another way: `copies` loops, each taking the next chunk as soon as
// its last one is back, so the pool's queue never holds more than one task
// per thread.
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';

export interface CopyOptions {
  copies?: number;
  chunks?: number;
}

function wholeNumber(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number ≥ 1`);
  return value;
}

export async function sumPrimesInParallel(limit: number, options: CopyOptions = {}): Promise<number> {
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) {
    throw new RangeError(`limit must be a whole number from 0 to 500 000 000, got ${limit}`);
  }
  const copies = wholeNumber(options.copies ?? os.availableParallelism(), 'copies');
  const chunks = wholeNumber(options.chunks ?? copies * 8, 'chunks');
  const pool = new Tinypool({
    filename: tsWorker(new URL('../../../src/prime-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  let next = 0;
  let total = 0;
  const copy = async (): Promise<void> => {
    for (let i = next++; i < chunks; i = next++) {
      const range = { from: Math.floor((limit * i) / chunks), to: Math.floor((limit * (i + 1)) / chunks) };
      // Awaited first, then added: `total += await …` would read `total`
      // before the wait, and the copies would overwrite each other's sums.
      const part = (await pool.run(range)) as number;
      total += part;
    }
  };
  try {
    await Promise.all(Array.from({ length: copies }, copy));
    return total;
  } finally {
    await pool.destroy();
  }
}
