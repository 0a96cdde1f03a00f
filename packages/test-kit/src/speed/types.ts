/**
 * The speed verdict's contract: what a comparison is given
 * ({@link CalibratedOptions}) and what it answers ({@link CalibratedVerdict}).
 * Nothing here runs.
 *
 * @module
 */
import type { EffectiveCores } from '../cores.ts';
import type { SpeedBar } from './bars.ts';

/** Options for `judgeSpeedup`. */
export interface CalibratedOptions {
  /** The one-thread run both speed-ups are measured against. */
  readonly baseline: () => unknown;
  /** The code under test. */
  readonly candidate: () => unknown;
  /**
   * The test kit's trusted implementation of the same work, on copies. Leave
   * it out only for a claim any single thread can check — "no faster than
   * one thread" (`atMost`), or one algorithm against another on this thread
   * (`atLeast` with its floor alone as the bar): then no R is measured.
   */
  readonly reference?: () => unknown;
  /**
   * The reference's own one-thread run, when `baseline` is the student's
   * (lesson 11 compares the student's sieve with their own parallel sieve,
   * and the kit's with the kit's). Default: `baseline`.
   */
  readonly referenceBaseline?: () => unknown;
  /**
   * CPU-bound work (the prime sums): a pass also needs the candidate's CPU ÷
   * wall to reach `cpuShareNeeded`, and with an `atMost` bar a failure
   * needs {@link CalibratedVerdict.cpuClockSpeedup} above the bar too. Leave
   * it out for waiting work (chapter 7), whose copies gain without computing.
   */
  readonly cpuBound?: boolean;
  /** More runs to time in every round (after the others), reported in `runs.extra`; not part of the verdict. */
  readonly extra?: Readonly<Record<string, () => unknown>>;
  /** Default `PARALLEL_BAR`. */
  readonly bar?: SpeedBar;
  /**
   * The most the reference can truly gain: for CPU-bound work on N copies,
   * N (or the logical CPUs, if fewer). A higher measured R is a slow moment
   * of the one-thread run, not capacity, and is cut to this. Default: no cap
   * (waiting work, as in chapter 7, can gain more than the cores).
   */
  readonly ceiling?: number;
  /** Below this reference speed-up no parallel verdict is given (default `SPEED`.minReference, 1.3). */
  readonly minReference?: number;
  /** Rounds at most (default `SPEED`.maxRounds, 4); fewer when the verdict is clear early. */
  readonly maxRounds?: number;
  /** Foreign load, in cores, above which a comparison is called busy (default `MACHINE_LOAD`.busyForComparison, 0.35). */
  readonly busyAbove?: number;
  /** Comparisons made at most while the machine is busy (default `SPEED`.attempts, 3). */
  readonly attempts?: number;
}

/** The wall times of every measured run, in ms, by arm. */
export interface CalibratedRuns {
  readonly baseline: number[];
  readonly reference: number[];
  readonly candidate: number[];
  readonly referenceBaseline: number[];
  readonly extra: Record<string, number[]>;
}

/** What `judgeSpeedup` decided, with its evidence. */
export interface CalibratedVerdict {
  readonly outcome: 'pass' | 'fail' | 'inconclusive';
  /** S: median(baseline) ÷ median(candidate). */
  readonly speedup: number;
  /**
   * With `cpuBound` and an `atMost` bar: median(baseline's CPU time) ÷
   * median(candidate's wall time), the gain over what one thread's work
   * costs when the machine does not keep it waiting. NaN otherwise.
   */
  readonly cpuClockSpeedup: number;
  /** R: median(reference baseline) ÷ median(reference); NaN when no reference was measured. */
  readonly referenceSpeedup: number;
  /** The bar S was held to: the least S allowed, or with `atMost` the most. */
  readonly required: number;
  /** True when `required` is a maximum (the `atMost` bar). */
  readonly atMost: boolean;
  /** Rounds measured in the last attempt. */
  readonly rounds: number;
  /** Comparisons made (more than 1 when the machine was busy, or a failure near the bar was measured again). */
  readonly attempts: number;
  readonly runs: CalibratedRuns;
  /** Median CPU time ÷ wall time of the candidate's runs: about the number of threads computing at once. */
  readonly candidateCpuShare: number;
  /** With `cpuBound` and an `atLeast` bar, the CPU ÷ wall a pass at the measured S needed (`cpuShareNeeded`); NaN otherwise. */
  readonly cpuShareNeeded: number;
  /** The same for the reference's runs. */
  readonly referenceCpuShare: number;
  /** Median CPU time of one candidate run, all threads, in ms. */
  readonly candidateCpuMs: number;
  /** Median CPU time of one reference run, all threads, in ms. */
  readonly referenceCpuMs: number;
  /** Cores' worth of CPU other processes used meanwhile. */
  readonly foreignCores: number;
  readonly cores: EffectiveCores;
  /** With `inconclusive`: why, in words, with the cause the kit could name. */
  readonly reason?: string;
  /** The figures, for a failure message. */
  readonly detail: string;
}
