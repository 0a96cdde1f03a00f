// Wrong on purpose: "transferring" detaches the sender's buffer locally with
// structuredClone(…, { transfer }) and posts only its size, so the sender is
// left empty and the delivery is quick, but the worker never gets the scroll.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { tsWorker } from '@spellbook/ts-worker';
import type { Delivery } from '../../../src/shared-scroll.ts';

export { tallySafely, tallyUnsafely, type Delivery } from '../../../src/shared-scroll.ts';

export async function sendScroll(buffer: ArrayBuffer, options: { transfer: boolean }): Promise<Delivery> {
  const reader = new Worker(tsWorker(new URL('../../../src/reader-worker.ts', import.meta.url)));
  try {
    await once(reader, 'message');
    const size = buffer.byteLength;
    const started = performance.now();
    const arrived = once(reader, 'message');
    if (options.transfer) {
      structuredClone(buffer, { transfer: [buffer] });
      reader.postMessage(new ArrayBuffer(0));
    } else {
      reader.postMessage(buffer);
    }
    await arrived;
    const ms = performance.now() - started;
    return { ms, detached: size > 0 && buffer.byteLength === 0 };
  } finally {
    await reader.terminate();
  }
}
