import * as tinypoolModule from 'tinypool';
import { afterEach, expect, test } from 'vitest';
import { threadCpuSource } from '../src/probe/thread-cpu.mjs';
import {
  cpuMeasured,
  FAILED_TASK_MESSAGE,
  failTask,
  resetTinypoolLog,
  spyOnTinypool,
  summariseTinypool,
  tinypoolLog,
} from '../src/tinypool-spy.ts';

const { Tinypool } = spyOnTinypool(tinypoolModule);
const worker = new URL('./fixtures/spin-worker.mjs', import.meta.url);

afterEach(() => resetTinypoolLog());

test('a 400 ms task on one worker and an empty one on the other: one busy thread, measured inside it', async () => {
  const pool = new Tinypool({ filename: worker, minThreads: 2, maxThreads: 2 });
  try {
    // Let both threads start and sit idle in Atomics.wait, which event-loop
    // utilisation would count as busy.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answers = (await Promise.all([pool.run({ ms: 400 }), pool.run({ ms: 0 })])) as {
      threadId: number;
    }[];
    expect(new Set(answers.map((answer) => answer.threadId)).size, 'two threads ran the two tasks').toBe(2);
    const seen = summariseTinypool(20);
    const threads = [...(tinypoolLog[0]?.threads.values() ?? [])].sort((a, b) => b.cpuMs - a.cpuMs);
    console.info(`the spy saw (${threadCpuSource}): ${seen.text}`);
    expect(seen.busyThreads, seen.text).toBe(1);
    expect(threads[0]?.cpuMs, seen.text).toBeGreaterThanOrEqual(380);
    expect(threads[1]?.cpuMs, seen.text).toBeLessThan(20);
    expect(threads[0]?.threadId, 'the busy record names the thread that did the work').toBe(
      answers[0]?.threadId,
    );
    expect(seen.largestShare).toBeGreaterThan(0.95);
    expect(seen.tasks).toBe(2);
  } finally {
    await pool.destroy();
  }
  expect(summariseTinypool().aliveThreads).toBe(0);
  expect(tinypoolLog[0]?.destroyed).toBe(true);
});

test('CPU is measured per thread wherever the platform can', () => {
  expect(cpuMeasured).toBe(threadCpuSource !== 'none');
  if (process.platform === 'linux') expect(threadCpuSource).not.toBe('none');
});

test('named exports, per-run filenames and moved buffers work as without the spy', async () => {
  const pool = new Tinypool({ maxThreads: 1 });
  try {
    const buffer = new ArrayBuffer(1024);
    const kept = (await pool.run(Tinypool.move(buffer), { filename: worker.href, name: 'keep' })) as {
      bytes: number;
    };
    expect(kept.bytes, 'the worker got the whole buffer').toBe(1024);
    expect(buffer.byteLength, 'moved, so detached here').toBe(0);
    const other = new ArrayBuffer(16);
    await pool.run(other, { filename: worker, name: 'keep', transferList: [other] });
    expect(other.byteLength).toBe(0);
  } finally {
    await pool.destroy();
  }
  expect(tinypoolLog[0]?.taskRecords).toHaveLength(2);
});

test('failTask: the nth task handed out from then on, over every pool, throws in its worker instead of running', async () => {
  const first = new Tinypool({ filename: worker, maxThreads: 1 });
  const second = new Tinypool({ filename: worker, maxThreads: 1 });
  try {
    failTask(3);
    const settled = await Promise.allSettled([
      first.run({ ms: 0 }),
      first.run({ ms: 0 }),
      second.run({ ms: 0 }),
      second.run({ ms: 0 }),
    ]);
    expect(settled.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    const failure = settled[2]?.status === 'rejected' ? (settled[2].reason as Error) : undefined;
    expect(failure?.message).toBe(FAILED_TASK_MESSAGE);
    expect(tinypoolLog.map((pool) => pool.failedTasks)).toEqual([0, 1]);
    expect(
      tinypoolLog[1]?.taskRecords,
      'the failed task ran nothing, so no thread is credited with it',
    ).toHaveLength(1);
    // Once delivered, it is spent; and a reset forgets one not yet delivered.
    await expect(second.run({ ms: 0 })).resolves.toBeDefined();
    failTask(1, 'never delivered');
    resetTinypoolLog();
    await expect(first.run({ ms: 0 })).resolves.toBeDefined();
  } finally {
    await Promise.all([first.destroy(), second.destroy()]);
  }
  expect(() => failTask(0)).toThrow(RangeError);
});

test('a worker file without the named task function fails as Tinypool would', async () => {
  const pool = new Tinypool({ filename: worker, maxThreads: 1 });
  try {
    await expect(pool.run({}, { name: 'absent' })).rejects.toThrow(/absent/);
  } finally {
    await pool.destroy();
  }
});

test("the queue's peak: four tasks at once on one ready thread leave three waiting; each finished task says when", async () => {
  const pool = new Tinypool({ filename: worker, minThreads: 1, maxThreads: 1 });
  try {
    // Wait until the thread is ready: while it starts, Tinypool counts it as room.
    await pool.run({ ms: 0 });
    const before = performance.now();
    await Promise.all([0, 1, 2, 3].map(() => pool.run({ ms: 20 })));
    const seen = summariseTinypool();
    expect(seen.peakQueued, seen.text).toBe(3);
    const ends = tinypoolLog[0]?.taskRecords.slice(1).map((task) => task.endedAt) ?? [];
    expect(ends).toHaveLength(4);
    expect(
      ends.every((end) => end > before),
      'ended after they were handed in',
    ).toBe(true);
    expect(
      [...ends].sort((a, b) => a - b),
      'recorded in the order they ended',
    ).toEqual(ends);
  } finally {
    await pool.destroy();
  }
});
