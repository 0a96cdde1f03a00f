/**
 * Chapter 7 — Errands for Copies.
 *
 * The copies can fetch pages too. In Node, that is `fetch` inside worker
 * threads: it works, but each worker costs far more to start than a request
 * costs to send.
 *
 * @module Exercise 7: Errands for Copies
 */
// These are the imports the solution needs; use them as you like.
// import { once } from 'node:events';
// import { Worker } from 'node:worker_threads';
// import { tsWorker } from '@spellbook/ts-worker';
// import { Tinypool } from 'tinypool';

/** Options for {@link readScrollWithCopies}. */
export interface ErrandOptions {
  /** How many worker threads to send on errands: a whole number ≥ 1. */
  copies: number;
}

/** What one worker thread costs before it has done anything. */
export interface CopyCost {
  /** From `new Worker(...)` until the worker's first message arrived, in milliseconds. */
  startupMs: number;
  /** The size of the idle worker's own JavaScript heap (`process.memoryUsage().heapTotal`, read inside the worker), in bytes. */
  memoryBytes: number;
}

/**
 * Reads every page of the scroll with a Tinypool of `copies` worker threads,
 * one page per task, and returns the texts in scroll order.
 *
 * - Each page is fetched inside a worker, by `./errand-worker.ts`.
 * - At most `copies` pages are on the road at once (one per worker).
 * - When the promise settles, the pool has been destroyed.
 *
 * @param urls - the pages to read.
 * @param options - how many copies; see {@link ErrandOptions}.
 * @throws RangeError when `copies` is not a whole number ≥ 1.
 *
 * @example
 * ```ts
 * const texts = await readScrollWithCopies(urls, { copies: 4 });
 * ```
 */
export async function readScrollWithCopies(
  urls: readonly string[],
  options: ErrandOptions,
): Promise<string[]> {
  // TODO: check `copies` (RangeError).
  // TODO: make a Tinypool of `copies` threads running ./errand-worker.ts
  // (through tsWorker), run one task per URL, keep the scroll's order.
  // TODO: destroy the pool before returning, even if a page fails.
  throw new Error('Not implemented: readScrollWithCopies');
}

/**
 * Starts one idle worker thread and measures what it cost.
 *
 * - `startupMs`: from `new Worker(...)` until the worker's first message.
 * - `memoryBytes`: the heap the worker's engine holds before doing
 *   anything: `process.memoryUsage().heapTotal`, read inside the worker and
 *   sent back in its first message.
 * - The worker is ended before the promise resolves.
 * - It is a bare worker with no module of its own, `new Worker(code, { eval:
 *   true })`: the tests compare your figures with such a worker's, and a `.ts`
 *   file through `tsWorker` would add the cost of loading that file.
 *
 * @example
 * ```ts
 * const { startupMs, memoryBytes } = await costOfACopy(); // ~20–30 ms and several MiB on a laptop
 * ```
 */
export async function costOfACopy(): Promise<CopyCost> {
  // TODO: note the time, start a worker whose only job is to post its
  // process.memoryUsage().heapTotal, wait for that message, take the time
  // again, and terminate the worker.
  throw new Error('Not implemented: costOfACopy');
}
