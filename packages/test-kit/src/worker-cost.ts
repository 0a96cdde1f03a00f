/**
 * The tests' own measurement of what a worker thread costs, to hold a
 * student's `costOfACopy` against. It measures the same two things a
 * different way: the median of several workers after a warm-up, and the
 * heap size from `v8.getHeapStatistics()` rather than `process.memoryUsage()`.
 *
 * @module
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { now } from './clocks.ts';
import { median } from './statistics.ts';

/** Start-up time and memory of one idle worker thread, as the test kit measured them. */
export interface WorkerCost {
  /** Median time from `new Worker` to its first message, in milliseconds. */
  readonly startupMs: number;
  /** The median size of a fresh worker's own JavaScript heap, in bytes. */
  readonly memoryBytes: number;
  /** The individual start-up times, in milliseconds. */
  readonly startups: number[];
}

const READY = `require('node:worker_threads').parentPort.postMessage(require('node:v8').getHeapStatistics().total_heap_size);`;

/** Starts `samples` idle workers one after another, after one warm-up, and measures each. */
export async function measureWorkerCost(samples = 4): Promise<WorkerCost> {
  const warmUp = new Worker(READY, { eval: true });
  await once(warmUp, 'message');
  await warmUp.terminate();

  const startups: number[] = [];
  const heaps: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const started = now();
    const worker = new Worker(READY, { eval: true });
    try {
      const [heapBytes] = (await once(worker, 'message')) as [number];
      startups.push(now() - started);
      heaps.push(heapBytes);
    } finally {
      await worker.terminate();
    }
  }
  return { startupMs: median(startups), memoryBytes: median(heaps), startups };
}
