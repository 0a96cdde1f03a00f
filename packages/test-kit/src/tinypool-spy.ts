/**
 * Watching Tinypool at run time. A lesson's test replaces the `tinypool`
 * module, for the exercise only, with the same module whose `Tinypool` class
 * records what it does: the pools made, the tasks run, and for every task the
 * worker thread that ran it and the CPU time it spent there. "Uses tinypool
 * on several threads" is then something the test saw happen, not something
 * it read in the source.
 *
 * ```ts
 * vi.mock('tinypool', async (importOriginal) =>
 *   (await import('@spellbook/test-kit')).spyOnTinypool(await importOriginal()),
 * );
 * ```
 *
 * Each task is measured from inside its worker (probe/tinypool-probe.mjs): the
 * spy hands Tinypool the kit's probe as the worker file, and the probe runs
 * the exercise's own task function. Busy therefore means *computed*: an idle
 * Tinypool worker waits in `Atomics.wait`, which event-loop utilisation would
 * count as busy, and a figure read from outside goes stale the moment a task
 * ends. Where a platform cannot tell one thread's CPU from another's
 * (`threadCpuSource` is `'none'`: no `process.threadCpuUsage` and no
 * /proc), the probe reports the task's wall time on its thread instead.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { now } from './clocks.ts';
import { threadCpuSource } from './probe/thread-cpu.mjs';

const PROBE = fileURLToPath(new URL('./probe/tinypool-probe.mjs', import.meta.url));

/** What one task did, measured on the thread that ran it. */
export interface TaskRecord {
  readonly threadId: number;
  /** CPU time of that thread during the task (its wall time where the platform cannot tell; see {@link cpuMeasured}). */
  readonly cpuMs: number;
  readonly wallMs: number;
  /** When its result reached the main thread (the kit's own `now()`, which exercise code cannot replace). */
  readonly endedAt: number;
  /**
   * What the task returned, when that was a plain finite number (a prime
   * lesson's task returns the sum of its chunk); `undefined` for anything
   * else, or when it threw. The answers a thread returned are the work it
   * did: a thread can burn CPU without computing, but not return a share of
   * a sum it never computed.
   */
  readonly result: number | undefined;
}

/** What one worker thread of a pool did. */
export interface ThreadRecord {
  readonly threadId: number;
  /** Tasks it finished. */
  tasks: number;
  /** CPU time it spent in those tasks, in ms. */
  cpuMs: number;
  /** Wall time of those tasks, in ms. */
  wallMs: number;
  /** The sum of the numbers its tasks returned (see {@link TaskRecord.result}). */
  answered: number;
  /** True once the thread has exited. */
  exited: boolean;
  /**
   * True once `terminate()` was called on it: it runs no more of the
   * exercise's code, though its 'exit' may come a moment later. (Tinypool
   * terminates the worker of an aborted task at once, and its `destroy()`
   * does not wait for that worker's exit.)
   */
  terminating: boolean;
}

/** What one Tinypool instance did. */
export interface PoolRecord {
  readonly minThreads: number | undefined;
  readonly maxThreads: number | undefined;
  /** How many times `run` was called. */
  tasks: number;
  /** True once `destroy()` has finished. */
  destroyed: boolean;
  /** When the pool was made (the kit's own `now()`). */
  readonly createdAt: number;
  /** When its `destroy()` finished; undefined until then. */
  destroyedAt: number | undefined;
  /**
   * The most tasks that were ever waiting in the pool's queue for a free
   * thread (Tinypool's own `queueSize`, read after every `run`: the only
   * moment the queue grows).
   */
  peakQueued: number;
  /** Every thread the pool started, or that ran a task, by thread id. */
  readonly threads: Map<number, ThreadRecord>;
  /** Every task that finished (or threw) on a worker, in the order they ended. */
  readonly taskRecords: TaskRecord[];
  /** Tasks made to fail at the test's request ({@link failTask}). */
  failedTasks: number;
}

/** True where the spy's figures are CPU time per thread, false where they are wall time on the thread. */
export const cpuMeasured: boolean = threadCpuSource !== 'none';

/** Everything the spy has seen since the last {@link resetTinypoolLog}. */
export const tinypoolLog: PoolRecord[] = [];

/** The message of the error a task made to fail throws, unless the test names another. */
export const FAILED_TASK_MESSAGE = 'this task was made to fail by the test, as a copy whose work goes wrong';

/** A task the test has asked to fail: how many more tasks are handed out before it, and its error's message. */
let failing: { before: number; message: string } | undefined;

/** Forgets every pool seen so far, and any task failure asked for (call before the code under test runs). */
export function resetTinypoolLog(): void {
  tinypoolLog.length = 0;
  failing = undefined;
}

/**
 * Makes the `nth` task handed to a spied pool from now on (counting from 1,
 * over every pool) throw `new Error(message)` in its worker thread instead
 * of running: a copy whose work went wrong, for the chapters' "the pool is
 * destroyed whether the sum worked or not". Only a task the spy can probe
 * (a worker thread, no `teardown`) can be made to fail; the pool's record
 * counts it in {@link PoolRecord.failedTasks}. {@link resetTinypoolLog}
 * forgets a failure not yet delivered.
 */
export function failTask(nth: number, message: string = FAILED_TASK_MESSAGE): void {
  if (!Number.isInteger(nth) || nth < 1) {
    throw new RangeError(`failTask: nth must be a whole number ≥ 1, got ${nth}`);
  }
  failing = { before: nth - 1, message };
}

/** The message to fail this task with, if it is the one {@link failTask} named. */
function failureFor(): string | undefined {
  if (failing === undefined) return undefined;
  if (failing.before > 0) {
    failing.before -= 1;
    return undefined;
  }
  const { message } = failing;
  failing = undefined;
  return message;
}

interface RunOptions {
  transferList?: unknown[];
  filename?: string | URL | null;
  name?: string | null;
  [option: string]: unknown;
}
interface PoolOptions {
  minThreads?: number;
  maxThreads?: number;
  filename?: string | URL | null;
  name?: string;
  runtime?: string;
  teardown?: string;
  [option: string]: unknown;
}
interface TinypoolLike {
  readonly threads: ReadonlyArray<{ threadId: number; thread?: Worker }>;
  readonly queueSize: number;
  run(task: unknown, options?: unknown): Promise<unknown>;
  destroy(): Promise<void>;
}
type TinypoolClass = new (options?: PoolOptions) => TinypoolLike;

function threadRecord(record: PoolRecord, threadId: number): ThreadRecord {
  let seen = record.threads.get(threadId);
  if (!seen) {
    seen = { threadId, tasks: 0, cpuMs: 0, wallMs: 0, answered: 0, exited: false, terminating: false };
    record.threads.set(threadId, seen);
  }
  return seen;
}

/** Notes the pool's current threads, and when each exits. */
function look(record: PoolRecord, pool: TinypoolLike, watched: WeakSet<Worker>): void {
  for (const { threadId, thread } of pool.threads) {
    if (!thread || watched.has(thread)) continue;
    watched.add(thread);
    const seen = threadRecord(record, threadId);
    thread.once('exit', () => {
      seen.exited = true;
    });
    const terminate = thread.terminate.bind(thread);
    thread.terminate = () => {
      seen.terminating = true;
      return terminate();
    };
  }
}

const asPath = (filename: string | URL): string =>
  filename instanceof URL
    ? fileURLToPath(filename)
    : filename.startsWith('file:')
      ? fileURLToPath(filename)
      : filename;

/** Tinypool's own marker on a value passed through `Tinypool.move` (a private symbol, found by its name). */
function movedValue(task: unknown): { value: unknown; transfer: unknown[] } | undefined {
  if (task === null || typeof task !== 'object') return undefined;
  const marker = Object.getOwnPropertySymbols(task).find(
    (symbol) => symbol.description === 'Tinypool.kMovable',
  );
  if (!marker || (task as Record<symbol, unknown>)[marker] !== true) return undefined;
  const holder = task as Record<symbol, unknown>;
  const transfer = holder[Symbol.for('Tinypool.transferable')];
  return {
    value: holder[Symbol.for('Tinypool.valueOf')],
    transfer: Array.isArray(transfer) ? transfer : [transfer],
  };
}

/**
 * The `tinypool` module with its `Tinypool` class (named and default export)
 * replaced by one that records into {@link tinypoolLog}.
 */
export function spyOnTinypool<M extends { Tinypool: unknown }>(original: M): M {
  const Original = original.Tinypool as TinypoolClass;
  class WatchedTinypool extends Original {
    readonly #record: PoolRecord;
    readonly #watched = new WeakSet<Worker>();
    readonly #filename: string | URL | null | undefined;
    readonly #name: string;
    /** Tasks cannot be probed in child processes (no shared memory) or where a teardown names the worker file's exports. */
    readonly #probed: boolean;

    constructor(options: PoolOptions = {}) {
      const probed = options.runtime !== 'child_process' && options.teardown === undefined;
      super(probed ? { ...options, filename: PROBE, name: 'default' } : options);
      this.#filename = options.filename;
      this.#name = options.name ?? 'default';
      this.#probed = probed;
      this.#record = {
        minThreads: options.minThreads,
        maxThreads: options.maxThreads,
        tasks: 0,
        destroyed: false,
        createdAt: now(),
        destroyedAt: undefined,
        peakQueued: 0,
        threads: new Map(),
        taskRecords: [],
        failedTasks: 0,
      };
      tinypoolLog.push(this.#record);
      look(this.#record, this, this.#watched);
    }

    override async run(task: unknown, options: RunOptions = {}): Promise<unknown> {
      this.#record.tasks += 1;
      look(this.#record, this, this.#watched);
      const filename = options.filename ?? this.#filename;
      if (
        !this.#probed ||
        options.runtime === 'child_process' ||
        filename === null ||
        filename === undefined
      ) {
        // Unprobed: Tinypool runs it (and reports a missing filename) as usual.
        return this.#queued(super.run(task, options));
      }
      const moved = movedValue(task);
      const transferList = [...(options.transferList ?? []), ...(moved?.transfer ?? [])];
      const buffer = new SharedArrayBuffer(4 * Float64Array.BYTES_PER_ELEMENT);
      const fail = failureFor();
      if (fail !== undefined) this.#record.failedTasks += 1;
      const wrapped = {
        task: moved ? moved.value : task,
        filename: asPath(filename),
        name: options.name ?? this.#name,
        record: buffer,
        ...(fail === undefined ? {} : { fail }),
      };
      let result: number | undefined;
      try {
        const value = await this.#queued(
          super.run(wrapped, {
            ...options,
            filename: PROBE,
            name: 'default',
            ...(transferList.length > 0 ? { transferList } : {}),
          }),
        );
        if (typeof value === 'number' && Number.isFinite(value)) result = value;
        return value;
      } finally {
        look(this.#record, this, this.#watched);
        const [threadId = 0, cpuMs = 0, wallMs = 0] = new Float64Array(buffer);
        if (threadId > 0) {
          this.#record.taskRecords.push({ threadId, cpuMs, wallMs, endedAt: now(), result });
          const seen = threadRecord(this.#record, threadId);
          seen.tasks += 1;
          seen.cpuMs += cpuMs;
          seen.wallMs += wallMs;
          seen.answered += result ?? 0;
        }
      }
    }

    /** Notes the queue's length just after a task was handed to the pool. */
    #queued(task: Promise<unknown>): Promise<unknown> {
      this.#record.peakQueued = Math.max(this.#record.peakQueued, this.queueSize);
      return task;
    }

    override async destroy(): Promise<void> {
      look(this.#record, this, this.#watched);
      await super.destroy();
      this.#record.destroyed = true;
      this.#record.destroyedAt = now();
    }
  }
  return { ...original, Tinypool: WatchedTinypool, default: WatchedTinypool };
}

/** A summary of the pools seen: for test messages and assertions. */
export interface TinypoolSummary {
  readonly pools: number;
  /** Calls to `run`. */
  readonly tasks: number;
  /** Threads that computed for at least `busyMs` (CPU time in their tasks). */
  readonly busyThreads: number;
  /**
   * Busy threads that also did a real share of the work: at least a quarter
   * of an equal share of {@link taskCpuMs} (an eighth with two threads). A
   * thread handed an empty or token chunk is busy for no one.
   */
  readonly sharingThreads: number;
  /** Threads the pools started, busy or not. */
  readonly threads: number;
  /** Threads that have not exited. */
  readonly aliveThreads: number;
  /** CPU time of every finished task, all threads, in ms. */
  readonly taskCpuMs: number;
  /** The busiest thread's part of {@link taskCpuMs} (1 when one thread did everything; NaN with no work). */
  readonly largestShare: number;
  /** The most tasks ever waiting in one pool's queue (see {@link PoolRecord.peakQueued}). */
  readonly peakQueued: number;
  readonly text: string;
}

/** Summarises {@link tinypoolLog}; a thread counts as busy after `busyMs` of CPU time in its tasks. */
export function summariseTinypool(busyMs = 20): TinypoolSummary {
  const threads = tinypoolLog.flatMap((pool) => [...pool.threads.values()]);
  const busy = threads.filter((thread) => thread.cpuMs >= busyMs);
  const tasks = tinypoolLog.reduce((total, pool) => total + pool.tasks, 0);
  const taskCpuMs = threads.reduce((total, thread) => total + thread.cpuMs, 0);
  const largest = Math.max(0, ...threads.map((thread) => thread.cpuMs));
  const working = threads.filter((thread) => thread.tasks > 0).length;
  const fairShare = working > 0 ? taskCpuMs / working : 0;
  const sharing = busy.filter((thread) => thread.cpuMs >= fairShare / 4);
  const unit = cpuMeasured ? 'CPU' : 'on the thread';
  const perThread = threads.map(
    (thread) =>
      `thread ${thread.threadId}: ${thread.tasks} task(s), ${Math.round(thread.cpuMs)} ms ${unit}` +
      (thread.exited ? '' : ', alive'),
  );
  const text =
    tinypoolLog.length === 0
      ? 'no Tinypool was made'
      : `${tinypoolLog.length} Tinypool(s), ${tasks} task(s), ${busy.length} of ${threads.length} thread(s) busy, ${sharing.length} sharing the work` +
        (perThread.length > 0 ? ` (${perThread.join('; ')})` : '');
  return {
    pools: tinypoolLog.length,
    tasks,
    busyThreads: busy.length,
    sharingThreads: sharing.length,
    threads: threads.length,
    aliveThreads: threads.filter((thread) => !thread.exited).length,
    taskCpuMs,
    largestShare: taskCpuMs > 0 ? largest / taskCpuMs : Number.NaN,
    peakQueued: Math.max(0, ...tinypoolLog.map((pool) => pool.peakQueued)),
    text,
  };
}
