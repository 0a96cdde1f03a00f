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
 * Other memory of the process can be given back while the function runs (a
 * garbage collection of the main thread, a thread that ended just before),
 * and memory given back hides as much of the function's own from a plain
 * "peak minus before". Two things keep that out of the figure: both threads
 * collect their garbage before the baseline is taken (where `gc` is exposed:
 * the lesson preset starts the test processes with `--expose-gc` when a lesson
 * measures memory), and the growth is the largest rise from a low point to a
 * later high one, so memory given back before the function's own rise does
 * not shrink it.
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
  /**
   * How far the process's resident memory rose during the call, in bytes:
   * the largest rise from a low point (at first, where it was before the
   * call) to a later high one.
   */
  readonly growthBytes: number;
}

/** The garbage collector, where the process was started with `--expose-gc`. */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** The largest rise from a low point to a later high one, as the samples came. */
class RiseMeter {
  private low: number;
  private rise = 0;

  constructor(start: number) {
    this.low = start;
  }

  add(sample: number): void {
    this.low = Math.min(this.low, sample);
    this.rise = Math.max(this.rise, sample - this.low);
  }

  get largestRise(): number {
    return this.rise;
  }
}

/**
 * The process's resident memory once it has stopped moving: sampled every
 * few milliseconds until the last ten samples lie within half a MiB (a
 * thread that just ended, or a collection, gives memory back over some
 * milliseconds), for at most a second; their median.
 */
async function settledResidentMemory(): Promise<number> {
  const window: number[] = [];
  const started = performance.now();
  for (;;) {
    window.push(process.memoryUsage.rss());
    if (window.length > 10) window.shift();
    const settled = window.length === 10 && Math.max(...window) - Math.min(...window) < 2 ** 19;
    if (settled || performance.now() - started > 1_000) return median(window);
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
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
    // The worker collected its own garbage before it said it was ready.
    collectGarbage?.();
    const meter = new RiseMeter(await settledResidentMemory());
    const sampler = setInterval(() => meter.add(process.memoryUsage.rss()), 1);
    try {
      const answer = once(worker, 'message');
      worker.postMessage('go');
      const [{ value }] = (await answer) as [{ value: unknown }];
      meter.add(process.memoryUsage.rss());
      return { value, growthBytes: meter.largestRise };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await worker.terminate();
  }
}
