// Wrong on purpose: the spans are cut for `copies`, but the pool always has
// one thread per logical CPU, whatever `copies` says.
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import sumSpan from '../../../src/sieve-worker.ts';

function check(limit: number, copies: number): void {
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) {
    throw new RangeError(`bad limit ${limit}`);
  }
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`bad copies ${copies}`);
}

const spans = (from: number, to: number, parts: number) =>
  Array.from({ length: parts }, (_, i) => ({
    from: from + Math.floor(((to - from) * i) / parts),
    to: from + Math.floor(((to - from) * (i + 1)) / parts),
  }));

const newPool = (copies: number, file = '../../../src/sieve-worker.ts') =>
  new Tinypool({
    filename: tsWorker(new URL(file, import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });

export function sumPrimesBelowSieve(limit: number): number {
  check(limit, 1);
  return sumSpan({ from: 0, to: limit });
}

export async function sumPrimesBelowSieveInParallel(
  limit: number,
  options: { copies?: number } = {},
): Promise<number> {
  const copies = options.copies ?? 2;
  check(limit, copies);
  const pool = newPool(os.availableParallelism());
  try {
    const sums = (await Promise.all(spans(0, limit, copies * 4).map((span) => pool.run(span)))) as number[];
    return sums.reduce((total, part) => total + part, 0);
  } finally {
    await pool.destroy();
  }
}
