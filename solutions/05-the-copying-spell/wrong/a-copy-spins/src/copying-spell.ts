// Wrong on purpose: the pool has `copies` threads, but all but one of them
// are handed a task that spins until the real work is done. Every thread
// burns CPU the whole time, so CPU ÷ wall looks parallel; one thread computes.
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

export async function sumPrimesInParallel(limit: number, options: CopyOptions = {}): Promise<number> {
  const copies = options.copies ?? 2;
  const chunks = options.chunks ?? copies * 8;
  check(limit, copies, chunks);
  const pool = new Tinypool({
    filename: tsWorker(new URL('./spin-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  const flag = new SharedArrayBuffer(4);
  try {
    const spinners = Array.from({ length: copies - 1 }, () => pool.run({ flag }));
    const sums = (await Promise.all(ranges(0, limit, chunks).map((range) => pool.run(range)))) as number[];
    Atomics.store(new Int32Array(flag), 0, 1);
    await Promise.all(spinners);
    return sums.reduce((total, part) => total + part, 0);
  } finally {
    Atomics.store(new Int32Array(flag), 0, 1);
    await pool.destroy();
  }
}
