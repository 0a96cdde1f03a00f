/**
 * A copy at the shared tally (reference solution). Runs inside a worker
 * thread started by `./shared-scroll.ts`.
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

/** Adds `increments` marks to the tally, once the gate opens. */
export function addMarks(job: TallyJob): void {
  const tally = new Int32Array(job.tally);
  const gate = new Int32Array(job.gate);
  // Sleep until the main thread opens the gate, so all workers start together.
  Atomics.wait(gate, 0, 0);
  if (job.safely) {
    // One indivisible read-add-write: no other thread's mark can fall between.
    for (let i = 0; i < job.increments; i += 1) Atomics.add(tally, 0, 1);
  } else {
    // A read, then a write: another thread may write in between, and its mark is lost.
    for (let i = 0; i < job.increments; i += 1) tally[0] = (tally[0] as number) + 1;
  }
}

// Stryker disable next-line all: a guard for a load outside a worker thread, which no test does
if (parentPort && workerData) {
  parentPort.postMessage('ready');
  addMarks(workerData as TallyJob);
}
