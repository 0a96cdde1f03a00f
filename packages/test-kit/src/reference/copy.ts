/**
 * One of the test kit's reference copies: a worker thread that runs the
 * tasks it is sent, one at a time, and answers each with its value or error.
 *
 * It is a TypeScript file started through `@spellbook/ts-worker`, as every
 * exercise's worker is, so that the yardstick pays the start-up a student's
 * copy pays: on Node ≥ 22.18 each thread loads Node's type stripper before
 * its first task (about 45 ms of CPU per thread on the course's machine,
 * which a CPU quota of one core turns into wall time); on Node 20 both run
 * a compiled `.mjs` file.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { runTask, type ReferenceTask } from './work.mjs';

interface Order {
  readonly id: number;
  readonly task: ReferenceTask;
}

const port = parentPort;
if (port === null) throw new Error("the test kit's reference copy must run in a worker thread");

async function answer({ id, task }: Order): Promise<void> {
  try {
    port?.postMessage({ id, value: await runTask(task) });
  } catch (error) {
    port?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
}

port.on('message', (order: Order) => void answer(order));
