/**
 * Watching Tinypool at run time. A lesson's test replaces the `tinypool`
 * module, for the exercise only, with the same module whose `Tinypool` class
 * records what it does: the pools made, the tasks run, and for every worker
 * thread how long it spent working. "Uses tinypool on several threads" is then
 * something the test saw happen, not something it read in the source.
 *
 * ```ts
 * vi.mock('tinypool', async (importOriginal) =>
 *   (await import('@spellbook/test-kit')).spyOnTinypool(await importOriginal()),
 * );
 * ```
 *
 * @module
 */
import type { Worker } from 'node:worker_threads';

/** What one worker thread of a pool did. */
export interface ThreadRecord {
  readonly threadId: number;
  /** Milliseconds the thread's event loop was busy, when last looked at. */
  activeMs: number;
  /** True once the thread has exited. */
  exited: boolean;
}

/** What one Tinypool instance did. */
export interface PoolRecord {
  readonly minThreads: number | undefined;
  readonly maxThreads: number | undefined;
  /** How many times `run` was called. */
  tasks: number;
  /** True once `destroy()` has finished. */
  destroyed: boolean;
  readonly threads: Map<Worker, ThreadRecord>;
}

/** Everything the spy has seen since the last {@link resetTinypoolLog}. */
export const tinypoolLog: PoolRecord[] = [];

/** Forgets every pool seen so far (call before the code under test runs). */
export function resetTinypoolLog(): void {
  tinypoolLog.length = 0;
}

interface TinypoolLike {
  readonly threads: ReadonlyArray<{ threadId: number; thread?: Worker }>;
  run(task: unknown, options?: unknown): Promise<unknown>;
  destroy(): Promise<void>;
}
type TinypoolClass = new (options?: { minThreads?: number; maxThreads?: number }) => TinypoolLike;

function activeMs(worker: Worker): number | undefined {
  try {
    return worker.performance.eventLoopUtilization().active;
  } catch {
    return undefined; // the thread is gone
  }
}

/** Notes the pool's current threads and how much each has worked. */
function look(record: PoolRecord, pool: TinypoolLike): void {
  for (const { threadId, thread } of pool.threads) {
    if (!thread) continue;
    if (record.threads.has(thread)) continue;
    const fresh: ThreadRecord = { threadId, activeMs: 0, exited: false };
    thread.once('exit', () => {
      fresh.exited = true;
    });
    record.threads.set(thread, fresh);
  }
  for (const [thread, seen] of record.threads) {
    const active = seen.exited ? undefined : activeMs(thread);
    if (active !== undefined) seen.activeMs = active;
  }
}

/**
 * The `tinypool` module with its `Tinypool` class (named and default export)
 * replaced by one that records into {@link tinypoolLog}.
 */
export function spyOnTinypool<M extends { Tinypool: unknown }>(original: M): M {
  const Original = original.Tinypool as TinypoolClass;
  class WatchedTinypool extends Original {
    readonly #record: PoolRecord;

    constructor(options?: { minThreads?: number; maxThreads?: number }) {
      super(options);
      this.#record = {
        minThreads: options?.minThreads,
        maxThreads: options?.maxThreads,
        tasks: 0,
        destroyed: false,
        threads: new Map(),
      };
      tinypoolLog.push(this.#record);
      look(this.#record, this);
    }

    override async run(task: unknown, options?: unknown): Promise<unknown> {
      this.#record.tasks += 1;
      look(this.#record, this);
      try {
        return await super.run(task, options);
      } finally {
        look(this.#record, this);
      }
    }

    override async destroy(): Promise<void> {
      look(this.#record, this);
      await super.destroy();
      this.#record.destroyed = true;
    }
  }
  return { ...original, Tinypool: WatchedTinypool, default: WatchedTinypool };
}

/** A summary of the pools seen: for test messages and assertions. */
export interface TinypoolSummary {
  readonly pools: number;
  readonly tasks: number;
  /** Threads that spent at least `busyMs` working. */
  readonly busyThreads: number;
  /** Threads the pools started, busy or not. */
  readonly threads: number;
  /** Threads that have not exited. */
  readonly aliveThreads: number;
  readonly text: string;
}

/** Summarises {@link tinypoolLog}; a thread counts as busy after `busyMs` of work. */
export function summariseTinypool(busyMs = 20): TinypoolSummary {
  const threads = tinypoolLog.flatMap((pool) => [...pool.threads.values()]);
  const busy = threads.filter((thread) => thread.activeMs >= busyMs);
  const tasks = tinypoolLog.reduce((total, pool) => total + pool.tasks, 0);
  const perThread = threads.map(
    (thread) => `thread ${thread.threadId}: ${Math.round(thread.activeMs)} ms busy`,
  );
  const text =
    tinypoolLog.length === 0
      ? 'no Tinypool was made'
      : `${tinypoolLog.length} Tinypool(s), ${tasks} task(s), ${busy.length} of ${threads.length} thread(s) busy` +
        (perThread.length > 0 ? ` (${perThread.join('; ')})` : '');
  return {
    pools: tinypoolLog.length,
    tasks,
    busyThreads: busy.length,
    threads: threads.length,
    aliveThreads: threads.filter((thread) => !thread.exited).length,
    text,
  };
}
