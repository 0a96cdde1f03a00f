// Wrong on purpose: the one-thread sieve notes the sum below every multiple
// of 10 000 000 it passes. The parallel sieve takes the largest such sum that
// covers at least half its range from memory (handed to its first span, which
// adds it to its own) and sieves only the rest. Raced right after the
// one-thread sieve, it looks far faster than it is.
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

const STEP = 10_000_000;
const remembered = new Map<number, number>();

export function sumPrimesBelowSieve(limit: number): number {
  check(limit, 1);
  let sum = 0;
  for (let from = 0; from < limit; from += STEP) {
    const to = Math.min(limit, from + STEP);
    sum += sumSpan({ from, to });
    if (to % STEP === 0) remembered.set(to, sum);
  }
  return sum;
}

export async function sumPrimesBelowSieveInParallel(
  limit: number,
  options: { copies?: number } = {},
): Promise<number> {
  const copies = options.copies ?? 2;
  check(limit, copies);
  let from = 0;
  let known = 0;
  for (const [mark, sum] of remembered) {
    if (mark <= limit && mark >= limit / 2 && mark > from) [from, known] = [mark, sum];
  }
  const pool = newPool(copies, './known-worker.ts');
  try {
    const pieces = spans(from, limit, copies * 4).map((span, i) => (i === 0 ? { ...span, known } : span));
    const sums = (await Promise.all(pieces.map((piece) => pool.run(piece)))) as number[];
    return sums.reduce((total, part) => total + part, 0);
  } finally {
    await pool.destroy();
  }
}
