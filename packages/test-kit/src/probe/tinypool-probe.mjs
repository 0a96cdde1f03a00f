/**
 * The worker side of the test kit's Tinypool spy (../tinypool-spy.ts). The
 * spy hands every task to this module instead of the exercise's worker file,
 * wrapped with where the real task function lives; this module loads that
 * function, runs it, and writes into a small shared buffer which thread ran
 * the task and the CPU time (or, where the platform cannot tell, the wall
 * time) it spent there. The task function's result is returned untouched, so
 * `Tinypool.move` and transfer lists behave as without the spy.
 *
 * An idle Tinypool worker waits in `Atomics.wait`, which event-loop
 * utilisation counts as busy; timing each task from inside the worker is what
 * lets "busy" mean "computed".
 *
 * Plain JavaScript: it loads in worker threads on Node 20 too.
 *
 * @module
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { threadCpuMs, threadCpuSource } from './thread-cpu.mjs';

// Captured before any exercise code loads in this thread.
const nowFn = performance.now.bind(performance);

/** Field order of the record buffer (Float64Array). */
export const RECORD_FIELDS = ['threadId', 'cpuMs', 'wallMs', 'measuredCpu'];

/** @type {Map<string, Promise<(task: unknown) => unknown>>} */
const handlers = new Map();

/**
 * The task function, found the way Tinypool finds it: the module's default
 * export if that is a function and `name` is 'default', else the named export.
 *
 * @param {string} filename
 * @param {string} name
 */
async function load(filename, name) {
  const specifier = isAbsolute(filename) ? pathToFileURL(filename).href : filename;
  /** @type {Record<string, unknown>} */
  const module = await import(specifier);
  const holder = (typeof module.default !== 'function' && module.default) || module;
  const handler =
    typeof holder === 'function' ? holder : /** @type {Record<string, unknown>} */ (holder)[name];
  if (typeof handler !== 'function') {
    throw new TypeError(`No task function "${name}" is exported from ${filename}`);
  }
  return /** @type {(task: unknown) => unknown} */ (handler);
}

/**
 * @param {{ task: unknown; filename: string; name: string; record: SharedArrayBuffer; fail?: string }} wrapped
 */
export default async function probe(wrapped) {
  // A failure the test asked for (the spy's failTask): this task throws in
  // its worker, as a copy whose work went wrong would, and runs nothing.
  if (wrapped.fail !== undefined) throw new Error(wrapped.fail);
  const key = `${wrapped.filename}\0${wrapped.name}`;
  let handler = handlers.get(key);
  if (!handler) {
    handler = load(wrapped.filename, wrapped.name);
    handlers.set(key, handler);
  }
  const run = await handler;
  const record = new Float64Array(wrapped.record);
  const wallStart = nowFn();
  const cpuStart = threadCpuMs();
  try {
    return await run(wrapped.task);
  } finally {
    const wallMs = nowFn() - wallStart;
    const cpuEnd = threadCpuMs();
    record[0] = threadId;
    record[1] = cpuStart === undefined || cpuEnd === undefined ? wallMs : cpuEnd - cpuStart;
    record[2] = wallMs;
    record[3] = threadCpuSource === 'none' ? 0 : 1;
  }
}
