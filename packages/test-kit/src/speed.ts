/**
 * Comparing the speed of two implementations fairly on a small, shared
 * machine:
 *
 * - both run in the same process, in the same test, a moment apart;
 * - a warm-up run of each is thrown away (JIT compilation, first-load costs);
 * - then they take turns (baseline, candidate, baseline, candidate …), so a
 *   slow patch of the machine hurts both alike;
 * - the verdict is the ratio of the medians, which one bad run cannot move;
 * - and the whole comparison is declared *inconclusive* when other processes
 *   kept a good part of a core busy meanwhile, instead of blaming the code.
 *
 * @module
 */
import { availableCores, measureRun } from './clocks.ts';
import { watchLoad } from './machine.ts';

/** What one comparison found. */
export interface SpeedComparison {
  /** Wall times of the measured baseline runs, in ms (warm-ups excluded). */
  readonly baselineMs: number[];
  /** Wall times of the measured candidate runs, in ms. */
  readonly candidateMs: number[];
  /** median(baseline) ÷ median(candidate): above 1 means the candidate is faster. */
  readonly speedup: number;
  /** The candidate's median CPU time ÷ wall time: near 1 on one thread, near N with N busy threads. */
  readonly candidateCpuShare: number;
  /** How many cores other processes kept busy, on average, while this was measured. */
  readonly foreignCores: number;
  /** True when `foreignCores` was too high for the figures to mean anything. */
  readonly busy: boolean;
}

/** Options for {@link compareSpeed}. */
export interface CompareOptions {
  /** The reference: usually the single-threaded way. */
  readonly baseline: () => unknown;
  /** The code under test. */
  readonly candidate: () => unknown;
  /** Measured runs of each (default 3). */
  readonly repeats?: number;
  /** Discarded runs of each before measuring (default 1). */
  readonly warmups?: number;
  /** Foreign load, in cores, above which the result is called busy (default 0.35). */
  readonly busyAbove?: number;
}

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Compares `candidate` with `baseline` once: warm-ups, then interleaved repeats. */
export async function compareSpeed(options: CompareOptions): Promise<SpeedComparison> {
  const { baseline, candidate, repeats = 3, warmups = 1, busyAbove = 0.35 } = options;
  for (let i = 0; i < warmups; i += 1) {
    await baseline();
    await candidate();
  }
  const baselineMs: number[] = [];
  const candidateMs: number[] = [];
  const candidateShares: number[] = [];
  const watch = watchLoad();
  for (let i = 0; i < repeats; i += 1) {
    baselineMs.push((await measureRun(baseline)).wallMs);
    const run = await measureRun(candidate);
    candidateMs.push(run.wallMs);
    candidateShares.push(run.cpuMs / run.wallMs);
  }
  const { foreignCores } = watch.stop();
  return {
    baselineMs,
    candidateMs,
    speedup: median(baselineMs) / median(candidateMs),
    candidateCpuShare: median(candidateShares),
    foreignCores,
    busy: foreignCores > busyAbove,
  };
}

/** A comparison that may have been tried more than once. */
export interface PatientComparison extends SpeedComparison {
  /** How many comparisons were made (1 when the machine was quiet the first time). */
  readonly attempts: number;
  /** True when every attempt found the machine busy: no verdict can be given. */
  readonly inconclusive: boolean;
}

/**
 * {@link compareSpeed}, tried again (up to `attempts` times) while the machine
 * is busy. Gives the last comparison, marked inconclusive if it was busy too.
 */
export async function compareSpeedPatiently(
  options: CompareOptions,
  attempts = 3,
): Promise<PatientComparison> {
  let result = await compareSpeed(options);
  let made = 1;
  while (result.busy && made < attempts) {
    // Give whatever is running a moment to finish before trying again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    result = await compareSpeed(options);
    made += 1;
  }
  return { ...result, attempts: made, inconclusive: result.busy };
}

/**
 * The speed-up a parallel solution must reach: `perCore` × min(cores,
 * copies). On 2 cores with 2 or more copies that is 1.5×; it grows with the
 * machine, so a 16-core machine asks for more than a laptop.
 */
export function expectedSpeedup(copies: number, perCore = 0.75, cores: number = availableCores()): number {
  return perCore * Math.min(cores, copies);
}

/** Formats a comparison for a failure message. */
export function describeComparison(result: SpeedComparison): string {
  const list = (values: number[]): string => values.map((ms) => `${Math.round(ms)}`).join(', ');
  return [
    `baseline runs: ${list(result.baselineMs)} ms (median ${Math.round(median(result.baselineMs))})`,
    `your runs:     ${list(result.candidateMs)} ms (median ${Math.round(median(result.candidateMs))})`,
    `speed-up ${result.speedup.toFixed(2)}×, CPU ÷ wall ${result.candidateCpuShare.toFixed(2)}, ` +
      `other processes used ${result.foreignCores.toFixed(2)} cores meanwhile`,
  ].join('\n');
}
