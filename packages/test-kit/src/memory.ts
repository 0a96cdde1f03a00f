/**
 * How much memory a function needs at its peak. Used by lesson 11 to check
 * that a segmented sieve's memory stays bounded while a plain sieve's grows
 * with the limit, on one thread and shared among copies.
 *
 * The function runs in a worker thread of this process while the main thread
 * samples the process's resident memory every millisecond: a plain sieve's
 * array is alive, and resident, for the whole of its run, so the samples see
 * it. (A separate process would measure more cleanly, but the grader's
 * sandbox forbids starting one.)
 *
 * @module
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { tsWorker } from '@spellbook/ts-worker';
import { median } from './statistics.ts';

const probe = new URL('./memory-probe.mjs', import.meta.url);

/** What {@link peakMemoryGrowth} found. */
export interface MemoryGrowth {
  /** What the function returned for `argument`. */
  readonly value: unknown;
  /** How far the process's resident memory rose above where it was before the call, at the peak, in bytes. */
  readonly growthBytes: number;
}

/**
 * Calls `exportName(argument, ...more)` from the TypeScript module `file` in
 * a worker thread (after one call with `warmUpArgument`), awaits what it
 * returns, and reports how far the process's resident memory rose during it,
 * at its peak. Memory of every thread counts, so a function that hands its
 * work to threads of its own is measured whole.
 */
export async function peakMemoryGrowth(
  file: string,
  exportName: string,
  argument: number,
  {
    warmUpArgument = 1_000,
    more = [],
  }: { readonly warmUpArgument?: number; readonly more?: readonly unknown[] } = {},
): Promise<MemoryGrowth> {
  const worker = new Worker(probe, {
    // tsWorker: the exercise's own path where Node strips types, a compiled copy on Node 20.
    workerData: { moduleFile: tsWorker(file), exportName, warmUpArgument, argument, more },
  });
  try {
    const [ready] = (await once(worker, 'message')) as [unknown];
    if (ready !== 'ready') throw new Error(`the memory probe said ${String(ready)}`);
    const before: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      before.push(process.memoryUsage.rss());
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const baseline = median(before);
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 1);
    try {
      const answer = once(worker, 'message');
      worker.postMessage('go');
      const [{ value }] = (await answer) as [{ value: unknown }];
      peak = Math.max(peak, process.memoryUsage.rss());
      return { value, growthBytes: peak - baseline };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await worker.terminate();
  }
}
