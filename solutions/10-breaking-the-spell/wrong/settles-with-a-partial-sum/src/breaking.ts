// Wrong on purpose: when the deadline passes or the signal is aborted it stops
// the copies properly, but then resolves with the sum of the chunks that were
// done, as if a broken spell were a finished one.
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import type { BreakOptions } from '../../../src/breaking.ts';

export type { BreakOptions } from '../../../src/breaking.ts';

export async function sumPrimesWithDeadline(limit: number, options: BreakOptions = {}): Promise<number> {
  const copies = options.copies ?? os.availableParallelism();
  if (!Number.isInteger(limit) || limit < 0 || limit > 500_000_000) throw new RangeError('bad limit');
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError('bad copies');
  const { deadlineMs, signal } = options;
  if (deadlineMs !== undefined && !(deadlineMs >= 0 && Number.isFinite(deadlineMs))) {
    throw new RangeError('bad deadline');
  }
  if (signal?.aborted) throw new DOMException('aborted', 'AbortError');

  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = deadlineMs === undefined ? undefined : setTimeout(onAbort, deadlineMs);
  const pool = new Tinypool({
    filename: tsWorker(new URL('../../../src/sum-range-worker.ts', import.meta.url)),
    minThreads: copies,
    maxThreads: copies,
  });
  const chunks = copies * 8;
  let partial = 0;
  try {
    const done = Promise.all(
      Array.from({ length: chunks }, async (_, i) => {
        const range = [Math.floor((limit * i) / chunks), Math.floor((limit * (i + 1)) / chunks)];
        partial += (await pool.run(range, { signal: stop.signal })) as number;
      }),
    );
    done.catch(() => undefined);
    const stopped = new Promise<'stopped'>((resolve) =>
      stop.signal.addEventListener('abort', () => resolve('stopped'), { once: true }),
    );
    await Promise.race([done, stopped]);
    return partial;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
}
