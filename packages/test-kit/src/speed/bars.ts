/**
 * The two kinds of bar a speed-up can be held to, as two implementations of
 * one small interface ({@link BarRule}): what the bar is for a measured R,
 * one round's decision, which failures are measured again, and how the bar
 * is worded. The rest of the verdict asks the bar and never looks at its
 * kind, so a third kind would be one more implementation here.
 *
 * @module
 */
import { SPEED } from '../policy.ts';
import {
  cpuShareNeeded,
  EARLY_FAIL_MARGIN,
  SEQUENTIAL_MARGINS,
  type CpuEvidence,
  type Decision,
  type Round,
} from './rule.ts';

/** What the candidate's speed-up is held to. */
export type SpeedBar =
  /** S ≥ max(floor, fraction × R): real parallel code, close to what the machine gives. */
  | { readonly atLeast: { readonly fraction: number; readonly floor: number } }
  /** S ≤ limit: the candidate must *not* be faster (chapter 4: async adds no thread). */
  | { readonly atMost: number };

/** The `atLeast` bar's two parts. */
export type AtLeast = Extract<SpeedBar, { atLeast: unknown }>['atLeast'];

/** The default bar: at least 1.15× and at least 80 % of the reference's speed-up. */
export const PARALLEL_BAR: SpeedBar = {
  atLeast: { fraction: SPEED.parallelFraction, floor: SPEED.parallelFloor },
};

/** The figures one round is decided on. */
export interface RoundFigures {
  /** S: the candidate's gain over one thread. */
  readonly speedup: number;
  /** R: the reference's gain, NaN when no reference was measured. */
  readonly referenceSpeedup: number;
  /** For CPU-bound work, what the CPU clock says; undefined otherwise. */
  readonly cpu?: CpuEvidence;
}

/** A failure as {@link BarRule.measuredAgain} sees it. */
export interface FailureFigures {
  readonly speedup: number;
  readonly required: number;
}

/** One kind of bar: everything the verdict needs to know about it. */
export interface BarRule {
  /** True when the bar is a most, not a least. */
  readonly atMost: boolean;
  /** The bar S is held to for a measured R (NaN: no reference measured). */
  required(referenceSpeedup: number): number;
  /** One round's decision on S (R has already been found high enough to judge by). */
  decideRound(figures: RoundFigures, round: Round): Decision;
  /** True for a failure that one slow spell of the machine could explain: it is measured once more. */
  measuredAgain(failure: FailureFigures): boolean;
  /** The bar in words, for the figures shown with a verdict. */
  describe(required: number, referenceSpeedup: number, withReference: boolean): string;
}

/** "At least": S ≥ max(floor, fraction × R), confirmed by the CPU clock for CPU-bound work. */
function atLeastRule(bar: AtLeast): BarRule {
  const required = (referenceSpeedup: number) =>
    Number.isNaN(referenceSpeedup) ? bar.floor : Math.max(bar.floor, bar.fraction * referenceSpeedup);
  return {
    atMost: false,
    required,
    decideRound({ speedup, referenceSpeedup, cpu }, round) {
      const least = required(referenceSpeedup);
      // Below the floor but within `fraction` of what the kit's copies got: the
      // machine gains too little to tell this code from noise (R near the floor).
      const closeToReference = Number.isNaN(referenceSpeedup) ? least : bar.fraction * referenceSpeedup;
      // A wall-clock gain the CPU clock does not show is measured again, and fails after the last round.
      const cpuConfirms = cpu === undefined || cpu.share >= cpuShareNeeded(speedup, cpu.ceiling);
      if (round.final) {
        if (speedup >= least) return cpuConfirms ? 'pass' : 'fail';
        return speedup >= closeToReference ? 'inconclusive' : 'fail';
      }
      if (round.clearlyAbove(speedup, least)) return cpuConfirms ? 'pass' : 'undecided';
      if (!round.clearlyBelow(speedup, closeToReference)) return 'undecided';
      // Code that computes on one thread is told so after one round: both
      // clocks put it far below the bar, which one slow run cannot do.
      const bothClocksFarBelow =
        cpu !== undefined &&
        speedup * (1 + EARLY_FAIL_MARGIN) < closeToReference &&
        cpu.share < cpuShareNeeded(least, cpu.ceiling);
      return bothClocksFarBelow ? 'fail' : round.failing;
    },
    // Within the first round's margin of the bar (a pass by the wall clock the CPU clock did not confirm is one).
    measuredAgain: ({ speedup, required: least }) => speedup * (1 + (SEQUENTIAL_MARGINS[0] ?? 0)) >= least,
    describe: (least, referenceSpeedup, withReference) =>
      `at least ${least.toFixed(2)}×` +
      (withReference
        ? ` (${bar.fraction} × the kit's ${referenceSpeedup.toFixed(2)}×, and never below ${bar.floor}×)`
        : ''),
  };
}

/** "At most": S ≤ limit, and for CPU-bound work "faster" must show in the CPU clock too. */
function atMostRule(limit: number): BarRule {
  return {
    atMost: true,
    required: () => limit,
    decideRound({ speedup, cpu }, round) {
      // Faster only if both clocks say so: a one-thread run the machine kept
      // waiting is slow by the wall clock alone.
      const gain = Math.min(speedup, cpu?.clockSpeedup ?? Infinity);
      if (round.final) return gain <= limit ? 'pass' : 'fail';
      if (round.clearlyBelow(gain, limit)) return 'pass';
      return round.clearlyAbove(gain, limit) ? round.failing : 'undecided';
    },
    // No reference measured beside it absorbs a slow spell of the one-thread runs.
    measuredAgain: () => true,
    describe: (most) => `at most ${most.toFixed(2)}×`,
  };
}

/** The rule for `bar`'s kind. */
export function barRule(bar: SpeedBar): BarRule {
  return 'atMost' in bar ? atMostRule(bar.atMost) : atLeastRule(bar.atLeast);
}

/**
 * True when S fell below the floor but not below `fraction × R`: the machine
 * gave the reference so little that the floor lies within noise of what this
 * work can gain here. Such a verdict is inconclusive, not a failure.
 */
export function belowTheFloorOnly(speedup: number, referenceSpeedup: number, bar: AtLeast): boolean {
  return speedup < bar.floor && speedup >= bar.fraction * referenceSpeedup;
}
