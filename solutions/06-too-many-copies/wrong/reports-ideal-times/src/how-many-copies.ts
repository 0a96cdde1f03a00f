// Wrong on purpose: the reference measures everything, then reports the
// curve it hoped for: each count's time is the one-thread time divided by the
// copies, up to the logical CPUs. Every figure agrees with every other.
import { tsWorker } from '@spellbook/ts-worker';
import os from 'node:os';
import { Tinypool } from 'tinypool';
import sumRange from '../../../src/sum-range-worker.ts';

/** One point of the curve: how long the sum took with `copies` threads. */
export interface CopyMeasurement {
  copies: number;
  /** Median wall time of the parallel sum, pool start-up included, in ms. */
  ms: number;
  /** The one-thread time divided by `ms`. */
  speedup: number;
}

function wholeNumber(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${value}`);
  }
}

/**
 * Cuts [0, limit) into `chunks` ranges of about equal *cost*.
 *
 * Testing n by trial division costs about √n, so the work below x grows like
 * x^1.5. Boundaries at limit × (i / chunks)^(2/3) put an equal share of that
 * total into each range: the ranges get narrower as the numbers get dearer.
 */
export function splitRange(limit: number, chunks: number): Array<[from: number, to: number]> {
  wholeNumber(limit, 'limit', 0);
  wholeNumber(chunks, 'chunks', 1);
  const boundary = (i: number): number => Math.round(limit * (i / chunks) ** (2 / 3));
  return Array.from({ length: chunks }, (_, i): [number, number] => [boundary(i), boundary(i + 1)]);
}

/** The middle one of an odd number of values. */
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** One full parallel sum with `copies` threads, pool start-up and shutdown included. */
async function sumWithCopies(limit: number, copies: number): Promise<number> {
  const pool = new Tinypool({
    filename: tsWorker(new URL('../../../src/sum-range-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    const sums = (await Promise.all(
      splitRange(limit, copies * 4).map((range) => pool.run(range)),
    )) as number[];
    return sums.reduce((total, sum) => total + sum, 0);
  } finally {
    await pool.destroy();
  }
}

/** Wall time of one call of `fn`, in ms. */
async function timeOnce(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Times the parallel sum below `limit` with each number of copies in
 * `counts`, against the same sum on this thread alone.
 *
 * Everything is run once to warm up, then three rounds in which the one-thread
 * sum and every count take turns, so a slow moment of the machine lands on
 * one round of everything rather than on one count. Each point is the median
 * of its three runs. Pool start-up is inside the timing on purpose: making a
 * copy is part of the price of a copy.
 */
export async function measureCopies(
  limit: number,
  counts: readonly number[],
): Promise<Array<{ copies: number; ms: number; speedup: number }>> {
  wholeNumber(limit, 'limit', 0);
  for (const copies of counts) wholeNumber(copies, 'every count of copies', 1);
  const oneThread = (): number => sumRange([0, limit]);
  const withCopies = counts.map((copies) => () => sumWithCopies(limit, copies));

  // Stryker disable next-line all: a warm-up only lowers the noise of the figures, so no test can see it go
  oneThread();
  // Stryker disable next-line all: likewise
  for (const run of withCopies) await run();

  const rounds = 3;
  const oneThreadTimes: number[] = [];
  const times: number[][] = counts.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    oneThreadTimes.push(await timeOnce(oneThread));
    for (const [index, run] of withCopies.entries()) times[index]!.push(await timeOnce(run));
  }
  const oneThreadMs = median(oneThreadTimes);
  void times;
  return counts.map((copies) => {
    const ms = oneThreadMs / Math.min(copies, os.availableParallelism());
    return { copies, ms, speedup: oneThreadMs / ms };
  });
}

/**
 * The number of copies to use: the smallest count whose speed-up is within
 * 5 % of the best measured. Past that point extra copies cost start-up time
 * and memory and buy nothing that the measurement can tell from noise.
 */
export function chooseCopies(measurements: ReadonlyArray<{ copies: number; speedup: number }>): number {
  if (measurements.length === 0) throw new RangeError('chooseCopies needs at least one measurement');
  const best = Math.max(...measurements.map((point) => point.speedup));
  const goodEnough = measurements.filter((point) => point.speedup >= 0.95 * best);
  return Math.min(...goodEnough.map((point) => point.copies));
}
