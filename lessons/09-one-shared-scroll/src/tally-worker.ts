/**
 * A copy at the shared tally. This module runs inside each worker thread
 * started by `./shared-scroll.ts`, with a {@link TallyJob} as its
 * `workerData`.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';

/** What each tally worker is given. */
export interface TallyJob {
  /** One Int32 shared by every worker: the tally. */
  readonly tally: SharedArrayBuffer;
  /** One Int32 the main thread sets to 1 when every worker may start. */
  readonly gate: SharedArrayBuffer;
  /** How many marks this worker adds. */
  readonly increments: number;
  /** Add with `Atomics.add` (true) or with a plain read and write (false). */
  readonly safely: boolean;
}

/** Adds `job.increments` marks to the tally, once the gate opens. */
export function addMarks(job: TallyJob): void {
  // TODO: view job.tally and job.gate as Int32Arrays.
  // TODO: wait until the gate opens: Atomics.wait(gate, 0, 0) sleeps while gate[0] is 0.
  // TODO: add job.increments marks to tally[0]: with Atomics.add when
  // job.safely, otherwise with a plain `tally[0] = tally[0] + 1`.
  throw new Error('Not implemented: addMarks (the worker)');
}

// This part is done for you: when this file is a worker's main module, it
// says it is ready (the main thread then opens the gate) and adds its marks.
if (parentPort && workerData) {
  parentPort.postMessage('ready');
  addMarks(workerData as TallyJob);
}
