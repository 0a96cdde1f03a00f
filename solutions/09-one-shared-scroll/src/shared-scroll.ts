/**
 * Chapter 9 — One Shared Scroll (reference solution).
 *
 * @module
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { tsWorker } from '@spellbook/ts-worker';
import type { TallyJob } from './tally-worker.ts';

/** What {@link sendScroll} measured. */
export interface Delivery {
  /** From `postMessage` until the worker said what it received, in milliseconds. */
  ms: number;
  /** True when the sender's buffer is empty afterwards: it was handed over, not copied. */
  detached: boolean;
}

function wholeNumber(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${value}`);
  }
}

// Stryker disable all: the workers end by themselves once their marks are made, so this only matters when one has failed, which no test makes happen
/**
 * Runs `use`, then terminates every thread in `threads`, whatever happened: a
 * worker that failed would leave the others waiting at the gate forever.
 */
async function endingAll<T>(threads: readonly Worker[], use: () => Promise<T>): Promise<T> {
  try {
    return await use();
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}
// Stryker restore all

/** Starts `workers` threads on one shared Int32, opens the gate, and reads the tally when all are done. */
async function tally(workers: number, increments: number, safely: boolean): Promise<number> {
  wholeNumber(workers, 'workers', 1);
  wholeNumber(increments, 'increments', 0);
  if (workers * increments > 2 ** 31 - 1) {
    throw new RangeError(`workers × increments must fit in an Int32, got ${workers * increments}`);
  }
  const job: TallyJob = {
    tally: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
    gate: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
    increments,
    safely,
  };
  const file = tsWorker(new URL('./tally-worker.ts', import.meta.url));
  const threads = Array.from({ length: workers }, () => new Worker(file, { workerData: job }));
  return endingAll(threads, async () => {
    const finished = threads.map((thread) => once(thread, 'exit'));
    // Start-up takes tens of milliseconds per thread; without the gate the
    // first worker could be done before the last one began.
    await Promise.all(threads.map((thread) => once(thread, 'message')));
    const gate = new Int32Array(job.gate);
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    await Promise.all(finished);
    return Atomics.load(new Int32Array(job.tally), 0);
  });
}

/**
 * `workers` threads each add 1 to one shared counter `increments` times, by
 * reading it and writing it back. Marks are lost when two threads read the
 * same value: the result is usually less than `workers × increments`.
 */
export function tallyUnsafely(workers: number, increments: number): Promise<number> {
  return tally(workers, increments, false);
}

/** The same count with `Atomics.add`: exactly `workers × increments`. */
export function tallySafely(workers: number, increments: number): Promise<number> {
  return tally(workers, increments, true);
}

/**
 * Sends `buffer` to a worker thread, copied (`transfer: false`) or handed
 * over (`transfer: true`), and measures how long it took to arrive.
 */
export async function sendScroll(buffer: ArrayBuffer, options: { transfer: boolean }): Promise<Delivery> {
  const reader = new Worker(tsWorker(new URL('./reader-worker.ts', import.meta.url)));
  try {
    await once(reader, 'message'); // ready: the start-up is not part of the delivery
    const size = buffer.byteLength;
    const started = performance.now();
    const arrived = once(reader, 'message');
    reader.postMessage(buffer, options.transfer ? [buffer] : []);
    await arrived;
    const ms = performance.now() - started;
    // A transferred buffer is detached: the sender is left holding zero bytes.
    return { ms, detached: size > 0 && buffer.byteLength === 0 };
  } finally {
    await reader.terminate();
  }
}
