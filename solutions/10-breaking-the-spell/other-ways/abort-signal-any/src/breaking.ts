// Correct, another way: the caller's signal and the deadline become one
// signal with AbortSignal.any and AbortSignal.timeout; the pool's tasks are
// given that signal, and the promise rejects as soon as it aborts.
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import type { BreakOptions } from '../../../src/breaking.ts';

export type { BreakOptions } from '../../../src/breaking.ts';

export async function sumPrimesWithDeadline(limit: number, options: BreakOptions = {}): Promise<number> {
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) {
    throw new RangeError(`bad limit ${limit}`);
  }
  const copies = options.copies ?? os.availableParallelism();
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError(`bad copies ${copies}`);
  const { deadlineMs, signal } = options;
  // AbortSignal.timeout takes a whole number up to 2^32 - 1, but Node's timers keep no more than 2^31 - 1 ms.
  if (
    deadlineMs !== undefined &&
    !(Number.isInteger(deadlineMs) && deadlineMs >= 0 && deadlineMs < 2 ** 31)
  ) {
    throw new RangeError(`bad deadline ${deadlineMs}`);
  }
  if (signal?.aborted) throw new DOMException('The spell was broken before it began', 'AbortError');
  const sources = [signal, deadlineMs === undefined ? undefined : AbortSignal.timeout(deadlineMs)].filter(
    (source): source is AbortSignal => source !== undefined,
  );
  const stop = AbortSignal.any(sources);
  const pool = new Tinypool({
    filename: tsWorker(new URL('../../../src/sum-range-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  const chunks = copies * 8;
  try {
    const broken = new Promise<never>((_resolve, reject) => {
      stop.addEventListener('abort', () => reject(new DOMException('The spell was broken', 'AbortError')), {
        once: true,
      });
    });
    const sums = Promise.all(
      Array.from({ length: chunks }, (_, i) =>
        pool.run([Math.floor((limit * i) / chunks), Math.floor((limit * (i + 1)) / chunks)], {
          signal: stop,
        }),
      ),
    );
    sums.catch(() => undefined);
    const parts = (await Promise.race([sums, broken])) as number[];
    return parts.reduce((total, part) => total + part, 0);
  } finally {
    await pool.destroy();
  }
}
