// Wrong on purpose: a pool of `copies` threads and many chunks, but the first
// chunk is nearly the whole range and the others split the last sliver, so one
// copy does the work while the rest finish at once and wait.
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';

export interface CopyOptions {
  copies?: number;
  chunks?: number;
}

export async function sumPrimesInParallel(limit: number, options: CopyOptions = {}): Promise<number> {
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) {
    throw new RangeError(`bad limit ${limit}`);
  }
  const copies = options.copies ?? 2;
  const chunks = options.chunks ?? copies * 8;
  if (!Number.isInteger(copies) || copies < 1 || !Number.isInteger(chunks) || chunks < 1) {
    throw new RangeError('bad options');
  }
  const bulk = Math.floor(limit * 0.95);
  const ranges = [
    { from: 0, to: chunks === 1 ? limit : bulk },
    ...Array.from({ length: chunks - 1 }, (_, i) => ({
      from: bulk + Math.floor(((limit - bulk) * i) / (chunks - 1)),
      to: bulk + Math.floor(((limit - bulk) * (i + 1)) / (chunks - 1)),
    })),
  ];
  const pool = new Tinypool({
    filename: tsWorker(new URL('../../../src/prime-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    const sums = (await Promise.all(ranges.map((range) => pool.run(range)))) as number[];
    return sums.reduce((total, sum) => total + sum, 0);
  } finally {
    await pool.destroy();
  }
}
