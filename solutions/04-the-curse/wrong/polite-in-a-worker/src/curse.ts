// Wrong on purpose: sumPrimesPolitely hands the whole sum to a worker thread
// and waits. The main thread's event loop is free the whole time, so every
// heartbeat ticks, and one thread computes, so it is no faster: but nothing
// was sliced, and the work left the thread chapter 4 is about.
import { Worker } from 'node:worker_threads';

export { isPrime, MAX_EXACT_LIMIT, sumPrimesBelow, sumPrimesConcurrently } from '../../../src/curse.ts';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
let sum = 0;
for (let n = 2; n < workerData; n += 1) {
  let prime = n === 2 || n % 2 === 1;
  for (let d = 3; prime && d * d <= n; d += 2) if (n % d === 0) prime = false;
  if (prime) sum += n;
}
parentPort.postMessage(sum);
`;

export async function sumPrimesPolitely(limit: number, options: { sliceMs?: number } = {}): Promise<number> {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a whole number ≥ 0, got ${limit}`);
  }
  const sliceMs = options.sliceMs ?? 10;
  if (!(Number.isFinite(sliceMs) && sliceMs > 0)) throw new RangeError(`bad sliceMs ${sliceMs}`);
  const worker = new Worker(WORKER, { eval: true, workerData: limit });
  try {
    return await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}
