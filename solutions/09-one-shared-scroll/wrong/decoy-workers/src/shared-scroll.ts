// Wrong on purpose: the safe tally starts the right number of workers and
// waits until they are ready, so the threads are there to be counted, but
// the main thread adds every mark itself; the workers are then let go
// with nothing to do.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export { sendScroll, tallyUnsafely, type Delivery } from '../../../src/shared-scroll.ts';

const IDLE = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage('ready');
parentPort.once('message', () => process.exit(0));
`;

export async function tallySafely(workers: number, increments: number): Promise<number> {
  if (!Number.isInteger(workers) || workers < 1 || !Number.isInteger(increments) || increments < 0) {
    throw new RangeError('bad arguments');
  }
  if (workers * increments > 2 ** 31 - 1) throw new RangeError('too many marks');
  const threads = Array.from({ length: workers }, () => new Worker(IDLE, { eval: true }));
  try {
    await Promise.all(threads.map((thread) => once(thread, 'message')));
    const tally = new Int32Array(new SharedArrayBuffer(4));
    for (let i = 0; i < workers * increments; i += 1) Atomics.add(tally, 0, 1);
    for (const thread of threads) thread.postMessage('go');
    await Promise.all(threads.map((thread) => once(thread, 'exit')));
    return Atomics.load(tally, 0);
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}
