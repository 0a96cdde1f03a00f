// Wrong on purpose: chunks "at once" with Promise.all, which chapter 4 showed adds no thread.
import sumPrimesInRange from '../../../src/prime-worker.ts';

export interface CopyOptions {
  copies?: number;
  chunks?: number;
}

export async function sumPrimesInParallel(limit: number, options: CopyOptions = {}): Promise<number> {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`bad limit ${limit}`);
  const copies = options.copies ?? 2;
  const chunks = options.chunks ?? copies * 8;
  if (!Number.isInteger(copies) || copies < 1 || !Number.isInteger(chunks) || chunks < 1) {
    throw new RangeError('bad options');
  }
  const ranges = Array.from({ length: chunks }, (_, i) => ({
    from: Math.floor((limit * i) / chunks),
    to: Math.floor((limit * (i + 1)) / chunks),
  }));
  const sums = await Promise.all(ranges.map(async (range) => sumPrimesInRange(range)));
  return sums.reduce((a, b) => a + b, 0);
}
