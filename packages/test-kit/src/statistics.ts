/**
 * The one statistic the timing tests rest on: the median, which a single
 * run spoiled by a slow moment of the machine cannot move. How runs are
 * interleaved and judged lives in speed/.
 *
 * @module
 */

/** The median of some numbers (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
