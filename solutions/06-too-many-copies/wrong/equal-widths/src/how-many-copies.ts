// Wrong on purpose: splitRange cuts pieces of equal width, so the last piece
// holds the dearest numbers. Everything else is the reference solution.
export { chooseCopies, measureCopies, type CopyMeasurement } from '../../../src/how-many-copies.ts';

export function splitRange(limit: number, chunks: number): Array<[from: number, to: number]> {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
  }
  if (!Number.isInteger(chunks) || chunks < 1) {
    throw new RangeError(`chunks must be a whole number ≥ 1, got ${chunks}`);
  }
  const boundary = (i: number): number => Math.round((limit * i) / chunks);
  return Array.from({ length: chunks }, (_, i): [number, number] => [boundary(i), boundary(i + 1)]);
}
