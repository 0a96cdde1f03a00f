// Wrong on purpose: the worker module is imported and called directly, on the main thread.
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
  return sumPrimesInRange({ from: 0, to: limit });
}
