// One of the test kit's reference copies: a worker thread that runs the
// tasks it is sent, one at a time, and answers each with its value or error.
import { parentPort } from 'node:worker_threads';
import { runTask } from './work.mjs';

parentPort.on('message', async ({ id, task }) => {
  try {
    parentPort.postMessage({ id, value: await runTask(task) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
