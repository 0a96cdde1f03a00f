/**
 * Prime sums: one thread, the async version of chapter 4, and chapter 5's
 * pool with 1 … 4 × cores copies, each with a cold pool (made and destroyed
 * inside the timing, as `sumPrimesInParallel` does) and a warm one (made and
 * warmed up before the timing, the best case for the copies).
 *
 * @module
 */
import os from 'node:os';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';
import { sumPrimesBelow, sumPrimesConcurrently } from '../../../solutions/04-the-curse/src/curse.ts';
import { sumPrimesInParallel } from '../../../solutions/05-the-copying-spell/src/copying-spell.ts';
import { formatCount, formatMs, table, time, type BenchSettings } from '../measure.ts';

/** One prime-sum measurement. */
export interface PrimeRow {
  readonly limit: number;
  readonly way: 'one thread' | 'async parts' | 'copies, cold pool' | 'copies, warm pool';
  readonly copies: number | null;
  readonly ms: number;
  readonly runs: number[];
  readonly cpuShare: number;
  /** One thread's median time ÷ this one's. */
  readonly speedup: number;
}

const workerFile = tsWorker(
  new URL('../../../solutions/05-the-copying-spell/src/prime-worker.ts', import.meta.url),
);

/** The same cut as the reference solution: 8 equal-width chunks per copy. */
function ranges(limit: number, chunks: number): Array<{ from: number; to: number }> {
  return Array.from({ length: chunks }, (_, i) => ({
    from: Math.floor((limit * i) / chunks),
    to: Math.floor((limit * (i + 1)) / chunks),
  }));
}

/** Runs a warm pool's sum: the pool exists and every thread has started before timing. */
async function warmPool(
  copies: number,
): Promise<{ sum: (limit: number) => Promise<number>; close: () => Promise<void> }> {
  const pool = new Tinypool({ filename: workerFile, minThreads: copies, maxThreads: copies });
  await Promise.all(Array.from({ length: copies * 2 }, () => pool.run({ from: 0, to: 1_000 })));
  return {
    sum: async (limit) =>
      ((await Promise.all(ranges(limit, copies * 8).map((range) => pool.run(range)))) as number[]).reduce(
        (a, b) => a + b,
        0,
      ),
    close: () => pool.destroy(),
  };
}

/** The copy counts to try: 1, 2, … up to 4 × cores (a sample of them on bigger machines). */
export function copyCounts(quick: boolean, cores = os.availableParallelism()): number[] {
  const most = 4 * cores;
  if (quick) return [...new Set([1, cores, most])];
  return [...new Set([1, 2, 3, 4, cores, 2 * cores, 3 * cores, most])]
    .filter((n) => n <= most)
    .sort((a, b) => a - b);
}

export async function primesSuite(settings: BenchSettings): Promise<{ rows: PrimeRow[]; markdown: string }> {
  const limits = settings.quick ? [1_000_000, 2_000_000] : [1_000_000, 10_000_000];
  const rows: PrimeRow[] = [];
  for (const limit of limits) {
    const at = formatCount(limit);
    const base = await time(`primes below ${at}, one thread`, () => sumPrimesBelow(limit), settings);
    const row = (way: PrimeRow['way'], copies: number | null, t: typeof base): PrimeRow => ({
      limit,
      way,
      copies,
      ms: t.ms,
      runs: t.runs,
      cpuShare: t.cpuShare,
      speedup: base.ms / t.ms,
    });
    rows.push(row('one thread', null, base));
    rows.push(
      row(
        'async parts',
        null,
        await time(`primes below ${at}, 4 async parts`, () => sumPrimesConcurrently(limit, 4), settings),
      ),
    );
    for (const copies of copyCounts(settings.quick)) {
      rows.push(
        row(
          'copies, cold pool',
          copies,
          await time(
            `primes below ${at}, ${copies} copies, cold pool`,
            () => sumPrimesInParallel(limit, { copies }),
            settings,
          ),
        ),
      );
      const pool = await warmPool(copies);
      rows.push(
        row(
          'copies, warm pool',
          copies,
          await time(`primes below ${at}, ${copies} copies, warm pool`, () => pool.sum(limit), settings),
        ),
      );
      await pool.close();
    }
  }
  const markdown = table(
    ['limit', 'way', 'copies', 'time', 'speed-up', 'CPU ÷ wall'],
    rows.map((r) => [
      formatCount(r.limit),
      r.way,
      r.copies === null ? '' : String(r.copies),
      formatMs(r.ms),
      `${r.speedup.toFixed(2)}×`,
      r.cpuShare.toFixed(2),
    ]),
    ['r', 'l', 'r', 'r', 'r', 'r'],
  );
  return { rows, markdown };
}
