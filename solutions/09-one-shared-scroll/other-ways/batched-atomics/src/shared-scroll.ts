// Correct, another way: the tallies of the reference solution, started on a
// worker that adds the safe marks in batches (see tally-worker.ts).
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { tsWorker } from '@spellbook/ts-worker';

export { sendScroll, type Delivery } from '../../../src/shared-scroll.ts';

async function tally(workers: number, increments: number, safely: boolean): Promise<number> {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a whole number ≥ 1`);
  if (!Number.isInteger(increments) || increments < 0) {
    throw new RangeError(`increments must be a whole number ≥ 0`);
  }
  if (workers * increments > 2 ** 31 - 1) throw new RangeError('workers × increments must fit in an Int32');
  const job = {
    tally: new SharedArrayBuffer(4),
    gate: new SharedArrayBuffer(4),
    increments,
    safely,
  };
  const file = tsWorker(new URL('./tally-worker.ts', import.meta.url));
  const threads = Array.from({ length: workers }, () => new Worker(file, { workerData: job }));
  try {
    const finished = threads.map((thread) => once(thread, 'exit'));
    await Promise.all(threads.map((thread) => once(thread, 'message')));
    const gate = new Int32Array(job.gate);
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    await Promise.all(finished);
    return Atomics.load(new Int32Array(job.tally), 0);
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}

export const tallyUnsafely = (workers: number, increments: number): Promise<number> =>
  tally(workers, increments, false);
export const tallySafely = (workers: number, increments: number): Promise<number> =>
  tally(workers, increments, true);
