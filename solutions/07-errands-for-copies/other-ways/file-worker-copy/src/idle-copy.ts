/** An idle copy: its first message is its heap's size, and the sign that it is up. */
import { parentPort } from 'node:worker_threads';

parentPort?.postMessage(process.memoryUsage().heapTotal);
