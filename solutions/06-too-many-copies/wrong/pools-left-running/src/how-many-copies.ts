// Wrong on purpose: measureCopies makes a pool for each count and never
// destroys it, so every copy it ever made is still waiting for work when it
// returns. Its figures are honest; its threads outlive the spell.
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import { splitRange } from '../../../src/how-many-copies.ts';
import sumRange from '../../../src/sum-range-worker.ts';

export { chooseCopies, splitRange, type CopyMeasurement } from '../../../src/how-many-copies.ts';

export async function measureCopies(
  limit: number,
  counts: readonly number[],
): Promise<Array<{ copies: number; ms: number; speedup: number }>> {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
  }
  for (const copies of counts) {
    if (!Number.isInteger(copies) || copies < 1) {
      throw new RangeError(`every count of copies must be a whole number ≥ 1, got ${copies}`);
    }
  }
  const start = performance.now();
  sumRange([0, limit]);
  const oneThreadMs = performance.now() - start;
  const curve: Array<{ copies: number; ms: number; speedup: number }> = [];
  for (const copies of counts) {
    const started = performance.now();
    const pool = new Tinypool({
      filename: tsWorker(new URL('../../../src/sum-range-worker.ts', import.meta.url)),
      minThreads: copies,
      maxThreads: copies,
    });
    await Promise.all(splitRange(limit, copies * 4).map((range) => pool.run(range)));
    const ms = performance.now() - started;
    curve.push({ copies, ms, speedup: oneThreadMs / ms });
  }
  return curve;
}
