/**
 * Chapter 6 — Too Many Copies.
 *
 * How to cut the work so every copy finishes at about the same time, how to
 * measure what each extra copy buys, and how to choose how many to make. The
 * worker, `./sum-range-worker.ts`, is finished for you.
 *
 * @module Exercise 6: Too Many Copies
 */
// The solution needs these; use them as you like.
// import { tsWorker } from '@spellbook/ts-worker';
// import { Tinypool } from 'tinypool';

/** One point of the curve: how long the sum took with `copies` threads. */
export interface CopyMeasurement {
  copies: number;
  /** Median wall time of the parallel sum, pool start-up included, in ms. */
  ms: number;
  /** The one-thread time divided by `ms`: above 1 means the copies helped. */
  speedup: number;
}

/**
 * Cuts [0, limit) into exactly `chunks` ranges `[from, to)` of about equal
 * **cost**, where testing a number n costs about √n.
 *
 * The ranges are in order, touch each other (one's `to` is the next one's
 * `from`), start at 0 and end at `limit`. The costliest range costs at most
 * 1.25 × the average. When `limit` is smaller than `chunks`, some ranges are
 * empty (`from === to`).
 *
 * @param limit - a whole number ≥ 0.
 * @param chunks - a whole number ≥ 1.
 * @throws RangeError for a bad `limit` or `chunks`.
 *
 * @example
 * ```ts
 * splitRange(1_000_000, 2); // [[0, 629961], [629961, 1000000]]: the low half is wider
 * ```
 */
export function splitRange(limit: number, chunks: number): Array<[from: number, to: number]> {
  // TODO: boundaries at limit × (i / chunks)^(2/3), rounded; validate first.
  throw new Error('Not implemented: splitRange');
}

/**
 * Times the sum of the primes below `limit` done by a Tinypool pool with each
 * number of copies in `counts`, against the same sum on this thread alone.
 *
 * For each count: make a pool with that many threads, run the chunks from
 * {@link splitRange} through `./sum-range-worker.ts`, destroy the pool; the
 * time includes making the pool. Use the median of a few runs. Cut at least as
 * many chunks as the pool has threads (several per thread is better), so that
 * every thread of every pool computes a share.
 *
 * @param limit - the sum to time: a whole number ≥ 0.
 * @param counts - the numbers of copies to try, each a whole number ≥ 1.
 * @returns one {@link CopyMeasurement} per count, in the order of `counts`.
 * @throws RangeError for a bad `limit` or count.
 */
export async function measureCopies(limit: number, counts: readonly number[]): Promise<CopyMeasurement[]> {
  // TODO: time one thread, then each count of copies; speedup = one-thread ms / ms.
  throw new Error('Not implemented: measureCopies');
}

/**
 * The number of copies to use: the **smallest** count whose speed-up is
 * within 5 % of the best speed-up measured. Copies beyond that cost start-up
 * time and memory and buy nothing you can tell from noise.
 *
 * @param measurements - points of a curve, in any order.
 * @throws RangeError when there are no measurements.
 *
 * @example
 * ```ts
 * chooseCopies([{ copies: 1, speedup: 1 }, { copies: 2, speedup: 1.9 }, { copies: 4, speedup: 1.95 }]); // 2
 * ```
 */
export function chooseCopies(measurements: ReadonlyArray<{ copies: number; speedup: number }>): number {
  // TODO: find the best speed-up and pick the fewest copies that come within 5 % of it.
  throw new Error('Not implemented: chooseCopies');
}
