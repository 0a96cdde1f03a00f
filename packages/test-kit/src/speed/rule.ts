/**
 * The sequential rule every speed verdict follows, whatever its bar: how far
 * a ratio must be from its bar to be decided after each round, how many
 * rounds a failure needs, and how much of a gain the CPU clock must confirm.
 * The numbers themselves are the policy's ({@link SPEED}); this module turns
 * them into the questions a bar asks after each round ({@link Round}).
 *
 * @module
 */
import { SPEED } from '../policy.ts';

/** {@link SPEED}'s sequential margins: how far a ratio must be from its bar to be decided after 1, 2, 3 … rounds. */
export const SEQUENTIAL_MARGINS: readonly number[] = SPEED.sequentialMargins;

/** {@link SPEED}'s rounds measured, at the least, before a failing verdict. */
export const FAIL_AFTER_ROUNDS = SPEED.failAfterRounds;

/**
 * For CPU-bound work, how far below the bar S must be for a failure before
 * {@link FAIL_AFTER_ROUNDS} rounds (S × 1.3 < bar), with the CPU clock
 * agreeing. One slow one-thread run can lower S, but not the CPU ÷ wall of
 * threads that really compute together.
 */
export const EARLY_FAIL_MARGIN = SPEED.earlyFailMargin;

/** How much of a measured gain over one thread the CPU clock must confirm (see {@link cpuShareNeeded}). */
export const CPU_CONFIRMATION = SPEED.cpuConfirmation;

/**
 * The CPU ÷ wall a CPU-bound candidate needs to pass with a measured
 * speed-up of `speedup`× (cut to `ceiling`, the most the work can truly gain):
 * 1 + (S − 1) × `SPEED.cpuConfirmation`. Threads that really compute
 * together use about one thread's CPU in a fraction of the wall time, so
 * their CPU ÷ wall is close to their speed-up; one thread stays near 1
 * however slow the one-thread runs it is compared with happened to be.
 */
export function cpuShareNeeded(speedup: number, ceiling = Infinity): number {
  return 1 + Math.max(0, Math.min(speedup, ceiling) - 1) * CPU_CONFIRMATION;
}

/** What a round can decide: a verdict, or "measure another round". */
export type Decision = 'pass' | 'fail' | 'inconclusive' | 'undecided';

/** What the CPU clock says of the candidate, for CPU-bound work. */
export interface CpuEvidence {
  /** The candidate's median CPU ÷ wall. */
  readonly share: number;
  /** The most the work can truly gain (see `CalibratedOptions.ceiling`). */
  readonly ceiling?: number;
  /** With an `atMost` bar: one thread's CPU time ÷ the candidate's wall time. */
  readonly clockSpeedup?: number;
}

/** Where a comparison stands after a round, and the tests the margin for that round allows. */
export interface Round {
  /** The last round: the margin is 0 and every question is decided on the medians alone. */
  readonly final: boolean;
  /** True when `value` is below `limit` by more than this round's margin. */
  clearlyBelow(value: number, limit: number): boolean;
  /** True when `value` is above `limit` by more than this round's margin. */
  clearlyAbove(value: number, limit: number): boolean;
  /**
   * What a failure may be called now: `'fail'` once {@link FAIL_AFTER_ROUNDS}
   * rounds (or the last) are measured, so that one run slowed by the machine
   * never fails a student on its own; `'undecided'` before.
   */
  readonly failing: Decision;
}

/** The {@link Round} after `round` of `maxRounds` rounds. */
export function roundAfter(round: number, maxRounds: number): Round {
  const final = round >= maxRounds;
  const margin = final ? 0 : (SEQUENTIAL_MARGINS[round - 1] ?? 0);
  return {
    final,
    clearlyBelow: (value, limit) => value * (1 + margin) < limit,
    clearlyAbove: (value, limit) => value > limit * (1 + margin),
    failing: final || round >= FAIL_AFTER_ROUNDS ? 'fail' : 'undecided',
  };
}
