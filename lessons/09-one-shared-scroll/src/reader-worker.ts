/**
 * The copy who receives the scroll. Runs inside a worker thread: says it is
 * ready, then answers every message with the size of what arrived.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';

if (parentPort) {
  const port = parentPort;
  port.on('message', (scroll: ArrayBuffer) => port.postMessage(scroll.byteLength));
  port.postMessage('ready');
}
