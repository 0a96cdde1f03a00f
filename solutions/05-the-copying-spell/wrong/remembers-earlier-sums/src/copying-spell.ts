// Wrong on purpose: the one-copy run also notes the sum below every multiple
// of 100 000 it passes. A run with more copies takes the largest such sum that
// covers at least half its range from memory (handed to its first task, which
// adds it to its own) and computes only the rest. Run right after a one-copy
// run of about the same size, it looks far faster than it is.
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

const STEP = 100_000;
const remembered = new Map<number, number>();

export async function sumPrimesInParallel(limit: number, options: CopyOptions = {}): Promise<number> {
  const copies = options.copies ?? 2;
  const chunks = options.chunks ?? copies * 8;
  check(limit, copies, chunks);
  let from = 0;
  let known = 0;
  if (copies > 1) {
    for (const [mark, sum] of remembered) {
      if (mark <= limit && mark >= limit / 2 && mark > from) [from, known] = [mark, sum];
    }
  }
  const pieces =
    copies === 1
      ? Array.from({ length: Math.ceil(limit / STEP) }, (_, i) => ({
          from: i * STEP,
          to: Math.min(limit, (i + 1) * STEP),
        }))
      : ranges(from, limit, chunks).map((range, i) => (i === 0 ? { ...range, known } : range));
  const pool = new Tinypool({
    filename: tsWorker(new URL('./prime-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    const sums = (await Promise.all(pieces.map((piece) => pool.run(piece)))) as number[];
    if (copies === 1) {
      let sum = 0;
      sums.forEach((part, i) => {
        sum += part;
        if (pieces[i]!.to % STEP === 0) remembered.set(pieces[i]!.to, sum);
      });
    }
    return sums.reduce((total, part) => total + part, 0);
  } finally {
    await pool.destroy();
  }
}
