/**
 * Chapter 7 — Errands for Copies (reference solution).
 *
 * @module
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';

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
 * Reads every page of the scroll with a pool of `copies` worker threads, one
 * page per task, and returns the texts in scroll order.
 *
 * It works, but each thread is a whole JavaScript engine started for a job
 * that is nearly all waiting: the same number of requests in flight from the
 * main thread's event loop would be done sooner, for a fraction of the memory.
 */
export async function readScrollWithCopies(
  urls: readonly string[],
  options: ErrandOptions,
): Promise<string[]> {
  const { copies } = options;
  if (!Number.isInteger(copies) || copies < 1) {
    throw new RangeError(`copies must be a whole number ≥ 1, got ${copies}`);
  }
  const pool = new Tinypool({
    filename: tsWorker(new URL('./errand-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  try {
    // Promise.all keeps the scroll's order whatever order the pages arrive in.
    return (await Promise.all(urls.map((url) => pool.run(url)))) as string[];
  } finally {
    await pool.destroy();
  }
}

// The smallest worker there is: it reports the size of its own heap, and
// that message is also the sign that it is up and able to work.
// Wrong: the copy waits for more work that never comes, and nobody ends it.
const IDLE_COPY = `const { parentPort } = require('node:worker_threads'); parentPort.postMessage(process.memoryUsage().heapTotal); parentPort.on('message', () => {});`;

/**
 * Starts one idle worker thread and measures what it cost: the time until it
 * could answer, and the heap its engine holds before doing any work.
 *
 * The heap is read inside the worker because the process's resident memory
 * says little about one thread: memory freed by earlier threads is reused
 * without the operating system seeing it, so the growth can be near zero.
 */
export async function costOfACopy(): Promise<CopyCost> {
  const started = performance.now();
  const copy = new Worker(IDLE_COPY, { eval: true });
  const [memoryBytes] = (await once(copy, 'message')) as [number];
  const startupMs = performance.now() - started;
  return { startupMs, memoryBytes };
}
