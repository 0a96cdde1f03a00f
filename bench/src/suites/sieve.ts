/**
 * The better spell (chapter 11): trial division against the segmented
 * sieve on one thread, and the sieve shared out among worker threads (a cold
 * pool, as `sumPrimesBelowSieveInParallel` makes one per call). Then the
 * sieve's peak memory, with the sieve in a worker thread.
 *
 * @module
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { peakMemoryGrowth } from '@spellbook/test-kit';
import { sumPrimesBelow } from '../../../solutions/04-the-curse/src/curse.ts';
import {
  sumPrimesBelowSieve,
  sumPrimesBelowSieveInParallel,
} from '../../../solutions/11-the-better-spell/src/sieve.ts';
import { formatCount, formatMs, progress, table, time, type BenchSettings } from '../measure.ts';

/** One sieve measurement. */
export interface SieveRow {
  readonly limit: number;
  readonly way: 'trial division' | 'sieve' | 'sieve, copies';
  readonly copies: number;
  readonly ms: number;
  readonly cpuShare: number;
}

export async function sieveSuite(
  settings: BenchSettings,
): Promise<{ rows: SieveRow[]; memoryMiB: number; markdown: string }> {
  const rows: SieveRow[] = [];
  const cores = os.availableParallelism();
  const copyCounts = [...new Set([2, cores])];
  const limits = settings.quick ? [10_000_000, 100_000_000] : [10_000_000, 100_000_000, 500_000_000];
  for (const limit of limits) {
    // Trial division above 1e7 takes minutes; the sieve's lead is clear without it.
    if (limit <= 10_000_000) {
      const t = await time(
        `primes below ${formatCount(limit)}, trial division`,
        () => sumPrimesBelow(limit),
        settings,
      );
      rows.push({ limit, way: 'trial division', copies: 1, ms: t.ms, cpuShare: t.cpuShare });
    }
    const t = await time(
      `primes below ${formatCount(limit)}, sieve`,
      () => sumPrimesBelowSieve(limit),
      settings,
    );
    rows.push({ limit, way: 'sieve', copies: 1, ms: t.ms, cpuShare: t.cpuShare });
    for (const copies of copyCounts) {
      const p = await time(
        `primes below ${formatCount(limit)}, sieve with ${copies} copies`,
        () => sumPrimesBelowSieveInParallel(limit, { copies }),
        settings,
      );
      rows.push({ limit, way: 'sieve, copies', copies, ms: p.ms, cpuShare: p.cpuShare });
    }
  }

  const memoryLimit = 100_000_000;
  const sieveFile = fileURLToPath(
    new URL('../../../solutions/11-the-better-spell/src/sieve.ts', import.meta.url),
  );
  const { growthBytes } = await peakMemoryGrowth(sieveFile, 'sumPrimesBelowSieve', memoryLimit);
  const memoryMiB = growthBytes / 2 ** 20;
  progress(`sieve below ${formatCount(memoryLimit)}: peak memory grew ${memoryMiB.toFixed(1)} MiB`);

  const sieveAt = (limit: number) =>
    rows.find((r) => r.limit === limit && r.way === 'sieve')?.ms ?? Number.NaN;
  const trialAt = (limit: number) =>
    rows.find((r) => r.limit === limit && r.way === 'trial division')?.ms ?? Number.NaN;
  const markdown = [
    table(
      ['limit', 'way', 'copies', 'time', '× trial division', '× one-thread sieve', 'CPU ÷ wall'],
      rows.map((r) => [
        formatCount(r.limit),
        r.way,
        String(r.copies),
        formatMs(r.ms),
        Number.isNaN(trialAt(r.limit)) ? '' : (trialAt(r.limit) / r.ms).toFixed(1),
        r.way === 'trial division' ? '' : (sieveAt(r.limit) / r.ms).toFixed(2),
        r.cpuShare.toFixed(2),
      ]),
      ['r', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    `Peak memory growth of the one-thread sieve below ${formatCount(memoryLimit)}, run in a worker thread: ${memoryMiB.toFixed(1)} MiB ` +
      `(a plain sieve needs one byte per number: ${Math.round(memoryLimit / 2 ** 20)} MiB).`,
  ].join('\n');
  return { rows, memoryMiB, markdown };
}
