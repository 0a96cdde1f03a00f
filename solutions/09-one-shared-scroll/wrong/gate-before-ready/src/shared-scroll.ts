// Wrong on purpose: the gate opens as soon as the workers are made, without
// waiting for their "ready". Each worker then starts counting the moment it
// is up, tens of milliseconds apart, so the first may finish before the last
// begins and the race the chapter shows may never happen.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { tsWorker } from '@spellbook/ts-worker';
import type { TallyJob } from '../../../src/tally-worker.ts';

export { sendScroll, type Delivery } from '../../../src/shared-scroll.ts';

async function tally(workers: number, increments: number, safely: boolean): Promise<number> {
  const job: TallyJob = {
    tally: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
    gate: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT),
    increments,
    safely,
  };
  const file = tsWorker(new URL('../../../src/tally-worker.ts', import.meta.url));
  const threads = Array.from({ length: workers }, () => new Worker(file, { workerData: job }));
  const finished = threads.map((thread) => once(thread, 'exit'));
  const gate = new Int32Array(job.gate);
  Atomics.store(gate, 0, 1);
  Atomics.notify(gate, 0);
  await Promise.all(finished);
  return Atomics.load(new Int32Array(job.tally), 0);
}

export function tallyUnsafely(workers: number, increments: number): Promise<number> {
  return tally(workers, increments, false);
}

export function tallySafely(workers: number, increments: number): Promise<number> {
  return tally(workers, increments, true);
}
