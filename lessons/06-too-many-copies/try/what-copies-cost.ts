/**
 * What extra copies cost, measured on your machine. For each number of
 * copies, the same sum of primes is timed on a **cold** pool (made for the
 * run and destroyed after it, as `measureCopies` does) and on a **warm** one
 * (made and used once beforehand), and while the warm copies compute, the
 * main thread's event loop is watched with `monitorEventLoopDelay`: how late
 * a 1 ms timer fires when the busy threads outnumber the cores.
 *
 * Run it in this folder, once `splitRange` passes its tests:
 *
 * ```sh
 * pnpm what-copies-cost                 # primes below 10 000 000; 1, 2, 4 and 8 copies
 * pnpm what-copies-cost 5000000 1 2 3   # a limit, then the counts
 * ```
 *
 * The command starts Node through `run.mjs`, which loads TypeScript in the
 * main thread only, so that each worker starts as in a plain Node program.
 * `pnpm bench:chapters` at the repository root runs the same measurement
 * with the reference solution for the table in the chapter.
 *
 * @module
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tsWorker } from '@spellbook/ts-worker';
import { Tinypool } from 'tinypool';

/** One count of copies, measured. */
export interface CopiesCost {
  readonly copies: number;
  /** Median time on a pool made for the run and destroyed after it. */
  readonly coldMs: number;
  /** Median time on a pool made and used beforehand. */
  readonly warmMs: number;
  /** How late a 1 ms timer on the main thread fired while the warm copies computed: median, 99th percentile, worst. */
  readonly delayMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

/** How the sum is cut: the chapter's `splitRange`. */
export type Split = (limit: number, chunks: number) => Array<[from: number, to: number]>;

/** The interval of the main thread's watching timer. */
const RESOLUTION_MS = 1;

const WORKER = tsWorker(new URL('../src/sum-range-worker.ts', import.meta.url));

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

async function sumOn(pool: Tinypool, ranges: ReadonlyArray<[number, number]>): Promise<number> {
  const parts = (await Promise.all(ranges.map((range) => pool.run(range)))) as number[];
  return parts.reduce((total, part) => total + part, 0);
}

/** Measures each count in `counts` (interleaved, `repeats` times each, medians reported). */
export async function whatCopiesCost(options: {
  readonly limit: number;
  readonly counts: readonly number[];
  readonly split: Split;
  readonly repeats?: number;
}): Promise<CopiesCost[]> {
  const { limit, counts, split, repeats = 3 } = options;
  const runs = new Map(
    counts.map((copies) => [
      copies,
      {
        cold: [] as number[],
        warm: [] as number[],
        p50: [] as number[],
        p99: [] as number[],
        max: [] as number[],
      },
    ]),
  );
  const warmPools = new Map(
    counts.map((copies) => [
      copies,
      new Tinypool({ filename: WORKER, minThreads: copies, maxThreads: copies }),
    ]),
  );
  try {
    // Warm every pool: each thread loads the worker and compiles the sum once.
    for (const [copies, pool] of warmPools) await sumOn(pool, split(Math.min(limit, 2_000_000), copies * 8));
    for (let round = 0; round < repeats; round += 1) {
      for (const copies of counts) {
        const ranges = split(limit, copies * 8);
        const seen = runs.get(copies);
        const warmPool = warmPools.get(copies);
        if (!seen || !warmPool) continue;

        let started = performance.now();
        const cold = new Tinypool({ filename: WORKER, minThreads: copies, maxThreads: copies });
        try {
          await sumOn(cold, ranges);
        } finally {
          await cold.destroy();
        }
        seen.cold.push(performance.now() - started);

        const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
        delay.enable();
        started = performance.now();
        await sumOn(warmPool, ranges);
        seen.warm.push(performance.now() - started);
        delay.disable();
        // The histogram holds the time between ticks; the lateness is what exceeds the interval.
        const late = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
        seen.p50.push(late(delay.percentile(50)));
        seen.p99.push(late(delay.percentile(99)));
        seen.max.push(late(delay.max));
      }
    }
  } finally {
    await Promise.all([...warmPools.values()].map((pool) => pool.destroy()));
  }
  return counts.map((copies) => {
    const seen = runs.get(copies);
    return {
      copies,
      coldMs: median(seen?.cold ?? []),
      warmMs: median(seen?.warm ?? []),
      delayMs: { p50: median(seen?.p50 ?? []), p99: median(seen?.p99 ?? []), max: median(seen?.max ?? []) },
    };
  });
}

/** The rows as a Markdown table. */
export function costTable(rows: readonly CopiesCost[]): string {
  const ms = (value: number) => `${value >= 100 ? Math.round(value) : value.toFixed(1)} ms`;
  return [
    '| copies | cold pool | warm pool | 1 ms timer late by, median | 99th percentile | worst |',
    '| -----: | --------: | --------: | -------------------------: | --------------: | ----: |',
    ...rows.map(
      (row) =>
        `| ${row.copies} | ${ms(row.coldMs)} | ${ms(row.warmMs)} | ${ms(row.delayMs.p50)} | ${ms(row.delayMs.p99)} | ${ms(row.delayMs.max)} |`,
    ),
  ].join('\n');
}

/**
 * The command: reads `[limit] [copies …]`, checks the student's `splitRange`
 * works, measures, and prints the table. Returns the exit code.
 */
export async function main(args: readonly string[]): Promise<number> {
  const [limitArg, ...countArgs] = args;
  const limit = limitArg === undefined ? 10_000_000 : Number(limitArg);
  const counts = countArgs.length > 0 ? countArgs.map(Number) : [1, 2, 4, 8];
  if (
    !Number.isInteger(limit) ||
    limit < 1_000 ||
    limit > 100_000_000 ||
    counts.some((n) => !Number.isInteger(n) || n < 1 || n > 64)
  ) {
    console.error(
      'usage: pnpm what-copies-cost [limit from 1000 to 100000000] [copies …, each from 1 to 64]',
    );
    return 2;
  }
  const { splitRange } = await import('../src/how-many-copies.ts');
  try {
    splitRange(limit, 2);
  } catch (error) {
    console.error(
      `splitRange does not work yet (${(error as Error).message}): finish it first, then measure.`,
    );
    return 1;
  }
  console.log(
    `Primes below ${limit.toLocaleString('en-GB')}, ${os.availableParallelism()} logical CPUs, Node ${process.version}; medians of 3 runs:\n`,
  );
  console.log(costTable(await whatCopiesCost({ limit, counts, split: splitRange })));
  return 0;
}
