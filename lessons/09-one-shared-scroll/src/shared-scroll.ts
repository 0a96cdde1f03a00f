/**
 * Chapter 9 — One Shared Scroll.
 *
 * Copies writing on one scroll: memory shared between worker threads with a
 * `SharedArrayBuffer`, the updates it can lose, `Atomics` that do not lose
 * them, and the difference between copying a buffer to a worker and handing
 * it over.
 *
 * @module Exercise 9: One Shared Scroll
 */
// These are the imports the solution needs; use them as you like.
// import { once } from 'node:events';
// import { Worker } from 'node:worker_threads';
// import { tsWorker } from '@spellbook/ts-worker';
// import type { TallyJob } from './tally-worker.ts';

/** What {@link sendScroll} measured. */
export interface Delivery {
  /** From `postMessage` until the worker said what it received, in milliseconds. */
  ms: number;
  /** True when the sender's buffer is empty afterwards: it was handed over, not copied. */
  detached: boolean;
}

/**
 * `workers` threads each add 1 to one shared Int32 `increments` times, with
 * a plain read and write (`./tally-worker.ts` with `safely: false`), all
 * starting together; returns the tally.
 *
 * Two threads can read the same value and both write back value + 1: one
 * mark is lost. On two or more cores the result is usually less than
 * `workers × increments`.
 *
 * @throws RangeError when `workers` is not a whole number ≥ 1, `increments`
 * not a whole number ≥ 0, or `workers × increments` does not fit in an Int32.
 *
 * @example
 * ```ts
 * await tallyUnsafely(2, 5_000_000); // 6_318_007, say: not 10_000_000
 * ```
 */
export async function tallyUnsafely(workers: number, increments: number): Promise<number> {
  // TODO: check the arguments (RangeError).
  // TODO: make the shared tally and gate (SharedArrayBuffers of one Int32
  // each), start `workers` Workers on tsWorker(new URL('./tally-worker.ts',
  // import.meta.url)) with { workerData: job }, wait for every 'ready'
  // message, open the gate (Atomics.store + Atomics.notify), wait for every
  // worker to exit, and return the tally.
  throw new Error('Not implemented: tallyUnsafely');
}

/**
 * The same as {@link tallyUnsafely}, with `Atomics.add`: exactly
 * `workers × increments`.
 *
 * @throws RangeError as for {@link tallyUnsafely}.
 */
export async function tallySafely(workers: number, increments: number): Promise<number> {
  // TODO: the same, with `safely: true`. Share the code with tallyUnsafely.
  throw new Error('Not implemented: tallySafely');
}

/**
 * Sends `buffer` to a worker thread (`./reader-worker.ts`), copied when
 * `transfer` is false, handed over (in the transfer list) when it is true,
 * and measures the time from `postMessage` until the worker's answer.
 *
 * - Wait for the worker's 'ready' message first: its start-up is not part of
 *   the delivery.
 * - `detached` is true when the buffer is empty afterwards (a non-empty
 *   buffer that was transferred).
 * - The worker is terminated before the promise resolves.
 *
 * @example
 * ```ts
 * await sendScroll(new ArrayBuffer(64 * 2 ** 20), { transfer: false }); // { ms: 31.4, detached: false }
 * await sendScroll(new ArrayBuffer(64 * 2 ** 20), { transfer: true });  // { ms: 0.4, detached: true }
 * ```
 */
export async function sendScroll(buffer: ArrayBuffer, options: { transfer: boolean }): Promise<Delivery> {
  // TODO: start the reader, wait for 'ready', time postMessage(buffer, transferList)
  // until its answer, note whether buffer.byteLength is now 0, terminate it.
  throw new Error('Not implemented: sendScroll');
}
